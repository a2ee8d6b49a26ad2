"""Escalations (请示报告): a 请示 asks a manager or the customer for a decision, a 报告
reports up; each one awaits its reply by a deadline set by its urgency.

An escalation is open from when it is raised until its reply is recorded or it is
withdrawn. While open it has a clock (domain/clocks/countdown.py) and is carried
on every handover (domain/handover/carry.py); a reply after the deadline is late
and the daily report lists it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Escalation, Staff
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import EscalationState
from hotline_tui.model.text import like_pattern, moment, parse_when, required_line
from hotline_tui.model.vocab import ESCALATION_ADDRESSEES, ESCALATION_KINDS

KINDS = ESCALATION_KINDS
ADDRESSEES = ESCALATION_ADDRESSEES
MAX_SUBJECT = 40
MAX_CONTENT = 500
MAX_REPLY = 300
MAX_WHO = 20


def parse_time(text: str, now: pendulum.DateTime, what: str) -> pendulum.DateTime | None:
    """A time typed as HH:MM (today) or YYYY-MM-DD HH:MM; None when left empty."""
    text = text.strip()
    return parse_when(text, now, what, "") if text else None


def raise_escalation(
    store: Store,
    actor: StaffRow | None,
    sla: SlaSpec,
    kind: str,
    subject: str,
    content: str,
    addressed_to: str,
    urgency: str,
    reply_due: pendulum.DateTime | None = None,
) -> int:
    """Register a 请示 or 报告 now; its reply is due ``reply_due``, or by default after
    the urgency's limit (``[sla] escalation_minutes``)."""
    actor = require(actor, Action.ESCALATE)
    if kind not in KINDS:
        raise DomainError(f"没有“{kind}”这一类（可选：{'、'.join(KINDS)}）。")
    if addressed_to not in ADDRESSEES:
        raise DomainError(f"请示报告只能报给：{'、'.join(ADDRESSEES)}。")
    if urgency not in sla.urgencies:
        raise DomainError(f"没有“{urgency}”这个紧急程度（可选：{'、'.join(sla.urgencies)}）。")
    subject = required_line(
        subject, MAX_SUBJECT, "请填写事由（一句话说明请示或报告什么）。", "事由"
    )
    content = content.strip()
    if len(content) > MAX_CONTENT:
        raise DomainError(f"内容不超过 {MAX_CONTENT} 字（现有 {len(content)} 字）。")
    now = store.clock.now()
    due = reply_due or now.add(minutes=sla.escalation_limit(urgency))
    if due <= now:
        raise DomainError(
            f"答复期限 {due.format('MM-DD HH:mm')} 已经过去，请填写将来的时间，或留空按紧急程度计。"
        )
    with store.write(actor.id) as tx:
        row = Escalation(
            kind=kind,
            subject=subject,
            content=content,
            raised_by=actor.id,
            raised_at=tx.now,
            addressed_to=addressed_to,
            urgency=urgency,
            reply_due=due,
        )
        tx.session.add(row)
        tx.session.flush()
        tx.audit(
            "escalation.raise",
            "escalation",
            str(row.id),
            None,
            {"kind": kind, "subject": subject, "to": addressed_to, "urgency": urgency,
             "due": due},
        )  # fmt: skip
        return row.id


def _open(session: Session, escalation_id: int) -> Escalation:
    row = session.get(Escalation, escalation_id)
    if row is None:
        raise DomainError(f"请示报告 #{escalation_id} 不存在。")
    if row.replied_at is not None:
        raise ConflictError(
            f"{row.kind} #{escalation_id} 已于 {moment(row.replied_at)} 由 {row.replied_by} 答复。"
        )
    if row.withdrawn_at is not None:
        raise ConflictError(f"{row.kind} #{escalation_id} 已于 {moment(row.withdrawn_at)} 撤回。")
    return row


def record_reply(
    store: Store,
    actor: StaffRow | None,
    escalation_id: int,
    replied_by: str,
    decision: str,
    at: pendulum.DateTime | None = None,
) -> None:
    """The reply: who answered, what was decided, and when (now unless given)."""
    actor = require(actor, Action.ESCALATE)
    who = required_line(replied_by, MAX_WHO, "请写明是谁答复的。", "答复人")
    decision = required_line(decision, MAX_REPLY, "请写明答复或决定的内容。", "答复内容")
    with store.write(actor.id) as tx:
        row = _open(tx.session, escalation_id)
        when = at or tx.now
        if when > tx.now:
            raise DomainError(
                f"答复时间 {when.format('MM-DD HH:mm')} 在将来，请填写已经发生的时间。"
            )
        if when < row.raised_at:
            raise DomainError(
                f"答复时间 {when.format('MM-DD HH:mm')} 早于提出时间 {moment(row.raised_at)}："
                "答复不能在请示之前。"
            )
        row.replied_at, row.replied_by, row.decision = when, who, decision
        row.recorded_by = actor.id
        tx.audit(
            "escalation.reply",
            "escalation",
            str(escalation_id),
            None,
            {"by": who, "decision": decision, "at": when, "late": when > row.reply_due},
        )


def withdraw(store: Store, actor: StaffRow | None, escalation_id: int, reason: str) -> None:
    """Withdrawn by whoever may escalate: it needs no reply any more, and why."""
    actor = require(actor, Action.ESCALATE)
    reason = required_line(reason, MAX_REPLY, "请写明撤回的原因。", "撤回原因")
    with store.write(actor.id) as tx:
        row = _open(tx.session, escalation_id)
        row.withdrawn_at, row.withdrawn_by, row.withdraw_reason = tx.now, actor.id, reason
        tx.audit("escalation.withdraw", "escalation", str(escalation_id), None, {"reason": reason})


@dataclass(frozen=True)
class EscalationRow:
    id: int
    kind: str
    subject: str
    content: str
    raised_by: str
    raised_at: datetime
    addressed_to: str
    urgency: str
    reply_due: datetime
    replied_at: datetime | None
    replied_by: str
    decision: str
    withdrawn_at: datetime | None
    withdraw_reason: str

    @property
    def stage(self) -> EscalationState:
        return EscalationState.of(self.replied_at, self.withdrawn_at)

    @property
    def is_open(self) -> bool:
        return self.stage is EscalationState.OPEN

    @property
    def late(self) -> bool:
        """Answered after its deadline."""
        return self.replied_at is not None and self.replied_at > self.reply_due

    def state(self, now: datetime) -> str:
        stage = self.stage
        if stage is EscalationState.WITHDRAWN:
            return "已撤回"
        if stage is EscalationState.REPLIED:
            return "逾期答复" if self.late else "已答复"
        return "超时未复" if now > self.reply_due else "待答复"

    @property
    def title(self) -> str:
        return f"{self.kind}：{self.subject}（报{self.addressed_to}）"


@functools.cache
def _select() -> sa.Select:
    """Built once: building an aliased select costs more than running it."""
    raiser = aliased(Staff)
    return sa.select(
        Escalation.id, Escalation.kind, Escalation.subject, Escalation.content, raiser.name,
        Escalation.raised_at, Escalation.addressed_to, Escalation.urgency, Escalation.reply_due,
        Escalation.replied_at, Escalation.replied_by, Escalation.decision,
        Escalation.withdrawn_at, Escalation.withdraw_reason,
    ).join(raiser, raiser.id == Escalation.raised_by)  # fmt: skip


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class EscalationSearch:
    """Words (subject, content, reply, who raised or answered, to whom) and a date or a
    month of raising, as typed in one line: ``2026-11 燃气 张``."""

    words: tuple[str, ...] = ()
    first: date | None = None
    last: date | None = None

    @classmethod
    def parse(cls, text: str) -> EscalationSearch:
        words, first, last = [], None, None
        for token in text.split():
            try:
                if _DAY.match(token):
                    first = last = date.fromisoformat(token)
                    continue
                if _MONTH.match(token):
                    first = date.fromisoformat(token + "-01")
                    last = pendulum.date(first.year, first.month, 1).end_of("month")
                    continue
            except ValueError:
                raise DomainError(f"日期“{token}”不存在，请写成 YYYY-MM-DD 或 YYYY-MM。") from None
            words.append(token)
        return cls(tuple(words), first, last)


def search(
    store: Store, where: EscalationSearch = EscalationSearch(), limit: int = 500
) -> list[EscalationRow]:
    """Escalations matching ``where``, open ones first, then newest first."""
    query = _select()
    raiser = query.selected_columns[4]
    for word in where.words:
        pattern = like_pattern(word)
        query = query.where(
            sa.or_(
                *(
                    column.like(pattern, escape="\\")
                    for column in (
                        Escalation.subject, Escalation.content, Escalation.decision,
                        Escalation.replied_by, Escalation.addressed_to, Escalation.kind,
                        Escalation.urgency, raiser,
                    )
                )
            )
        )  # fmt: skip
    if where.first is not None and where.last is not None:
        start = pendulum.datetime(where.first.year, where.first.month, where.first.day, tz=BEIJING)
        end = pendulum.datetime(where.last.year, where.last.month, where.last.day, tz=BEIJING)
        query = query.where(Escalation.raised_at >= start, Escalation.raised_at < end.add(days=1))
    is_open = sa.and_(Escalation.replied_at.is_(None), Escalation.withdrawn_at.is_(None))
    query = query.order_by(sa.case((is_open, 0), else_=1), Escalation.raised_at.desc()).limit(limit)
    with store.read() as session:
        rows = session.execute(query).all()
    return [EscalationRow(*tuple(row)) for row in rows]


def between(store: Store, start: datetime, end: datetime) -> list[EscalationRow]:
    """Escalations raised in [start, end), or answered or withdrawn then, oldest first."""
    query = (
        _select()
        .where(
            sa.or_(
                sa.and_(Escalation.raised_at >= start, Escalation.raised_at < end),
                sa.and_(Escalation.replied_at >= start, Escalation.replied_at < end),
                sa.and_(Escalation.withdrawn_at >= start, Escalation.withdrawn_at < end),
            )
        )
        .order_by(Escalation.raised_at, Escalation.id)
    )
    with store.read() as session:
        return [EscalationRow(*tuple(row)) for row in session.execute(query).all()]


def still_open(store: Store, at: datetime) -> list[EscalationRow]:
    """Escalations raised before ``at`` and neither answered nor withdrawn by then."""
    query = (
        _select()
        .where(
            Escalation.raised_at < at,
            sa.or_(Escalation.replied_at.is_(None), Escalation.replied_at >= at),
            sa.or_(Escalation.withdrawn_at.is_(None), Escalation.withdrawn_at >= at),
        )
        .order_by(Escalation.reply_due, Escalation.id)
    )
    with store.read() as session:
        return [EscalationRow(*tuple(row)) for row in session.execute(query).all()]
