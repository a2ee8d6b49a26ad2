"""Arrival rates per group and overall, by the arrival rule."""

from __future__ import annotations

from datetime import date

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Staff,
    StaffGroup,
    WorkGroup,
)
from hotline_tui.domain.attendance.arrival import ARRIVED, FORMAL_ONLY, ArrivalRule, Rate, marked
from hotline_tui.domain.people.roster import member_on
from hotline_tui.domain.shifts import Shift


def rates(
    store: Store,
    since: date,
    until: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    shift: Shift | None = None,
    rule: ArrivalRule = FORMAL_ONLY,
) -> dict[str, Rate]:
    """Arrival rate per group and overall ("" key) for the dates, optionally one shift;
    only shifts begun by ``now`` count, and only the people ``rule`` counts."""
    arrived = sa.func.sum(sa.case((Attendance.status.in_(tuple(ARRIVED)), 1), else_=0))
    query = (
        sa.select(sa.func.coalesce(WorkGroup.name, "管理人员"), sa.func.count(RotaEntry.id), arrived)
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(StaffGroup, member_on(RotaEntry.day))
        .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
        .outerjoin(
            Attendance,
            marked(),
        )
        .where(RotaEntry.day >= since, RotaEntry.day <= min(until, now.date()), rule.counts())
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
