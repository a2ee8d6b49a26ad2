"""Arrival rates per group and overall, by the arrival rule."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    RotaEntry,
    Staff,
    StaffGroup,
    WorkGroup,
)
from hotline_tui.domain.attendance.arrival import counted, marked
from hotline_tui.domain.people.roster import member_on
from hotline_tui.model.arrival import ARRIVED, FORMAL_ONLY, ArrivalRule, Rate
from hotline_tui.model.shifts import Shift


def _counted(
    key: sa.ColumnElement[Any] | InstrumentedAttribute[Any],
    since: date,
    until: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    shift: Shift | None,
    rule: ArrivalRule,
) -> sa.Select[Any]:
    """(key, scheduled, arrived, calling) of the rota entries the rate counts, grouped
    by ``key``: only shifts begun by ``now``, and only the people ``rule`` counts. The
    unmarked of a shift still under way are being called: counted apart (calling)."""
    arrived = sa.func.sum(sa.case((Attendance.status.in_(tuple(ARRIVED)), 1), else_=0))
    running = [
        sa.and_(RotaEntry.day == day, RotaEntry.shift_id == s.id)
        for s in shifts
        for day in (now.date(), now.date() - timedelta(days=1))
        if s.window(day)[0] <= now < s.window(day)[1]
    ]
    being_called = sa.and_(Attendance.id.is_(None), sa.or_(*running)) if running else sa.false()
    calling = sa.func.sum(sa.case((being_called, 1), else_=0))
    scheduled = sa.func.sum(sa.case((being_called, 0), else_=1))
    query = (
        sa.select(key, scheduled, arrived, calling)
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .outerjoin(StaffGroup, member_on(RotaEntry.day))
        .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
        .outerjoin(Attendance, marked())
        .where(RotaEntry.day >= since, RotaEntry.day <= min(until, now.date()), counted(rule))
        .group_by(key)
    )  # fmt: skip
    if shift is not None:
        query = query.where(RotaEntry.shift_id == shift.id)
    today = now.date()
    not_begun = [s.id for s in shifts if s.window(today)[0] > now]
    if not_begun:
        query = query.where(
            sa.not_(sa.and_(RotaEntry.day == today, RotaEntry.shift_id.in_(not_begun)))
        )
    return query


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
    group = sa.func.coalesce(WorkGroup.name, "管理人员")
    query = _counted(group, since, until, now, shifts, shift, rule).order_by(
        sa.func.min(WorkGroup.sort_order)
    )
    with store.read() as session:
        rows = session.execute(query).all()
    result = {group: Rate(int(n or 0), int(a or 0), int(c or 0)) for group, n, a, c in rows}
    result[""] = Rate(
        sum(r.scheduled for r in result.values()),
        sum(r.arrived for r in result.values()),
        sum(r.calling for r in result.values()),
    )
    return result


def daily_rates(
    store: Store,
    since: date,
    until: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    rule: ArrivalRule = FORMAL_ONLY,
) -> dict[date, Rate]:
    """The overall rate of each day, in one query: a day without counted entries is absent."""
    query = _counted(RotaEntry.day, since, until, now, shifts, None, rule)
    with store.read() as session:
        rows = session.execute(query).all()
    return {day: Rate(int(n or 0), int(a or 0), int(c or 0)) for day, n, a, c in rows}
