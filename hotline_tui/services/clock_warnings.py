"""The open clocks as last read, the header's summary of them, and each warning once
(per terminal and per person at it: the next one to sign in hears what is due too)."""

from __future__ import annotations

import pendulum

from hotline_tui.model.countdown import OpenClock, Warning, WarningTracker, band, format_remaining
from hotline_tui.workdays import Calendar


class ClockWarnings:
    def __init__(self, calendar: Calendar) -> None:
        self._calendar = calendar
        self.clocks: list[OpenClock] = []
        self._tracker = WarningTracker()
        # Warnings may need the holiday calendar (a large import): not before the first frame.
        self.ready = False

    def summary(self, now: pendulum.DateTime) -> tuple[str, str, str]:
        """(band of the nearest urgent issue, the header's long and short words); the
        words are empty without an open urgent issue."""
        urgent = [c for c in self.clocks if c.kind == "urgent"]
        if not urgent:
            return "normal", "", ""
        nearest = urgent[0]
        left = nearest.remaining(now)
        count, nearest_left = len(urgent), format_remaining(nearest, left)
        return (
            band(nearest, left),
            f"紧急问题 {count} 件 最近 {nearest_left}",
            f"紧急{count}件 {nearest_left}",
        )

    def due(self, now: pendulum.DateTime, someone_signed_in: bool) -> list[Warning]:
        """The warnings to sound now, each once: for whoever is at the terminal, once ready."""
        if not someone_signed_in or not self.ready:
            return []
        return self._tracker.check(self.clocks, now, self._calendar)

    def forget_heard(self) -> None:
        """Someone signed out: the next person hears what is due, too."""
        self._tracker = WarningTracker()

    def as_now(self, key: tuple[str, int], now: pendulum.DateTime) -> Warning | None:
        """The warning about clock ``key`` as it stands at ``now``: a notice says the time
        left as the header does, not as it was when it sounded. None once it is closed."""
        clock = next((c for c in self.clocks if c.key == key), None)
        if clock is None:
            return None
        left = clock.remaining(now, self._calendar)
        return Warning(clock, band(clock, left), left)
