"""Urgent issues (时效性问题): opened, taken, resolved or transferred within their limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Staff, UrgentIssue
from hotline_tui.domain.people.roster import name_of
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model import backdating
from hotline_tui.model.periods import month_bounds
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.shifts import Shift, current_shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import UrgentState
from hotline_tui.model.text import moment, one_line, parse_when

MAX_SUMMARY = 60
MAX_NOTE = 200


def parse_opened(text: str, now: pendulum.DateTime) -> pendulum.DateTime:
    """An opening time typed as HH:MM (today) or YYYY-MM-DD HH:MM; empty means now."""
    text = text.strip()
    return parse_when(text, now, "时间", "，留空表示现在") if text else now


def check_opened(
    opened: pendulum.DateTime, now: pendulum.DateTime, shifts: list[Shift], reason: str = ""
) -> str:
    """The back-dating reason the opening time needs: "" for an issue of this shift;
    for one from before it (补录), the reason given, which is then required."""
    if opened > now:
        raise DomainError(f"发生时间 {opened.format('MM-DD HH:mm')} 在将来，请填写已经发生的时间。")
    day, shift = current_shift(shifts, now)
    start = shift.window(day)[0]
    if start <= now and opened < start:
        rule = (
            f"发生时间 {opened.format('MM-DD HH:mm')} 早于本班开始（{start.format('MM-DD HH:mm')}）"
        )
        return backdating.late_reason(reason, opened, now, rule)
    return ""


def open_issue(
    store: Store,
    actor: StaffRow | None,
    sla: SlaSpec,
    shifts: list[Shift],
    category: str,
    summary: str,
    reference: str = "",
    opened_at: pendulum.DateTime | None = None,
    late_reason: str = "",
) -> int:
    """Register an issue; one from before the current shift is a back-dated
    registration (补录) and needs ``late_reason``. Either way its limit runs from
    ``opened_at``, the real time, so a late registration is never counted as in time
    for being late."""
    actor = require(actor, Action.URGENT_ISSUES)
    summary, reference = one_line(summary), one_line(reference)
    if category not in sla.categories:
        raise DomainError(f"没有“{category}”这个类别（可选：{'、'.join(sla.categories)}）。")
    if not summary:
        raise DomainError("请用一句话写明是什么问题。")
    if len(summary) > MAX_SUMMARY:
        raise DomainError(f"问题摘要不超过 {MAX_SUMMARY} 字（现有 {len(summary)} 字）。")
    if len(reference) > 40:
        raise DomainError("工单号或来电参考不超过 40 个字符。")
    now = store.clock.now()
    opened = now if opened_at is None else opened_at
    late = check_opened(opened, now, shifts, late_reason)
    deadline = opened.add(minutes=sla.urgent_limit(category))
    with store.write(actor.id) as tx:
        issue = UrgentIssue(
            opened_at=opened,
            category=category,
            summary=summary,
            reference=reference,
            deadline=deadline,
            created_by=actor.id,
            late_reason=late,
            entered_at=tx.now,
        )
        tx.session.add(issue)
        tx.session.flush()
        after: dict[str, object] = {
            "category": category, "summary": summary, "opened": opened, "deadline": deadline,
        }  # fmt: skip
        if late:
            after["late_reason"] = late
        tx.audit("urgent.open", "urgent_issue", str(issue.id), None, after)
        return issue.id


def _live(session: Session, issue_id: int) -> UrgentIssue:
    issue = session.get(UrgentIssue, issue_id)
    if issue is None:
        raise DomainError(f"紧急问题 #{issue_id} 不存在。")
    if not UrgentState(issue.state).running:
        raise ConflictError(
            f"紧急问题 #{issue_id} 已由 {name_of(session, issue.closed_by)} 于 {moment(issue.closed_at)} "
            f"{UrgentState(issue.state).label}。"
        )
    return issue


def take(store: Store, actor: StaffRow | None, issue_id: int) -> None:
    """The signed-in person takes the issue on (受理)."""
    actor = require(actor, Action.URGENT_ISSUES)
    with store.write(actor.id) as tx:
        issue = _live(tx.session, issue_id)
        if issue.state == UrgentState.HANDLING and issue.handler_id != actor.id:
            raise ConflictError(
                f"紧急问题 #{issue_id} 已由 {name_of(tx.session, issue.handler_id)} 受理。"
            )
        before = {"state": issue.state, "handler": issue.handler_id}
        issue.state, issue.handler_id = UrgentState.HANDLING, actor.id
        tx.audit(
            "urgent.take",
            "urgent_issue",
            str(issue_id),
            before,
            {"state": UrgentState.HANDLING, "handler": actor.id},
        )


@dataclass(frozen=True)
class ClosingState:
    """What the closing form asks for: a delay reason when ``late`` now; the real closing
    time when ``back_dated`` (补录)."""

    late: bool
    back_dated: bool


def closing_state(store: Store, issue_id: int) -> ClosingState:
    with store.read() as session:
        deadline, late_reason = session.execute(
            sa.select(UrgentIssue.deadline, UrgentIssue.late_reason).where(
                UrgentIssue.id == issue_id
            )
        ).one()
    return ClosingState(store.clock.now() > deadline, bool(late_reason))


def _close(
    store: Store,
    actor: StaffRow | None,
    issue_id: int,
    state: UrgentState,
    note: str,
    delay_reason: str = "",
    transferred_to: str = "",
    at: pendulum.DateTime | None = None,
) -> None:
    actor = require(actor, Action.URGENT_ISSUES)
    note, delay_reason = one_line(note), one_line(delay_reason)
    if not note:
        raise DomainError(
            "请写明处理结果。" if state == UrgentState.RESOLVED else "请写明转办原因。"
        )
    if len(note) > MAX_NOTE or len(delay_reason) > MAX_NOTE:
        raise DomainError(f"说明不超过 {MAX_NOTE} 字。")
    with store.write(actor.id) as tx:
        issue = _live(tx.session, issue_id)
        closed = tx.now
        if at is not None:
            if not issue.late_reason:
                raise DomainError("只有补录的紧急问题可以填写实际办结时间；其他的按现在计。")
            closed = backdating.real_time(at, issue.opened_at, tx.now, "办结时间")
        if closed > issue.deadline and not delay_reason:
            late = int((closed.timestamp() - issue.deadline.timestamp()) // 60)
            raise DomainError(f"已超过时限 {late} 分钟，请写明延误原因。")
        before = {"state": issue.state}
        issue.state = state
        issue.closed_at, issue.closed_by = closed, actor.id
        issue.note, issue.delay_reason, issue.transferred_to = note, delay_reason, transferred_to
        if issue.handler_id is None:
            issue.handler_id = actor.id
        tx.audit(
            f"urgent.{state}",
            "urgent_issue",
            str(issue_id),
            before,
            {"state": state, "note": note, "delay_reason": delay_reason, "to": transferred_to,
             "at": closed},
        )  # fmt: skip


def resolve(
    store: Store,
    actor: StaffRow | None,
    issue_id: int,
    note: str,
    delay_reason: str = "",
    at: pendulum.DateTime | None = None,
) -> None:
    """Resolved now, or for a back-dated issue at ``at``, the real time."""
    _close(store, actor, issue_id, UrgentState.RESOLVED, note, delay_reason, at=at)


def transfer(
    store: Store,
    actor: StaffRow | None,
    issue_id: int,
    to: str,
    note: str,
    delay_reason: str = "",
    at: pendulum.DateTime | None = None,
) -> None:
    to = one_line(to)
    if not to:
        raise DomainError("请写明转给谁（部门或人员）。")
    _close(store, actor, issue_id, UrgentState.TRANSFERRED, note, delay_reason, to, at)


@dataclass(frozen=True)
class MonthIssue:
    id: int
    opened_at: datetime
    category: str
    summary: str
    deadline: datetime
    state: str
    closed_at: datetime | None
    handler: str
    note: str
    delay_reason: str
    late_reason: str = ""  # registered late (补录), and why
    entered_at: datetime | None = None

    def outcome(self, now: pendulum.DateTime) -> str:
        """on_time, late, or pending: THE timeliness rule, stated once.

        An issue counts when it was opened in the month. It is on time when it
        was resolved or transferred at or before its deadline; late when that
        happened after it, or when it is still open past its deadline; pending
        while it is open and not yet due (then it is not counted at all).
        """
        if self.closed_at is not None:
            return "on_time" if self.closed_at <= self.deadline else "late"
        return "late" if now > self.deadline else "pending"


def issues_in_month(store: Store, month: date) -> list[MonthIssue]:
    """Every issue opened in the month, oldest first."""
    start, end = month_bounds(month)
    handler = aliased(Staff)
    with store.read() as session:
        rows = session.execute(
            sa.select(
                UrgentIssue.id,
                UrgentIssue.opened_at,
                UrgentIssue.category,
                UrgentIssue.summary,
                UrgentIssue.deadline,
                UrgentIssue.state,
                UrgentIssue.closed_at,
                sa.func.coalesce(handler.name, ""),
                UrgentIssue.note,
                UrgentIssue.delay_reason,
                UrgentIssue.late_reason,
                UrgentIssue.entered_at,
            )
            .outerjoin(handler, handler.id == UrgentIssue.handler_id)
            .where(UrgentIssue.opened_at >= start, UrgentIssue.opened_at < end)
            .order_by(UrgentIssue.opened_at, UrgentIssue.id)
        ).all()
    # Twelve columns: SQLAlchemy types a row that wide as open-ended, hence the tuple().
    return [MonthIssue(*tuple(row)) for row in rows]
