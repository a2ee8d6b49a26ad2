"""Shift swaps (换班) and overtime (加班), approved by a chief, recorded beside the rota."""

from __future__ import annotations

from datetime import date

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Overtime, RotaEntry, ShiftDef, ShiftSwap, Staff
from hotline_tui.domain.attendance.rota import active_person
from hotline_tui.domain.people.roster import StaffRow
from hotline_tui.domain.permissions import Action, require
from hotline_tui.domain.shifts import describe_day
from hotline_tui.domain.text import moment, one_line
from hotline_tui.errors import ConflictError, DomainError


def _entry(session: Session, day: date, staff_id: int) -> RotaEntry | None:
    return session.execute(
        sa.select(RotaEntry).where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
    ).scalar_one_or_none()


def swap(
    store: Store,
    actor: StaffRow | None,
    day: date,
    giver_no: str,
    taker_no: str,
    other_day: date | None = None,
    note: str = "",
) -> int:
    """The taker works the giver's shift on ``day``; with ``other_day``, the giver
    works the taker's shift that day in return (an exchange)."""
    actor = require(actor, Action.APPROVE_SWAPS)
    if giver_no == taker_no:
        raise DomainError("换班的两个人不能是同一人。")
    with store.write(actor.id) as tx:
        s = tx.session
        giver_id, giver = active_person(s, giver_no, day)
        taker_id, taker = active_person(s, taker_no, day)
        given = _entry(s, day, giver_id)
        if given is None:
            raise DomainError(f"{giver} {describe_day(day)} 没有排班，无班可换。")
        if _entry(s, day, taker_id) is not None:
            raise ConflictError(f"{taker} {describe_day(day)} 已有排班，不能再接 {giver} 的班。")
        returned = None
        if other_day is not None:
            returned = _entry(s, other_day, taker_id)
            if returned is None:
                raise DomainError(f"{taker} {describe_day(other_day)} 没有排班，无法互换。")
            if other_day != day and _entry(s, other_day, giver_id) is not None:
                raise ConflictError(f"{giver} {describe_day(other_day)} 已有排班，无法互换。")
        shift_id = given.shift_id
        given.staff_id, given.source = taker_id, "swap"
        other_shift = None
        if returned is not None:
            other_shift = returned.shift_id
            returned.staff_id, returned.source = giver_id, "swap"
        row = ShiftSwap(
            kind="exchange" if returned is not None else "take",
            day=day,
            shift_id=shift_id,
            giver_id=giver_id,
            taker_id=taker_id,
            other_day=other_day,
            other_shift_id=other_shift,
            approved_by=actor.id,
            at=tx.now,
            note=one_line(note),
        )
        s.add(row)
        s.flush()
        tx.audit("rota.swap", "shift_swap", str(row.id), None,
                 {"day": day, "giver": giver_no, "taker": taker_no, "other_day": other_day})  # fmt: skip
        return row.id


def record_overtime(
    store: Store,
    actor: StaffRow | None,
    staff_no: str,
    start: pendulum.DateTime,
    end: pendulum.DateTime,
    note: str = "",
) -> int:
    actor = require(actor, Action.APPROVE_SWAPS)
    if end <= start:
        raise DomainError("加班结束时间应晚于开始时间。")
    if (end - start).total_seconds() > 12 * 3600:
        raise DomainError("一次加班不超过 12 小时，请分开登记。")
    with store.write(actor.id) as tx:
        staff_id, name = active_person(tx.session, staff_no, start.date())
        overlap = tx.session.execute(
            sa.select(Overtime.start, Overtime.end).where(
                Overtime.staff_id == staff_id, Overtime.start < end, Overtime.end > start
            )
        ).first()
        if overlap is not None:
            raise ConflictError(
                f"{name} 已有 {moment(overlap[0])} 至 {moment(overlap[1])} 的加班记录，与本次重叠。"
            )
        row = Overtime(
            staff_id=staff_id,
            start=start,
            end=end,
            approved_by=actor.id,
            note=one_line(note),
            at=tx.now,
        )
        tx.session.add(row)
        tx.session.flush()
        tx.audit(
            "overtime.add",
            "overtime",
            str(row.id),
            None,
            {"staff_no": staff_no, "start": start, "end": end},
        )
        return row.id


def parse_moment(text: str, day: date) -> pendulum.DateTime:
    """HH:MM on ``day`` (24:00 is the next midnight)."""
    try:
        hours, minutes = (int(x) for x in text.strip().split(":"))
        if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
            raise ValueError
    except ValueError:
        raise DomainError(f"时间“{text}”无效，请写成 HH:MM。") from None
    return pendulum.datetime(day.year, day.month, day.day, tz=BEIJING).add(
        hours=hours, minutes=minutes
    )


def day_records(store: Store, day: date) -> list[str]:
    """The day's swaps and overtime, as the board lists them: both sides, who approved."""
    giver, taker, approver = (sa.orm.aliased(Staff) for _ in range(3))
    with store.read() as session:
        swaps = session.execute(
            sa.select(
                ShiftDef.name,
                giver.name,
                taker.name,
                approver.name,
                ShiftSwap.kind,
                ShiftSwap.other_day,
            )
            .join(ShiftDef, ShiftDef.id == ShiftSwap.shift_id)
            .join(giver, giver.id == ShiftSwap.giver_id)
            .join(taker, taker.id == ShiftSwap.taker_id)
            .join(approver, approver.id == ShiftSwap.approved_by)
            .where(sa.or_(ShiftSwap.day == day, ShiftSwap.other_day == day))
            .order_by(ShiftSwap.id)
        ).all()
        start = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
        overtime = session.execute(
            sa.select(Staff.name, Overtime.start, Overtime.end, approver.name)
            .join(Staff, Staff.id == Overtime.staff_id)
            .join(approver, approver.id == Overtime.approved_by)
            .where(Overtime.start >= start, Overtime.start < start.add(days=1))
            .order_by(Overtime.start)
        ).all()
    lines = []
    for shift, g, t, a, kind, other in swaps:
        how = f"互换（{other:%m-%d}）" if kind == "exchange" else "顶班"
        lines.append(f"换班：{t} 接 {g} 的{shift}，{how}，{a} 批准")
    for name, begin, end, a in overtime:
        lines.append(f"加班：{name} {moment(begin)[-5:]}-{moment(end)[-5:]}，{a} 批准")
    return lines
