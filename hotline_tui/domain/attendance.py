"""Attendance (考勤): who was due, who came, and the arrival rate the customer pays on.

THE ARRIVAL RULE, stated once (人员到达率, target ≥ 90 % per quarter):
- scheduled: every rota entry (person, date, shift) in the period;
- arrived: those marked 出勤, 迟到, 早退 or 离岗 — they came to the floor,
  however the shift went;
- every other status (事假, 病假, 年假, 调休, 旷工) and a scheduled person not
  marked at all count as not arrived;
- only shifts that have begun count: the rest of a month or quarter is not
  yet scheduled-and-missed;
- rate = arrived ÷ scheduled; a period with nobody scheduled has no rate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.domain.errors import DomainError
from hotline_tui.domain.models import (
    ATTENDANCE_STATUSES,
    Attendance,
    RotaEntry,
    Seat,
    SeatAssignment,
    Staff,
    WorkGroup,
)
from hotline_tui.domain.periods import month_of
from hotline_tui.domain.roster import StaffRow
from hotline_tui.domain.shifts import Shift, describe_day

ARRIVED = frozenset({"出勤", "迟到", "早退", "离岗"})


def marked(rota=RotaEntry):
    """Join condition: the attendance row of a rota entry (same day, shift and person)."""
    return sa.and_(
        Attendance.day == rota.day,
        Attendance.shift_id == rota.shift_id,
        Attendance.staff_id == rota.staff_id,
    )


TARGET = 0.90
ARRIVAL_RULE = (
    "到达率为到岗人次除以排班人次。到岗：出勤、迟到、早退、离岗；"
    "事假、病假、年假、调休、旷工和未标记的排班均算未到岗；尚未开始的班次不计。目标不低于 90%（按季度考核）。"
)
# One character a status, for the monthly sheet (考勤表).
CODES = {
    "出勤": "出", "迟到": "迟", "早退": "早", "离岗": "离", "事假": "事",
    "病假": "病", "年假": "年", "调休": "调", "旷工": "旷",
}  # fmt: skip
UNMARKED_CODE = "？"
ARRIVED_CODES = frozenset(CODES[s] for s in ARRIVED)


@dataclass(frozen=True)
class BoardRow:
    staff_id: int
    staff_no: str
    name: str
    group: str
    group_order: int
    seat: str
    status: str  # "" when not marked
    late_minutes: int
    marked_at: object | None
    marked_by: str

    @property
    def arrived(self) -> bool:
        return self.status in ARRIVED

    @property
    def status_text(self) -> str:
        if self.status == "迟到":
            return f"迟到 {self.late_minutes} 分"
        return self.status or "未标记"


@dataclass(frozen=True)
class Board:
    day: date
    shift: Shift
    rows: list[BoardRow]
    flags: list[str] = field(default_factory=list)

    @property
    def rate(self) -> Rate:
        return Rate(len(self.rows), sum(r.arrived for r in self.rows))


@dataclass(frozen=True)
class Rate:
    scheduled: int
    arrived: int

    @property
    def value(self) -> float | None:
        return None if not self.scheduled else self.arrived / self.scheduled

    @property
    def text(self) -> str:
        if self.value is None:
            return "无排班"
        mark = "达标" if self.value >= TARGET else "未达标"
        return f"{self.arrived}/{self.scheduled} = {self.value:.1%}（{mark}）"


def board(store, day: date, shift: Shift, first_group: str = "") -> Board:
    """Everyone scheduled for the shift with group, seat and status; ``first_group``
    (a team leader's own) is listed first."""
    marker = sa.orm.aliased(Staff)
    with store.read() as session:
        rows = session.execute(
            sa.select(
                Staff.id, Staff.staff_no, Staff.name,
                sa.func.coalesce(WorkGroup.name, ""), sa.func.coalesce(WorkGroup.sort_order, -1),
                sa.func.coalesce(Seat.label, ""), sa.func.coalesce(Attendance.status, ""),
                sa.func.coalesce(Attendance.late_minutes, 0), Attendance.marked_at,
                sa.func.coalesce(marker.name, ""),
            )
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(WorkGroup, WorkGroup.id == Staff.group_id)
            .outerjoin(
                SeatAssignment,
                sa.and_(SeatAssignment.day == day, SeatAssignment.shift_id == shift.id,
                        SeatAssignment.staff_id == Staff.id),
            )
            .outerjoin(Seat, Seat.id == SeatAssignment.seat_id)
            .outerjoin(
                Attendance,
                sa.and_(Attendance.day == day, Attendance.shift_id == shift.id,
                        Attendance.staff_id == Staff.id),
            )
            .outerjoin(marker, marker.id == Attendance.marked_by)
            .where(RotaEntry.day == day, RotaEntry.shift_id == shift.id)
        ).all()  # fmt: skip
        seated_unscheduled = session.execute(
            sa.select(Staff.name, Seat.label)
            .select_from(SeatAssignment)
            .join(Staff, Staff.id == SeatAssignment.staff_id)
            .join(Seat, Seat.id == SeatAssignment.seat_id)
            .where(
                SeatAssignment.day == day,
                SeatAssignment.shift_id == shift.id,
                ~sa.exists().where(
                    RotaEntry.day == day,
                    RotaEntry.shift_id == shift.id,
                    RotaEntry.staff_id == Staff.id,
                ),
            )
        ).all()
    result = [BoardRow(*r) for r in rows]
    result.sort(
        key=lambda r: (r.group != first_group, r.group_order < 0, r.group_order, r.staff_no)
    )
    flags = [
        f"{r.name} 在座位 {r.seat}，但标记为{r.status}"
        for r in result
        if r.seat and r.status and not r.arrived
    ]
    flags += [
        f"{r.name} 已到岗（{r.status}），但没有安排座位" for r in result if r.arrived and not r.seat
    ]
    flags += [f"{name} 在座位 {label}，但不在本班排班中" for name, label in seated_unscheduled]
    flags += absent_streaks(store, day)
    return Board(day, shift, result, flags)


def absent_streaks(store, day: date, length: int = 3) -> list[str]:
    """People marked 旷工 on ``length`` or more consecutive scheduled (and marked) days,
    the streak ending in the week up to ``day``."""
    since = day - timedelta(days=40)
    with store.read() as session:
        rows = session.execute(
            sa.select(Staff.name, RotaEntry.day, Attendance.status)
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(
                Attendance,
                marked(),
            )
            .where(RotaEntry.day >= since, RotaEntry.day <= day)
            .order_by(Staff.staff_no, RotaEntry.day)
        ).all()  # fmt: skip
    streaks: dict[str, tuple[int, date, date]] = {}
    current: dict[str, tuple[int, date | None]] = {}
    for name, d, status in rows:
        if status is None:
            continue  # not marked yet (today's shift, say): neither breaks nor extends a run
        run, start = current.get(name, (0, None))
        if status == "旷工":
            run, start = run + 1, start or d
            if run >= length:
                streaks[name] = (run, start, d)
        else:
            run, start = 0, None
        current[name] = (run, start)
    # A streak stays on the board for a week after its last day, ongoing or not.
    return [
        f"{name} 连续旷工 {run} 个排班日（{start:%m-%d} 至 {end:%m-%d}）"
        for name, (run, start, end) in sorted(streaks.items())
        if end >= day - timedelta(days=7)
    ]


def mark(
    store,
    actor: StaffRow | None,
    day: date,
    shift: Shift,
    staff_no: str,
    status: str,
    arrived_at: pendulum.DateTime | None = None,
) -> None:
    """Mark one scheduled person; 迟到 needs the arrival time, after the shift start."""
    if actor is None:
        raise DomainError("请先登录：考勤记在标记人名下。")
    if status not in ATTENDANCE_STATUSES:
        raise DomainError(f"没有“{status}”这种考勤状态。")
    late = 0
    if status == "迟到":
        start = shift.window(day)[0]
        if arrived_at is None:
            raise DomainError("迟到请填写到岗时间。")
        if arrived_at <= start:
            raise DomainError(
                f"到岗时间 {arrived_at.format('HH:mm')} 不晚于班次开始（{start.format('HH:mm')}），不算迟到。"
            )
        late = int((arrived_at - start).total_seconds() // 60)
    with store.write(actor.id) as tx:
        s = tx.session
        person = s.execute(
            sa.select(Staff.id, Staff.name).where(Staff.staff_no == staff_no)
        ).first()
        if person is None:
            raise DomainError(f"工号 {staff_no} 不存在。")
        on_rota = s.execute(
            sa.select(RotaEntry.id).where(
                RotaEntry.day == day,
                RotaEntry.shift_id == shift.id,
                RotaEntry.staff_id == person[0],
            )
        ).first()
        if on_rota is None:
            raise DomainError(
                f"{person[1]} 不在 {describe_day(day)} {shift.name}的排班中，不能标记考勤。"
            )
        row = s.execute(
            sa.select(Attendance).where(
                Attendance.day == day,
                Attendance.shift_id == shift.id,
                Attendance.staff_id == person[0],
            )
        ).scalar_one_or_none()
        before = None if row is None else {"status": row.status, "late": row.late_minutes}
        if row is None:
            row = Attendance(day=day, shift_id=shift.id, staff_id=person[0], status=status,
                             late_minutes=late, marked_at=tx.now, marked_by=actor.id)  # fmt: skip
            s.add(row)
        else:
            row.status, row.late_minutes, row.marked_at, row.marked_by = (
                status,
                late,
                tx.now,
                actor.id,
            )
        tx.audit("attendance.mark", "attendance", f"{day}/{shift.code}/{staff_no}", before,
                 {"status": status, "late": late})  # fmt: skip


def mark_rest_present(store, actor: StaffRow | None, day: date, shift: Shift) -> int:
    """Everyone scheduled and not marked yet becomes 出勤; returns how many."""
    if actor is None:
        raise DomainError("请先登录：考勤记在标记人名下。")
    with store.write(actor.id) as tx:
        s = tx.session
        unmarked = s.execute(
            sa.select(RotaEntry.staff_id).where(
                RotaEntry.day == day,
                RotaEntry.shift_id == shift.id,
                ~sa.exists().where(
                    Attendance.day == day, Attendance.shift_id == shift.id,
                    Attendance.staff_id == RotaEntry.staff_id,
                ),
            )
        ).scalars().all()  # fmt: skip
        if unmarked:
            s.execute(
                sa.insert(Attendance),
                [{"day": day, "shift_id": shift.id, "staff_id": sid, "status": "出勤", "late_minutes": 0,
                  "marked_at": tx.now, "marked_by": actor.id} for sid in unmarked],
            )  # fmt: skip
        tx.audit(
            "attendance.rest_present",
            "attendance",
            f"{day}/{shift.code}",
            None,
            {"count": len(unmarked)},
        )
        return len(unmarked)


# --- rates ---------------------------------------------------------------------------------


def rates(
    store,
    since: date,
    until: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    shift: Shift | None = None,
) -> dict[str, Rate]:
    """Arrival rate per group and overall ("" key) for the dates, optionally one shift;
    only shifts begun by ``now`` count."""
    arrived = sa.func.sum(sa.case((Attendance.status.in_(tuple(ARRIVED)), 1), else_=0))
    query = (
        sa.select(sa.func.coalesce(WorkGroup.name, "管理人员"), sa.func.count(RotaEntry.id), arrived)
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(WorkGroup, WorkGroup.id == Staff.group_id)
        .outerjoin(
            Attendance,
            marked(),
        )
        .where(RotaEntry.day >= since, RotaEntry.day <= min(until, now.date()))
        .group_by(WorkGroup.name)
        .order_by(sa.func.min(WorkGroup.sort_order))
    )  # fmt: skip
    if shift is not None:
        query = query.where(RotaEntry.shift_id == shift.id)
    today = now.date()
    not_begun = [s.id for s in shifts if s.window(today)[0] > now]
    if not_begun:
        query = query.where(
            sa.not_(sa.and_(RotaEntry.day == today, RotaEntry.shift_id.in_(not_begun)))
        )
    with store.read() as session:
        rows = session.execute(query).all()
    result = {group: Rate(n, int(a or 0)) for group, n, a in rows}
    result[""] = Rate(
        sum(r.scheduled for r in result.values()), sum(r.arrived for r in result.values())
    )
    return result


# --- the monthly sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRow:
    staff_no: str
    name: str
    group: str
    codes: list[str]  # a code a day, "" where not scheduled
    arrived: int
    scheduled: int


def monthly_sheet(
    store, month: date, today: date | None = None
) -> tuple[list[date], list[SheetRow]]:
    """The classic 考勤表: people by days, a status code a cell.

    A person's scheduled count takes the days before ``today`` and any marked
    day, so that the rest of a running month does not count as missed.
    """
    start, end = month_of(month)
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    with store.read() as session:
        rows = session.execute(
            sa.select(
                Staff.staff_no, Staff.name, sa.func.coalesce(WorkGroup.name, ""),
                sa.func.coalesce(WorkGroup.sort_order, 99), RotaEntry.day, Attendance.status,
            )
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(WorkGroup, WorkGroup.id == Staff.group_id)
            .outerjoin(
                Attendance,
                marked(),
            )
            .where(RotaEntry.day >= start, RotaEntry.day <= end)
        ).all()  # fmt: skip
    people: dict[str, dict] = {}
    order: dict[str, tuple] = {}
    cells: dict[str, dict[date, str]] = defaultdict(dict)
    for no, name, group, sort, day, status in rows:
        people[no] = {"name": name, "group": group}
        order[no] = (sort, no)
        cells[no][day] = CODES.get(status, UNMARKED_CODE) if status else UNMARKED_CODE
    sheet = []
    for no in sorted(people, key=lambda n: order[n]):
        codes = [cells[no].get(d, "") for d in days]
        arrived = sum(1 for c in codes if c in ARRIVED_CODES)
        counted = sum(
            1 for d, c in zip(days, codes, strict=True)
            if c and (c != UNMARKED_CODE or today is None or d < today)
        )  # fmt: skip
        sheet.append(SheetRow(no, people[no]["name"], people[no]["group"], codes, arrived, counted))
    return days, sheet
