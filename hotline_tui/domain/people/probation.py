"""Probation (试用) kept with its dates: the arrival rate counts formal staff (正式人员)
as they were on each day, so a past month's rate does not change when someone is
confirmed, asked to be replaced or leaves later (attendance.arrival.on_probation)."""

from __future__ import annotations

from datetime import date

from hotline_tui.db.tables import Staff

# Still on probation, though the status now says something else (待撤换): no end yet.
NOT_ENDED = date(9999, 12, 31)


def set_status(person: Staff, status: str, today: date) -> None:
    """Change a person's status; ``today`` is the first day of the new status."""
    if status == "试用":
        person.probation_ended_on = None  # the status itself says so
    elif person.status == "试用":
        # Confirmed (在职) from today; asked to be replaced (待撤换) or leaving: not confirmed.
        person.probation_ended_on = today if status == "在职" else NOT_ENDED
    person.status = status


def leave_on(person: Staff, on: date) -> None:
    """They leave on ``on``: a probation that never ended ends there, unconfirmed."""
    if person.status == "试用" or person.probation_ended_on == NOT_ENDED:
        person.probation_ended_on = on
