"""The arrival rule in SQL: a rota entry's mark, probation on the day, and whether the
rate counts the entry (model/arrival.py states the rule itself)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from hotline_tui.db.tables import Attendance, RotaEntry, Staff, StaffStatus
from hotline_tui.model.arrival import ArrivalRule


def marked(rota: type[RotaEntry] = RotaEntry) -> sa.ColumnElement[bool]:
    """Join condition: the attendance row of a rota entry (same day, shift and person)."""
    return sa.and_(
        Attendance.day == rota.day,
        Attendance.shift_id == rota.shift_id,
        Attendance.staff_id == rota.staff_id,
    )


def probation_on(
    day: sa.orm.InstrumentedAttribute[date] | sa.ColumnElement[date] | date,
    staff: type[Staff] = Staff,
) -> sa.ColumnElement[bool]:
    """SQL: the person was on probation (试用) on ``day``, by the span of their status
    that held that day (people/status.py), never by what their status says now."""
    return (
        sa.exists()
        .where(
            StaffStatus.staff_id == staff.id,
            StaffStatus.probation.is_(True),
            StaffStatus.since <= day,
            sa.or_(StaffStatus.until.is_(None), StaffStatus.until > day),
        )
        .correlate_except(StaffStatus)
    )


def counted(rule: ArrivalRule, rota: type[RotaEntry] = RotaEntry) -> sa.ColumnElement[bool]:
    """SQL: the rota entry counts toward the rate under ``rule`` (joined with its Staff row)."""
    return sa.true() if rule.count_probation else sa.not_(probation_on(rota.day))
