"""Shift swaps (换班: asked, then approved by a chief) and overtime (加班), beside the rota."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Overtime,
    RotaEntry,
    ShiftDef,
    ShiftSwap,
    Staff,
    StaffGroup,
    SwapRequest,
    WorkGroup,
)
from hotline_tui.domain.people.roster import active_person, group_on, member_on
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, allowed, require, require_post
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import SwapStatus
from hotline_tui.model.text import moment, one_line, required_line

MAX_NOTE = 60


def _entry(session: Session, day: date, staff_id: int) -> RotaEntry | None:
    return session.execute(
        sa.select(RotaEntry).where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
    ).scalar_one_or_none()


@dataclass
class _Plan:
    """A swap checked against the rota as it stands: who gives what to whom."""

    giver_id: int
    giver: str
    taker_id: int
    taker: str
    given: RotaEntry  # the giver's entry on the day
    taken: RotaEntry | None  # the taker's entry on the same day: a same-day exchange
    returned: RotaEntry | None  # the taker's entry on other_day: an exchange across days

    @property
    def kind(self) -> str:
        return "exchange" if self.taken is not None or self.returned is not None else "take"


def _plan(s: Session, day: date, giver_no: str, taker_no: str, other_day: date | None) -> _Plan:
    if giver_no == taker_no:
        raise DomainError("换班的两个人不能是同一人。")
    giver_id, giver = active_person(s, giver_no, day)
    taker_id, taker = active_person(s, taker_no, day)
    given = _entry(s, day, giver_id)
    if given is None:
        raise DomainError(f"{giver} {describe_day(day)} 没有排班，无班可换。")
    taken = _entry(s, day, taker_id)
    returned = None
    if taken is not None:
        if other_day is not None and other_day != day:
            raise ConflictError(f"{taker} {describe_day(day)} 已有排班，不能再接 {giver} 的班。")
        if taken.shift_id == given.shift_id:
            raise DomainError(f"{giver} 和 {taker} {describe_day(day)} 是同一个班次，无需换班。")
    elif other_day is not None and other_day != day:
        returned = _entry(s, other_day, taker_id)
        if returned is None:
            raise DomainError(f"{taker} {describe_day(other_day)} 没有排班，无法互换。")
        if _entry(s, other_day, giver_id) is not None:
            raise ConflictError(f"{giver} {describe_day(other_day)} 已有排班，无法互换。")
    return _Plan(giver_id, giver, taker_id, taker, given, taken, returned)


def _groups_of(s: Session, plan: _Plan, day: date) -> list[str]:
    return [group_on(s, plan.giver_id, day), group_on(s, plan.taker_id, day)]


def request_swap(
    store: Store,
    actor: StaffRow | None,
    day: date,
    giver_no: str,
    taker_no: str,
    other_day: date | None = None,
    note: str = "",
) -> int:
    """Ask for a swap (换班申请): the rota stays as it is until a chief approves.

    A 班长 asks for people of their own group (either of the two); chiefs and
    managers for anyone.
    """
    actor = require_post(actor, Action.REQUEST_SWAPS)
    note = one_line(note)
    if len(note) > MAX_NOTE:
        raise DomainError(f"原因最多 {MAX_NOTE} 个字。")
    with store.write(actor.id) as tx:
        s = tx.session
        plan = _plan(s, day, giver_no, taker_no, other_day)
        groups = _groups_of(s, plan, day)
        if not any(allowed(actor, Action.REQUEST_SWAPS, group=g) for g in groups):
            require(actor, Action.REQUEST_SWAPS, group=groups[0])  # says why, in words
        waiting = s.execute(
            sa.select(SwapRequest.id).where(
                SwapRequest.status == SwapStatus.PENDING,
                SwapRequest.day == day,
                SwapRequest.giver_id.in_([plan.giver_id, plan.taker_id]),
            )
        ).first()
        if waiting is not None:
            raise ConflictError(
                f"{plan.giver} 或 {plan.taker} {describe_day(day)} 已有一份待批准的换班申请。"
            )
        row = SwapRequest(
            day=day, giver_id=plan.giver_id, taker_id=plan.taker_id,
            other_day=other_day if plan.returned is not None else None, note=note,
            requested_by=actor.id, requested_at=tx.now,
        )  # fmt: skip
        s.add(row)
        s.flush()
        tx.audit("swap.request", "swap_request", str(row.id), None,
                 {"day": day, "giver": giver_no, "taker": taker_no, "other_day": other_day,
                  "note": note})  # fmt: skip
        return row.id


def _pending(s: Session, request_id: int) -> SwapRequest:
    row = s.get(SwapRequest, request_id)
    if row is None:
        raise DomainError("这份换班申请不存在。")
    if row.status != SwapStatus.PENDING:
        word = SwapStatus(row.status).verb
        raise ConflictError("这份换班申请已被" + word + "（可能在其他终端），请查看最新情况。")
    return row


def approve_swap(store: Store, actor: StaffRow | None, request_id: int) -> int:
    """Approve a request: the rota changes now, checked against the rota as it is now."""
    actor = require(actor, Action.APPROVE_SWAPS)
    with store.write(actor.id) as tx:
        s = tx.session
        request = _pending(s, request_id)
        giver_no, taker_no = (
            s.execute(sa.select(Staff.staff_no).where(Staff.id == i)).scalar_one()
            for i in (request.giver_id, request.taker_id)
        )
        plan = _plan(s, request.day, giver_no, taker_no, request.other_day)
        given, taken, returned = plan.given, plan.taken, plan.returned
        shift_id = given.shift_id
        other_shift = None
        if taken is not None:  # the same day: the two trade shifts
            other_shift = taken.shift_id
            given.shift_id, taken.shift_id = taken.shift_id, given.shift_id
            given.source = taken.source = "swap"
        else:
            given.staff_id, given.source = plan.taker_id, "swap"
            if returned is not None:
                other_shift = returned.shift_id
                returned.staff_id, returned.source = plan.giver_id, "swap"
        row = ShiftSwap(
            kind=plan.kind, day=request.day, shift_id=shift_id, giver_id=plan.giver_id,
            taker_id=plan.taker_id,
            other_day=request.other_day or (request.day if taken is not None else None),
            other_shift_id=other_shift, approved_by=actor.id, at=tx.now, note=request.note,
        )  # fmt: skip
        s.add(row)
        s.flush()
        request.status, request.decided_by, request.decided_at = (
            SwapStatus.APPROVED,
            actor.id,
            tx.now,
        )
        request.swap_id = row.id
        tx.audit("swap.approve", "swap_request", str(request.id), {"status": SwapStatus.PENDING},
                 {"status": SwapStatus.APPROVED, "swap": row.id, "kind": plan.kind})  # fmt: skip
        return row.id


def refuse_swap(store: Store, actor: StaffRow | None, request_id: int, reason: str) -> None:
    actor = require(actor, Action.APPROVE_SWAPS)
    reason = required_line(reason, MAX_NOTE, "请写明驳回的原因，申请人会看到。", "驳回原因")
    with store.write(actor.id) as tx:
        request = _pending(tx.session, request_id)
        request.status, request.decided_by, request.decided_at = (
            SwapStatus.REFUSED,
            actor.id,
            tx.now,
        )
        request.decision_note = reason
        tx.audit("swap.refuse", "swap_request", str(request.id), {"status": SwapStatus.PENDING},
                 {"status": SwapStatus.REFUSED, "reason": reason})  # fmt: skip


@dataclass(frozen=True)
class SwapRequestRow:
    id: int
    day: date
    text: str  # both people with group and shift, the kind, who asked
    status: str  # pending, approved, refused
    status_text: str


def swap_requests(store: Store, day: date | None = None) -> list[SwapRequestRow]:
    """Requests touching ``day`` (either of their days), oldest first; or every pending
    one, the soonest day first (the one a chief must decide first)."""
    giver, taker, asker, decider = (sa.orm.aliased(Staff) for _ in range(4))
    query = (
        sa.select(SwapRequest, giver.name, taker.name, asker.name, decider.name)
        .join(giver, giver.id == SwapRequest.giver_id)
        .join(taker, taker.id == SwapRequest.taker_id)
        .join(asker, asker.id == SwapRequest.requested_by)
        .outerjoin(decider, decider.id == SwapRequest.decided_by)
    )
    if day is None:
        query = query.where(SwapRequest.status == SwapStatus.PENDING).order_by(
            SwapRequest.day, SwapRequest.id
        )
    else:
        query = query.order_by(SwapRequest.id).where(
            sa.or_(SwapRequest.day == day, SwapRequest.other_day == day)
        )
    rows = []
    with store.read() as session:
        previews: dict[date, dict[int, str]] = {}  # one read per day, not per request
        for r, g, t, a, d in session.execute(query).all():
            if r.day not in previews:
                previews[r.day] = preview(session, r.day)
            on_day = previews[r.day]
            what = (
                f"{describe_day(r.day)}：{on_day.get(r.giver_id, g)} → {on_day.get(r.taker_id, t)}"
            )
            if r.other_day is not None:
                what += f"，{r.other_day:%m-%d} 换回"
            what += f"；{a} 申请"
            status = SwapStatus(r.status).label
            if r.status != SwapStatus.PENDING and d:
                status += f"（{d}{'：' + r.decision_note if r.decision_note else ''}）"
            rows.append(SwapRequestRow(r.id, r.day, what, SwapStatus(r.status), status))
    return rows


def _people_on(session: Session, day: date) -> list[tuple[int, str, str, str, str]]:
    """Everyone on the staff with their group and shift of ``day`` ("" where none):
    (id, 工号, name, group, shift), in one query."""
    return [
        (row[0], row[1], row[2], row[3], row[4])
        for row in session.execute(
            sa.select(
                Staff.id, Staff.staff_no, Staff.name, sa.func.coalesce(WorkGroup.name, ""),
                sa.func.coalesce(ShiftDef.name, ""),
            )
            .outerjoin(StaffGroup, member_on(day))
            .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
            .outerjoin(RotaEntry, sa.and_(RotaEntry.staff_id == Staff.id, RotaEntry.day == day))
            .outerjoin(ShiftDef, ShiftDef.id == RotaEntry.shift_id)
        ).all()
    ]  # fmt: skip


def preview(session: Session, day: date) -> dict[int, str]:
    """Everyone on the rota that day as 姓名（组，班次）, by staff id."""
    return {
        sid: f"{name}（{group + '，' if group else ''}{shift}）"
        for sid, _, name, group, shift in _people_on(session, day)
        if shift
    }


def people_on(store: Store, day: date) -> dict[str, str]:
    """Every person on the staff by 工号, as a swap form shows them for ``day``:
    姓名 · 组 · that day's shift (or 当天无排班)."""
    with store.read() as session:
        people = _people_on(session, day)
    return {
        no: f"{name} · {group or '无组'} · {shift or '当天无排班'}"
        for _, no, name, group, shift in people
    }


def record_overtime(
    store: Store,
    actor: StaffRow | None,
    staff_no: str,
    start: pendulum.DateTime,
    end: pendulum.DateTime,
    note: str = "",
    month_limit: int | None = None,
) -> int:
    """Approved overtime; with ``month_limit`` (加班管理制度), a month's total above it is refused."""
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
        if month_limit is not None:
            day = start.in_timezone(BEIJING).date()
            first = day.replace(day=1)
            after = (first + timedelta(days=32)).replace(day=1)
            had = hours_in(tx.session, first, after).get(staff_id, 0.0)
            hours = (end - start).total_seconds() / 3600
            if had + hours > month_limit:
                raise DomainError(
                    f"{name} {first:%Y-%m} 已加班 {had:g} 小时，再加 {hours:g} 小时将超过"
                    f"每月 {month_limit} 小时的上限（加班管理制度）。"
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


def hours_in(session: Session, first: date, after: date) -> dict[int, float]:
    """Overtime hours per person, of the overtime that starts in [first, after) (Beijing)."""
    start = pendulum.datetime(first.year, first.month, first.day, tz=BEIJING)
    end = pendulum.datetime(after.year, after.month, after.day, tz=BEIJING)
    totals: dict[int, float] = {}
    for staff_id, begin, finish in session.execute(
        sa.select(Overtime.staff_id, Overtime.start, Overtime.end).where(
            Overtime.start >= start, Overtime.start < end
        )
    ):
        totals[staff_id] = totals.get(staff_id, 0.0) + (finish - begin).total_seconds() / 3600
    return totals


def overtime_hours(store: Store, first: date, after: date) -> dict[int, float]:
    """Hours of overtime per staff id, for overtime starting in [first, after)."""
    with store.read() as session:
        return hours_in(session, first, after)


def person_overtime(store: Store, staff_no: str, day: date) -> tuple[float, list[str]]:
    """A person's overtime hours in the month of ``day``, and its records, newest first."""
    first = day.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    start = pendulum.datetime(first.year, first.month, 1, tz=BEIJING)
    end = pendulum.datetime(after.year, after.month, 1, tz=BEIJING)
    approver = sa.orm.aliased(Staff)
    with store.read() as session:
        rows = session.execute(
            sa.select(Overtime.start, Overtime.end, approver.name)
            .join(Staff, Staff.id == Overtime.staff_id)
            .join(approver, approver.id == Overtime.approved_by)
            .where(Staff.staff_no == staff_no, Overtime.start >= start, Overtime.start < end)
            .order_by(Overtime.start.desc())
        ).all()
    total = sum((e - b).total_seconds() / 3600 for b, e, _ in rows)
    lines = [f"{moment(b)}-{moment(e)[-5:]}，{a} 批准" for b, e, a in rows]
    return total, lines


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
