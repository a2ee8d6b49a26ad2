"""Every open clock on the floor, read nearest deadline first (model/countdown.py holds
a clock's arithmetic, its bands and its warnings)."""

from __future__ import annotations

import functools
from datetime import datetime

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Escalation, Fault, ReplacementRequest, Staff, UrgentIssue
from hotline_tui.model.countdown import URGENT_STATE_NAMES, OpenClock


@functools.cache
def _open_queries() -> tuple[
    sa.Select[int, str, str, str, str, datetime],
    sa.Select[int, str, str, datetime],
    sa.Select[int, str, str, str, datetime, str],
    sa.Select[int, str, str, str, datetime],
]:
    """Built once: building these selects cost more than running them, every tick that
    the database changed and on every handover."""
    urgent = (
        sa.select(
            UrgentIssue.id,
            UrgentIssue.category,
            UrgentIssue.summary,
            sa.func.coalesce(Staff.name, ""),
            UrgentIssue.state,
            UrgentIssue.deadline,
        )
        .outerjoin(Staff, Staff.id == UrgentIssue.handler_id)
        .where(UrgentIssue.state.in_(tuple(URGENT_STATE_NAMES)))
    )
    faults = sa.select(Fault.id, Fault.system, Fault.description, Fault.report_deadline).where(
        Fault.reported_at.is_(None), Fault.resolved_at.is_(None)
    )
    replacements = (
        sa.select(
            ReplacementRequest.id,
            ReplacementRequest.reason,
            Staff.name,
            Staff.staff_no,
            ReplacementRequest.deadline,
            ReplacementRequest.calendar_unknown,
        )
        .join(Staff, Staff.id == ReplacementRequest.staff_id)
        .where(ReplacementRequest.responded_at.is_(None))
    )
    escalations = sa.select(
        Escalation.id,
        Escalation.kind,
        Escalation.subject,
        Escalation.addressed_to,
        Escalation.reply_due,
    ).where(Escalation.replied_at.is_(None), Escalation.withdrawn_at.is_(None))
    return urgent, faults, replacements, escalations


def open_clocks(store: Store) -> list[OpenClock]:
    """Every clock still running, nearest deadline first."""
    urgent_query, fault_query, replacement_query, escalation_query = _open_queries()
    with store.read() as session:
        urgent = session.execute(urgent_query).all()
        faults = session.execute(fault_query).all()
        replacements = session.execute(replacement_query).all()
        escalations = session.execute(escalation_query).all()
    clocks = [
        OpenClock("urgent", i, f"[{cat}] {summary}", who, URGENT_STATE_NAMES[state], deadline)
        for i, cat, summary, who, state, deadline in urgent
    ]
    clocks += [
        OpenClock("fault", i, f"{system} {desc}".strip(), system, "待上报", deadline)
        for i, system, desc, deadline in faults
    ]
    clocks += [
        OpenClock(
            "replacement", i, f"撤换 {name}（{no}）：{reason}", name, "待答复", deadline, unknown
        )
        for i, reason, name, no, deadline, unknown in replacements
    ]
    clocks += [
        # The customer's contact is 采购人 in the narrow 经手 column; the title says it in full.
        OpenClock("escalation", i, f"{kind}：{subject}（报{to}）", to.removesuffix("联系人"),
                  "待答复", deadline)
        for i, kind, subject, to, deadline in escalations
    ]  # fmt: skip
    clocks.sort(key=lambda c: (c.deadline, c.kind, c.id))
    return clocks
