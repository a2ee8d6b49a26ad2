"""The only source of "now": every screen and domain rule asks a Clock."""

from __future__ import annotations

from typing import Protocol

import pendulum

BEIJING = pendulum.timezone("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> pendulum.DateTime:
        """The current moment in Beijing time."""
        ...


class SystemClock:
    def now(self) -> pendulum.DateTime:
        return pendulum.now(BEIJING)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, moment: pendulum.DateTime | str) -> None:
        if isinstance(moment, str):
            parsed = pendulum.parse(moment, tz=BEIJING)
            if not isinstance(parsed, pendulum.DateTime):
                raise ValueError(f"not a moment: {moment!r}")
            moment = parsed
        self._now = moment.in_timezone(BEIJING)

    def now(self) -> pendulum.DateTime:
        return self._now

    def advance(self, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0) -> None:
        self._now = self._now.add(days=days, hours=hours, minutes=minutes, seconds=seconds)

    def set(self, moment: pendulum.DateTime) -> None:
        self._now = moment.in_timezone(BEIJING)
