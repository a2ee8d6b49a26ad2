"""Seat plans: who sits where, per date and shift, and which seats are out of service.

Rules: one person one seat per shift, one seat one person, nobody on a seat
that is out of service. Every check runs inside the write transaction, so two
terminals racing for the same seat cannot both win.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Seat,
    SeatAssignment,
    SeatOutage,
    ShiftDef,
    Staff,
    WorkGroup,
)
from hotline_tui.domain.people.roster import active_person, has_left, list_staff
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.arrival import ARRIVED, AWAY
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.person_fields import GROUP_POSTS
from hotline_tui.model.seat_plan import Plan, SeatView, Unseated
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import moment

MAX_REASON = 60


@dataclass(frozen=True)
class CopyResult:
    source_day: date
    copied: int
    skipped: list[str]


def _outage_bounds(
    start: pendulum.DateTime, end: pendulum.DateTime, now: pendulum.DateTime
) -> tuple[bool, pendulum.DateTime, pendulum.DateTime]:
    """Which outages make a seat out of service for the plan of window [start, end).

    A past plan shows every outage during the shift, as a record: (True, start, end).
    The current and future plans show the outages in force at the later of now and
    the shift start, so a seat returned to service mid-shift is usable at once:
    (False, that moment, that moment).
    """
    if end <= now:
        return True, start, end
    moment_ = max(now, start)
    return False, moment_, moment_


def _outage_condition(
    past: bool,
    low: pendulum.DateTime | sa.BindParameter[datetime],
    high: pendulum.DateTime | sa.BindParameter[datetime],
) -> sa.ColumnElement[bool]:
    started = SeatOutage.started_at < high if past else SeatOutage.started_at <= high
    return sa.and_(started, sa.or_(SeatOutage.ended_at.is_(None), SeatOutage.ended_at > low))


def outage_applies(
    start: pendulum.DateTime, end: pendulum.DateTime, now: pendulum.DateTime
) -> sa.ColumnElement[bool]:
    return _outage_condition(*_outage_bounds(start, end, now))


# The plan's statements are built once, with the date, shift and window as parameters:
# building them cost more than running them (the floor and every handover read plans).
@functools.cache
def _plan_queries(past: bool) -> tuple[sa.Select[*tuple[Any, ...]], ...]:
    assigner = aliased(Staff)
    seats = sa.select(Seat.id, Seat.label)
    rows = (
        sa.select(
            SeatAssignment.seat_id,
            Staff.id,
            Staff.staff_no,
            Staff.name,
            sa.func.coalesce(WorkGroup.name, ""),
            sa.func.coalesce(WorkGroup.sort_order, -1),
            SeatAssignment.assigned_at,
            sa.func.coalesce(assigner.name, ""),
        )
        .join(Staff, Staff.id == SeatAssignment.staff_id)
        .outerjoin(WorkGroup, WorkGroup.id == Staff.group_id)
        .outerjoin(assigner, assigner.id == SeatAssignment.assigned_by)
        .where(
            SeatAssignment.day == sa.bindparam("day"),
            SeatAssignment.shift_id == sa.bindparam("shift_id"),
        )
    )
    outages = (
        sa.select(SeatOutage.seat_id, SeatOutage.reason, SeatOutage.started_at)
        .where(_outage_condition(past, sa.bindparam("low"), sa.bindparam("high")))
        .order_by(SeatOutage.started_at)
    )
    # The shift's rota and who of it arrived: where the plan and the rota disagree.
    rota = (
        sa.select(RotaEntry.staff_id, Staff.staff_no, Staff.name,
                  sa.func.coalesce(WorkGroup.name, ""), Attendance.status, Staff.post)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(WorkGroup, WorkGroup.id == Staff.group_id)
        .outerjoin(Attendance, sa.and_(Attendance.day == RotaEntry.day,
                                       Attendance.shift_id == RotaEntry.shift_id,
                                       Attendance.staff_id == RotaEntry.staff_id))
        .where(RotaEntry.day == sa.bindparam("day"),
               RotaEntry.shift_id == sa.bindparam("shift_id"))
        .order_by(Staff.staff_no)
    )  # fmt: skip
    return seats, rows, outages, rota


def plan_for(store: Store, day: date, shift: Shift) -> Plan:
    start, end = shift.window(day)
    past, low, high = _outage_bounds(start, end, store.clock.now())
    seat_query, rows_query, outage_query, rota_query = _plan_queries(past)
    with store.read() as session:
        seats = session.execute(seat_query).all()
        rows = session.execute(rows_query, {"day": day, "shift_id": shift.id}).all()
        outages = session.execute(outage_query, {"low": low, "high": high}).all()
        rota = session.execute(rota_query, {"day": day, "shift_id": shift.id}).all()
    by_seat = {r[0]: r for r in rows}
    out = {seat_id: (reason, since) for seat_id, reason, since in outages}
    views: dict[str, SeatView] = {}
    groups: Counter[tuple[str, int]] = Counter()
    for seat_id, label in sorted(seats, key=lambda s: s[1]):
        reason, since = out.get(seat_id, ("", None))
        row = by_seat.get(seat_id)
        if row is None:
            views[label] = SeatView(label, out_reason=reason, out_since=since)
            continue
        _, staff_id, no, name, group, order, at, by = row
        views[label] = SeatView(label, staff_id, no, name, group, order, at, by, reason, since)
        groups[(group, order)] += 1
    counts = sorted(((g, o, n) for (g, o), n in groups.items()), key=lambda t: t[1])
    on_rota = {row[0] for row in rota}
    seated = {v.staff_id for v in views.values() if v.occupied}
    off_rota = [v.label for v in views.values() if v.occupied and v.staff_id not in on_rota]
    unseated = [  # the duty chiefs on the rota run the floor without a seat of their own
        Unseated(no, name, group)
        for staff_id, no, name, group, status, post in rota
        if status in ARRIVED and staff_id not in seated and post in GROUP_POSTS
    ]
    marks = {staff_id: status for staff_id, _no, _name, _group, status, _post in rota}
    away = {
        v.label: marks[v.staff_id]
        for v in views.values()
        if v.occupied and marks.get(v.staff_id) in AWAY
    }
    return Plan(day, shift, views, counts, off_rota, unseated, away)


def seatable_staff(store: Store, day: date, shift: Shift) -> list[StaffRow]:
    """Everyone still employed who has no seat in this shift yet."""
    with store.read() as session:
        seated = set(
            session.execute(
                sa.select(SeatAssignment.staff_id).where(
                    SeatAssignment.day == day, SeatAssignment.shift_id == shift.id
                )
            ).scalars()
        )
    return [p for p in list_staff(store, on=day) if p.id not in seated]


def seat_candidates(store: Store, day: date, shift: Shift) -> tuple[list[StaffRow], set[int]]:
    """Who may take a seat in this shift: its rota's agents and team leaders first, in
    group order, then its 值班长, then everyone else without a seat; and the ids of those
    on the rota."""
    people = seatable_staff(store, day, shift)
    with store.read() as session:
        on_rota = set(
            session.execute(
                sa.select(RotaEntry.staff_id).where(
                    RotaEntry.day == day, RotaEntry.shift_id == shift.id
                )
            ).scalars()
        )
    # Stable: the list's own order within each part.
    people.sort(key=lambda p: (p.id not in on_rota, p.post not in GROUP_POSTS))
    return people, on_rota


# --- inside a write transaction -------------------------------------------------


def _seat(session: Session, label: str) -> tuple[int, str]:
    row = session.execute(sa.select(Seat.id, Seat.label).where(Seat.label == label)).first()
    if row is None:
        raise DomainError(f"没有座位 {label}。")
    return row[0], row[1]


# (assignment id, staff id, 工号, name, when, by whom) of the person on a seat.
Holder = sa.Row[int, int, str, str, datetime, str]


def _holder(session: Session, day: date, shift: Shift, seat_id: int) -> Holder | None:
    assigner = aliased(Staff)
    return session.execute(
        sa.select(
            SeatAssignment.id,
            Staff.id,
            Staff.staff_no,
            Staff.name,
            SeatAssignment.assigned_at,
            sa.func.coalesce(assigner.name, "系统"),
        )
        .join(Staff, Staff.id == SeatAssignment.staff_id)
        .outerjoin(assigner, assigner.id == SeatAssignment.assigned_by)
        .where(
            SeatAssignment.day == day,
            SeatAssignment.shift_id == shift.id,
            SeatAssignment.seat_id == seat_id,
        )
    ).first()


def _active_outage(
    session: Session, seat_id: int, day: date, shift: Shift, now: pendulum.DateTime
) -> sa.Row[str, datetime] | None:
    start, end = shift.window(day)
    return session.execute(
        sa.select(SeatOutage.reason, SeatOutage.started_at)
        .where(SeatOutage.seat_id == seat_id, outage_applies(start, end, now))
        .order_by(SeatOutage.started_at.desc())
    ).first()


def _taken_message(label: str, holder: Holder) -> str:
    _, _, no, name, at, by = holder
    return f"座位 {label} 已由 {name}（{no}）使用，{by} 于 {moment(at)} 安排。"


def _plan_key(day: date, shift: Shift, label: str) -> str:
    return f"{day.isoformat()}/{shift.code}/{label}"


def assign(
    store: Store,
    actor: StaffRow | None,
    day: date,
    shift: Shift,
    label: str,
    staff_no: str,
    schedule: bool = False,
) -> None:
    """Seat a person; with ``schedule``, also put them on the rota, in the same transaction."""
    actor = require(actor, Action.PLAN_SEATS)
    with store.write(actor.id) as tx:
        s = tx.session
        seat_id, label = _seat(s, label)
        staff_id, name = active_person(s, staff_no, day, "安排座位")
        outage = _active_outage(s, seat_id, day, shift, tx.now)
        if outage is not None:
            raise DomainError(f"座位 {label} 已停用（{outage[0]}），不能安排人员。")
        holder = _holder(s, day, shift, seat_id)
        if holder is not None:
            raise ConflictError(_taken_message(label, holder))
        elsewhere = s.execute(
            sa.select(Seat.label, SeatAssignment.assigned_at)
            .join(Seat, Seat.id == SeatAssignment.seat_id)
            .where(
                SeatAssignment.day == day,
                SeatAssignment.shift_id == shift.id,
                SeatAssignment.staff_id == staff_id,
            )
        ).first()
        if elsewhere is not None:
            raise ConflictError(
                f"{name}（{staff_no}）本班次已在座位 {elsewhere[0]}（{moment(elsewhere[1])} 安排），"
                "一人一班只能坐一个座位。"
            )
        if schedule:
            on_rota = s.execute(
                sa.select(ShiftDef.name)
                .join(RotaEntry, RotaEntry.shift_id == ShiftDef.id)
                .where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
            ).scalar()
            if on_rota is not None and on_rota != shift.name:
                raise ConflictError(
                    f"{name}（{staff_no}）当天已排{on_rota}，一人一天只排一个班次。"
                )
            if on_rota is None:
                s.add(
                    RotaEntry(day=day, shift_id=shift.id, staff_id=staff_id, source="hand",
                              created_at=tx.now, created_by=tx.actor_id)
                )  # fmt: skip
                tx.audit(
                    "rota.add", "rota_entry", f"{day}/{shift.code}/{staff_no}", None, {"name": name}
                )
        s.execute(
            sa.insert(SeatAssignment).values(
                day=day,
                shift_id=shift.id,
                seat_id=seat_id,
                staff_id=staff_id,
                assigned_at=tx.now,
                assigned_by=tx.actor_id,
            )
        )
        tx.audit(
            "seat.assign",
            "seat_assignment",
            _plan_key(day, shift, label),
            None,
            {"staff_no": staff_no, "name": name},
        )


def _expected(label: str, holder: Holder | None, expect: int | None) -> Holder:
    """The person on the seat, if they are the one this terminal saw there."""
    if holder is None:
        raise ConflictError(f"座位 {label} 现在是空的（可能刚被其他终端改动）。")
    if expect is not None and holder[1] != expect:
        raise ConflictError(f"座位 {label} 的安排刚被其他终端改动：{_taken_message(label, holder)}")
    return holder


def unseat(
    store: Store,
    actor: StaffRow | None,
    day: date,
    shift: Shift,
    label: str,
    expect: int | None = None,
) -> str:
    """Clear a seat; returns the name of who sat there."""
    actor = require(actor, Action.PLAN_SEATS)
    with store.write(actor.id) as tx:
        seat_id, label = _seat(tx.session, label)
        holder = _expected(label, _holder(tx.session, day, shift, seat_id), expect)
        tx.session.execute(sa.delete(SeatAssignment).where(SeatAssignment.id == holder[0]))
        tx.audit(
            "seat.unseat",
            "seat_assignment",
            _plan_key(day, shift, label),
            {"staff_no": holder[2], "name": holder[3]},
            None,
        )
        return holder[3]


def move(
    store: Store,
    actor: StaffRow | None,
    day: date,
    shift: Shift,
    source: str,
    target: str,
    expect: int | None = None,
) -> str:
    """Move whoever sits on ``source`` to ``target``; swap when ``target`` is taken.

    Returns "move" or "swap".
    """
    if source == target:
        raise DomainError("源座位和目标座位相同。")
    actor = require(actor, Action.PLAN_SEATS)
    with store.write(actor.id) as tx:
        s = tx.session
        src_id, source = _seat(s, source)
        dst_id, target = _seat(s, target)
        src = _expected(source, _holder(s, day, shift, src_id), expect)
        outage = _active_outage(s, dst_id, day, shift, tx.now)
        if outage is not None:
            raise DomainError(f"座位 {target} 已停用（{outage[0]}），不能安排人员。")
        dst = _holder(s, day, shift, dst_id)
        if dst is None:
            s.execute(
                sa.update(SeatAssignment)
                .where(SeatAssignment.id == src[0])
                .values(seat_id=dst_id, assigned_at=tx.now, assigned_by=tx.actor_id)
            )
            tx.audit(
                "seat.move",
                "seat_assignment",
                _plan_key(day, shift, source),
                {"seat": source, "name": src[3]},
                {"seat": target, "name": src[3]},
            )
            return "move"
        # Unique (day, shift, seat) is checked per statement, so a swap re-inserts both.
        s.execute(sa.delete(SeatAssignment).where(SeatAssignment.id.in_([src[0], dst[0]])))
        s.execute(
            sa.insert(SeatAssignment),
            [
                {
                    "day": day,
                    "shift_id": shift.id,
                    "seat_id": dst_id,
                    "staff_id": src[1],
                    "assigned_at": tx.now,
                    "assigned_by": tx.actor_id,
                },
                {
                    "day": day,
                    "shift_id": shift.id,
                    "seat_id": src_id,
                    "staff_id": dst[1],
                    "assigned_at": tx.now,
                    "assigned_by": tx.actor_id,
                },
            ],
        )
        tx.audit(
            "seat.swap",
            "seat_assignment",
            _plan_key(day, shift, source),
            {source: src[3], target: dst[3]},
            {source: dst[3], target: src[3]},
        )
        return "swap"


def take_out_of_service(
    store: Store, actor: StaffRow | None, label: str, reason: str, shifts: list[Shift]
) -> None:
    """Take a seat out of service from now on, until it is returned to service."""
    actor = require(actor, Action.SEAT_SERVICE)
    reason = " ".join(reason.split())
    if not reason:
        raise DomainError("请填写停用原因。")
    if len(reason) > MAX_REASON:
        raise DomainError(f"停用原因最多 {MAX_REASON} 个字。")
    with store.write(actor.id) as tx:
        s = tx.session
        seat_id, label = _seat(s, label)
        current = s.execute(
            sa.select(SeatOutage.reason, SeatOutage.started_at).where(
                SeatOutage.seat_id == seat_id, SeatOutage.ended_at.is_(None)
            )
        ).first()
        if current is not None:
            raise ConflictError(f"座位 {label} 已于 {moment(current[1])} 停用（{current[0]}）。")
        by_id = {sh.id: sh for sh in shifts}
        yesterday = tx.now.date() - pendulum.duration(days=1)
        upcoming = s.execute(
            sa.select(SeatAssignment.day, SeatAssignment.shift_id, Staff.name)
            .join(Staff, Staff.id == SeatAssignment.staff_id)
            .where(SeatAssignment.seat_id == seat_id, SeatAssignment.day >= yesterday)
            .order_by(SeatAssignment.day)
        ).all()
        for day, shift_id, name in upcoming:
            shift = by_id.get(shift_id)
            if shift is not None and shift.window(day)[1] > tx.now:
                raise DomainError(
                    f"座位 {label} 在 {day.strftime('%m-%d')} {shift.name}已安排 {name}，请先把人移走再停用。"
                )
        s.execute(
            sa.insert(SeatOutage).values(
                seat_id=seat_id, reason=reason, started_at=tx.now, started_by=tx.actor_id
            )
        )
        tx.audit("seat.out_of_service", "seat", label, None, {"reason": reason})


def return_to_service(store: Store, actor: StaffRow | None, label: str) -> str:
    """End the seat's outage now; returns the reason it was out."""
    actor = require(actor, Action.SEAT_SERVICE)
    with store.write(actor.id) as tx:
        s = tx.session
        seat_id, label = _seat(s, label)
        current = s.execute(
            sa.select(SeatOutage.id, SeatOutage.reason).where(
                SeatOutage.seat_id == seat_id, SeatOutage.ended_at.is_(None)
            )
        ).first()
        if current is None:
            raise ConflictError(f"座位 {label} 没有停用。")
        s.execute(
            sa.update(SeatOutage)
            .where(SeatOutage.id == current[0])
            .values(ended_at=tx.now, ended_by=tx.actor_id)
        )
        tx.audit("seat.return_to_service", "seat", label, {"reason": current[1]}, None)
        return current[1]


def _previous_day(session: Session, day: date, shift: Shift) -> date | None:
    return session.execute(
        sa.select(sa.func.max(SeatAssignment.day)).where(
            SeatAssignment.shift_id == shift.id, SeatAssignment.day < day
        )
    ).scalar()


def previous_plan_day(store: Store, day: date, shift: Shift) -> date | None:
    """The latest earlier date with a plan for the same shift."""
    with store.read() as session:
        return _previous_day(session, day, shift)


def copy_previous(
    store: Store, actor: StaffRow | None, day: date, shift: Shift, replace: bool = False
) -> CopyResult:
    """Copy the latest earlier plan of the same shift onto ``day``.

    Only people on this shift's rota that day are copied; those who are not, who
    have left, or whose seat is out of service are skipped and reported. A plan that already has assignments is only replaced when asked.
    """
    actor = require(actor, Action.PLAN_SEATS)
    start, end = shift.window(day)
    with store.write(actor.id) as tx:
        s = tx.session
        source_day = _previous_day(s, day, shift)
        if source_day is None:
            raise DomainError(f"{day.isoformat()} 之前没有{shift.name}的座位安排可以复制。")
        existing = s.execute(
            sa.select(Seat.label, Staff.name)
            .select_from(SeatAssignment)
            .join(Seat, Seat.id == SeatAssignment.seat_id)
            .join(Staff, Staff.id == SeatAssignment.staff_id)
            .where(SeatAssignment.day == day, SeatAssignment.shift_id == shift.id)
        ).all()
        if existing and not replace:
            raise ConflictError(
                f"{day.isoformat()} {shift.name}已有 {len(existing)} 个座位安排，复制会替换它们。"
            )
        if existing:
            s.execute(
                sa.delete(SeatAssignment).where(
                    SeatAssignment.day == day, SeatAssignment.shift_id == shift.id
                )
            )
        out_seats = set(
            s.execute(
                sa.select(SeatOutage.seat_id).where(outage_applies(start, end, tx.now))
            ).scalars()
        )
        source = s.execute(
            sa.select(
                SeatAssignment.seat_id,
                SeatAssignment.staff_id,
                Seat.label,
                Staff.name,
                Staff.status,
                Staff.left_on,
            )
            .join(Seat, Seat.id == SeatAssignment.seat_id)
            .join(Staff, Staff.id == SeatAssignment.staff_id)
            .where(SeatAssignment.day == source_day, SeatAssignment.shift_id == shift.id)
            .order_by(Seat.label)
        ).all()
        on_rota = set(
            s.execute(
                sa.select(RotaEntry.staff_id).where(
                    RotaEntry.day == day, RotaEntry.shift_id == shift.id
                )
            ).scalars()
        )
        rows, skipped = [], []
        for seat_id, staff_id, label, name, status, left_on in source:
            if has_left(status, left_on, day):
                skipped.append(f"{label} {name}（已离职）")
            elif staff_id not in on_rota:
                skipped.append(f"{label} {name}（不在本班排班）")
            elif seat_id in out_seats:
                skipped.append(f"{label} {name}（座位停用）")
            else:
                rows.append(
                    {
                        "day": day,
                        "shift_id": shift.id,
                        "seat_id": seat_id,
                        "staff_id": staff_id,
                        "assigned_at": tx.now,
                        "assigned_by": tx.actor_id,
                    }
                )
        if rows:
            s.execute(sa.insert(SeatAssignment), rows)
        tx.audit(
            "plan.copy",
            "seat_plan",
            f"{day.isoformat()}/{shift.code}",
            {"replaced": [f"{label} {name}" for label, name in existing]} if existing else None,
            {"from": source_day.isoformat(), "copied": len(rows), "skipped": skipped},
        )
        return CopyResult(source_day, len(rows), skipped)
