"""Shift changes: which shift hands over to which, and when a handover falls due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pendulum

from hotline_tui.model.shifts import Shift, describe_day


@dataclass(frozen=True)
class ShiftChange:
    """The outgoing shift ``shift`` on ``day`` hands over to ``to_shift`` on ``to_day``."""

    day: date
    shift: Shift
    to_day: date
    to_shift: Shift

    @property
    def due(self) -> pendulum.DateTime:
        """The handover is due when the outgoing shift ends."""
        return self.shift.window(self.day)[1]

    @property
    def label(self) -> str:
        return f"{describe_day(self.day)} {self.shift.name}交{self.to_shift.name}"

    @property
    def short_label(self) -> str:
        return f"{self.day.strftime('%m-%d')} {self.shift.name}交{self.to_shift.name}"


def change_after(shifts: list[Shift], day: date, shift: Shift) -> ShiftChange:
    """Shifts hand over in their configured order; the last one to the next day's first."""
    index = shifts.index(shift)
    if index + 1 < len(shifts):
        return ShiftChange(day, shift, day, shifts[index + 1])
    return ShiftChange(day, shift, day + timedelta(days=1), shifts[0])


def changes_started(
    shifts: list[Shift], now: pendulum.DateTime, count: int = 4
) -> list[ShiftChange]:
    """The latest shift changes whose outgoing shift has begun, newest first."""
    found: list[ShiftChange] = []
    day = now.date()
    while len(found) < count:
        for shift in reversed(shifts):
            if shift.window(day)[0] <= now:
                found.append(change_after(shifts, day, shift))
                if len(found) == count:
                    break
        day -= timedelta(days=1)
    return found


def next_change(shifts: list[Shift], now: pendulum.DateTime) -> ShiftChange:
    """The first shift change whose outgoing shift has not begun yet: not writable until then."""
    day = now.date()
    while True:
        for shift in shifts:
            if shift.window(day)[0] > now:
                return change_after(shifts, day, shift)
        day += timedelta(days=1)


def last_change_due(shifts: list[Shift], now: pendulum.DateTime) -> ShiftChange | None:
    """The most recent shift change whose handover fell due at or before ``now``."""
    candidates = [
        change_after(shifts, day, shift)
        for day in (now.date() - timedelta(days=1), now.date())
        for shift in shifts
    ]
    due = [c for c in candidates if c.due <= now]
    return max(due, key=lambda c: c.due) if due else None
