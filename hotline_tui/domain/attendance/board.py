"""The attendance board of one date and shift, and the flags a chief must see."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Seat,
    SeatAssignment,
    Staff,
    StaffGroup,
    WorkGroup,
)
from hotline_tui.domain.attendance.arrival import marked, probation_on
from hotline_tui.domain.people.roster import member_on
from hotline_tui.model.arrival import ARRIVED, FORMAL_ONLY, ArrivalRule, Rate, shift_rate
from hotline_tui.model.shifts import Shift
from hotline_tui.model.states import AttendanceStatus


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
    marked_at: datetime | None
    marked_by: str
    probation: bool = False  # on probation (试用) that day: the rate may not count them

    @property
    def arrived(self) -> bool:
        return self.status in ARRIVED

    @property
    def status_text(self) -> str:
        if self.status == AttendanceStatus.LATE:
            return f"迟到 {self.late_minutes} 分"
        return self.status or "未标记"


@dataclass(frozen=True)
class Board:
    day: date
    shift: Shift
    rows: list[BoardRow]
    flags: list[str] = field(default_factory=list)
    rule: ArrivalRule = FORMAL_ONLY

    @property
    def counted(self) -> list[BoardRow]:
        """The rows the arrival rate counts."""
        return [r for r in self.rows if self.rule.counts_person(r.probation)]

    def rate_text(self, now: pendulum.DateTime) -> str:
        """The shift's rate, or before it begins, who is expected: no data is not 0 %."""
        starts = self.shift.window(self.day)[0]
        if now < starts:
            return (
                f"{self.shift.name} {starts.format('MM-DD HH:mm')} 开始：应到 {len(self.rows)} 人"
                "（开班后计入到达率）"
            )
        left_out = len(self.rows) - len(self.counted)
        note = f"（试用期 {left_out} 人不计入）" if left_out else ""
        return f"本班 {self.rate_at(now).text}{note}"

    def rate_at(self, now: pendulum.DateTime) -> Rate:
        """The shift's rate at ``now``: while it runs, of those marked so far."""
        starts, ends = self.shift.window(self.day)
        return shift_rate([r.status for r in self.counted], starts <= now < ends)


# The board's statements are built once, with the date and shift as parameters: building
# a select this wide costs more than running it (every handover reads the flags twice).
_DAY = sa.bindparam("day", type_=sa.Date)
_SINCE = sa.bindparam("since", type_=sa.Date)
_SHIFT = sa.bindparam("shift_id", type_=sa.Integer)


@functools.cache
def _rows_query(flagged_only: bool) -> sa.Select[*tuple[Any, ...]]:
    """Everyone on the shift's rota, with group, seat, status and who marked it; with
    ``flagged_only``, only those a flag may name (the Python below decides)."""
    marker = sa.orm.aliased(Staff)
    query = (
        sa.select(
            Staff.id, Staff.staff_no, Staff.name,
            sa.func.coalesce(WorkGroup.name, ""), sa.func.coalesce(WorkGroup.sort_order, -1),
            sa.func.coalesce(Seat.label, ""), sa.func.coalesce(Attendance.status, ""),
            sa.func.coalesce(Attendance.late_minutes, 0), Attendance.marked_at,
            sa.func.coalesce(marker.name, ""), probation_on(_DAY),
        )
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(StaffGroup, member_on(_DAY))
        .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
        .outerjoin(
            SeatAssignment,
            sa.and_(SeatAssignment.day == _DAY, SeatAssignment.shift_id == _SHIFT,
                    SeatAssignment.staff_id == Staff.id),
        )
        .outerjoin(Seat, Seat.id == SeatAssignment.seat_id)
        .outerjoin(
            Attendance,
            sa.and_(Attendance.day == _DAY, Attendance.shift_id == _SHIFT,
                    Attendance.staff_id == Staff.id),
        )
        .outerjoin(marker, marker.id == Attendance.marked_by)
        .where(RotaEntry.day == _DAY, RotaEntry.shift_id == _SHIFT)
    )  # fmt: skip
    if flagged_only:
        query = query.where(
            sa.or_(
                # seated and marked as not come; or come and not seated
                sa.and_(SeatAssignment.id.is_not(None), Attendance.status.not_in(ARRIVED)),
                sa.and_(Attendance.status.in_(ARRIVED), SeatAssignment.id.is_(None)),
            )
        )
    return query


@functools.cache
def _seated_unscheduled() -> sa.Select[*tuple[Any, ...]]:
    return (
        sa.select(Staff.name, Seat.label)
        .select_from(SeatAssignment)
        .join(Staff, Staff.id == SeatAssignment.staff_id)
        .join(Seat, Seat.id == SeatAssignment.seat_id)
        .where(
            SeatAssignment.day == _DAY,
            SeatAssignment.shift_id == _SHIFT,
            ~sa.exists().where(
                RotaEntry.day == _DAY,
                RotaEntry.shift_id == _SHIFT,
                RotaEntry.staff_id == Staff.id,
            ),
        )
    )


def _read(
    store: Store, day: date, shift: Shift, flagged_only: bool, first_group: str
) -> tuple[list[BoardRow], list[str]]:
    """The board's rows (all, or those a flag may name), in board order, and its flags."""
    params = {"day": day, "shift_id": shift.id}
    with store.read() as session:
        rows = session.execute(_rows_query(flagged_only), params).all()
        seated_unscheduled = session.execute(_seated_unscheduled(), params).all()
    # Eleven columns: SQLAlchemy types a row that wide as open-ended, hence the tuple().
    result = [BoardRow(*tuple(r)) for r in rows]
    result.sort(
        key=lambda r: (r.group != first_group, r.group_order < 0, r.group_order, r.staff_no)
    )
    flags = [
        f"{r.name} 在座位 {r.seat}，但标记为{r.status}"
        for r in result
        if r.seat and r.status and not r.arrived
    ]
    flags += [  # a 值班长 on the rota runs the floor without a group's seat
        f"{r.name} 已到岗（{r.status}），但没有安排座位"
        for r in result
        if r.arrived and not r.seat and r.group
    ]
    flags += [f"{name} 在座位 {label}，但不在本班排班中" for name, label in seated_unscheduled]
    flags += absent_streaks(store, day)
    return result, flags


def board_for(
    store: Store, day: date, shift: Shift, first_group: str = "", rule: ArrivalRule = FORMAL_ONLY
) -> Board:
    """Everyone scheduled for the shift with group, seat and status; ``first_group``
    (a team leader's own) is listed first; the rate counts whom ``rule`` counts."""
    rows, flags = _read(store, day, shift, False, first_group)
    return Board(day, shift, rows, flags, rule)


def board_rows(store: Store, day: date, shift: Shift) -> list[BoardRow]:
    """Everyone on the shift's rota with group, seat and status, without the flags: one
    query (the work reports read a board for every shift of every day)."""
    with store.read() as session:
        rows = session.execute(_rows_query(False), {"day": day, "shift_id": shift.id}).all()
    return [BoardRow(*tuple(r)) for r in rows]


def attendance_flags(store: Store, day: date, shift: Shift) -> list[str]:
    """``board_for(...).flags`` without the rest of the board: only the rows a flag may
    name are read (every handover carries the flags, twice; the board has a row a person)."""
    return _read(store, day, shift, True, "")[1]


@functools.cache
def _streak_marks() -> sa.Select[*tuple[Any, ...]]:
    return (
        sa.select(Staff.name, RotaEntry.day, Attendance.status)
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(Attendance, marked())
        .where(
            RotaEntry.day >= _SINCE,
            RotaEntry.day <= _DAY,
            # Only people with a 旷工 in the window can have a streak: a handful of
            # rows, not the whole floor's 40 days (this ran for every handover).
            RotaEntry.staff_id.in_(
                sa.select(Attendance.staff_id).where(
                    Attendance.status == AttendanceStatus.ABSENT,
                    Attendance.day >= _SINCE,
                    Attendance.day <= _DAY,
                )
            ),
        )
        .order_by(Staff.staff_no, RotaEntry.day)
    )


def absent_streaks(store: Store, day: date, length: int = 3) -> list[str]:
    """People marked 旷工 on ``length`` or more consecutive scheduled (and marked) days,
    the streak ending in the week up to ``day``."""
    since = day - timedelta(days=40)
    with store.read() as session:
        rows = session.execute(_streak_marks(), {"day": day, "since": since}).all()
    streaks: dict[str, tuple[int, date, date]] = {}
    current: dict[str, tuple[int, date | None]] = {}
    marks = cast("list[tuple[str, date, str | None]]", rows)  # an outer join: None when unmarked
    for name, d, status in marks:
        if status is None:
            continue  # not marked yet (today's shift, say): neither breaks nor extends a run
        run, start = current.get(name, (0, None))
        if status == AttendanceStatus.ABSENT:
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
