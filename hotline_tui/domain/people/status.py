"""A person's status as dated facts: spans of 在职, 试用, 待撤换 and 离职, each from its
first day up to the first day of the next (``StaffStatus``).

A past day reads its own span, so the arrival rate of a month (which counts formal
staff, 正式人员, as they were on each day) stays what it was when someone is confirmed,
set back to 试用, asked to be replaced or leaves later. A change takes effect from a
day in the open month (``periods.require_open``), never before: a closed month is what
the customer judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.db.store import WriteTx
from hotline_tui.db.tables import Staff, StaffStatus
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.periods import require_open
from hotline_tui.model.states import Employment
from hotline_tui.model.vocab import STAFF_STATUSES

FROM_THE_START = date(1, 1, 1)  # everyone's first span: from whenever they came
STATUSES = STAFF_STATUSES


@dataclass(frozen=True)
class Span:
    status: str
    probation: bool
    since: date
    until: date | None  # the first day of the next span

    @property
    def since_text(self) -> str:
        return "入职起" if self.since == FROM_THE_START else f"{self.since} 起"


def _probation_after(status: str, before: bool) -> bool:
    """Whether a span of ``status`` is still probation, after a span that was ``before``."""
    if status == Employment.PROBATION:
        return True
    if status == Employment.EMPLOYED:
        return False
    return before  # asked to be replaced or leaving: neither confirms nor ends probation


def start_status(tx: WriteTx, staff_id: int, status: str) -> None:
    """Inside a write: a new person's first span (no audit row of its own)."""
    tx.session.add(
        StaffStatus(
            staff_id=staff_id,
            status=status,
            probation=status == Employment.PROBATION,
            since=FROM_THE_START,
        )
    )


def _spans(session: Session, staff_id: int) -> list[StaffStatus]:
    return list(
        session.execute(
            sa.select(StaffStatus)
            .where(StaffStatus.staff_id == staff_id)
            .order_by(StaffStatus.since, StaffStatus.id)
        ).scalars()
    )


def history(session: Session, staff_id: int) -> list[Span]:
    """A person's spans, oldest first."""
    return [Span(s.status, s.probation, s.since, s.until) for s in _spans(session, staff_id)]


def _insert(tx: WriteTx, person: Staff, status: str, since: date) -> bool:
    """Split the span covering ``since``: ``status`` from that day. False when the
    person already had ``status`` then."""
    spans = _spans(tx.session, person.id)
    if not spans:  # a row from outside the desk: give it its start
        spans = [StaffStatus(staff_id=person.id, status=person.status,
                             probation=person.status == Employment.PROBATION, since=FROM_THE_START)]  # fmt: skip
        tx.session.add(spans[0])
    covering = [s for s in spans if s.since <= since][-1]
    if covering.status == status:
        return False
    if covering.since == since:
        covering.status = status  # a correction on the same day: no span in between
        changed = spans.index(covering)
    else:
        new = StaffStatus(
            staff_id=person.id, status=status, probation=False, since=since, until=covering.until
        )
        tx.session.add(new)
        covering.until = since
        changed = spans.index(covering) + 1
        spans.insert(changed, new)
    # From the changed span on: the spans before it are the past, and keep what they said.
    before = spans[changed - 1].probation if changed else spans[0].probation
    for span in spans[changed:]:
        span.probation = before = _probation_after(span.status, before)
    return True


def change_status(tx: WriteTx, person: Staff, status: str, since: date) -> bool:
    """Inside a write: ``person`` has ``status`` from ``since`` (a day of the open month,
    not in the future). False when nothing changes."""
    if status not in STATUSES[:3]:
        raise DomainError(f"没有“{status}”这种人员状态。")
    today = tx.now.date()
    if since > today:
        raise DomainError(f"状态的生效日期 {since} 还没到，请到那一天再改。")
    require_open(since, today, "状态的生效日期")
    later = tx.session.execute(
        sa.select(StaffStatus.status, StaffStatus.since)
        .where(StaffStatus.staff_id == person.id, StaffStatus.since > since)
        .order_by(StaffStatus.since)
        .limit(1)
    ).first()
    if later is not None and later.status != Employment.LEFT:
        raise ConflictError(
            f"{person.name} 从 {later.since} 起是{later.status}，生效日期不能早于这一天。"
        )
    changed = _insert(tx, person, status, since)
    person.status = status
    return changed


def record_leaving(tx: WriteTx, person: Staff, on: date) -> None:
    """Inside a write: ``on`` is the first day they no longer work here (their history,
    probation included, stays as it was before that day)."""
    later = tx.session.execute(
        sa.select(StaffStatus.status, StaffStatus.since)
        .where(StaffStatus.staff_id == person.id, StaffStatus.since > on)
        .order_by(StaffStatus.since)
        .limit(1)
    ).first()
    if later is not None:
        raise ConflictError(
            f"{person.name} 从 {later.since} 起是{later.status}，离职日期不能早于这一天。"
        )
    _insert(tx, person, Employment.LEFT, on)
    if on <= tx.now.date():
        person.status = Employment.LEFT
