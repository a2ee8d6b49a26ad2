"""The only source of "now": every screen and domain rule asks a Clock."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from typing import Protocol

import pendulum

from hotline_tui.errors import DomainError

BEIJING = pendulum.timezone("Asia/Shanghai")
# Start the installed command's clock at a chosen moment (tests, demonstrations).
CLOCK_START_ENV = "HOTLINE_CLOCK_START"


class Clock(Protocol):
    def now(self) -> pendulum.DateTime:
        """The current moment in Beijing time."""
        ...


class SystemClock:
    def now(self) -> pendulum.DateTime:
        return pendulum.now(BEIJING)


class StartedClock:
    """Real time, but started at a chosen moment: it runs at the wall clock's pace."""

    def __init__(self, start: pendulum.DateTime) -> None:
        self._start = start.in_timezone(BEIJING)
        self._started = time.monotonic()

    def now(self) -> pendulum.DateTime:
        return self._start.add(microseconds=int((time.monotonic() - self._started) * 1_000_000))


def clock_from_environment(env: Mapping[str, str] = os.environ) -> Clock:
    """The real clock, or one started at ``HOTLINE_CLOCK_START`` when that is set.

    The end-to-end tests drive the installed command at a fixed time of day this
    way, so that they run, and pass, whatever the hour.
    """
    text = env.get(CLOCK_START_ENV, "").strip()
    if not text:
        return SystemClock()
    try:
        start = pendulum.parse(text, tz=BEIJING)
    except (ValueError, pendulum.parsing.exceptions.ParserError):
        start = None
    if not isinstance(start, pendulum.DateTime):
        raise DomainError(
            f"{CLOCK_START_ENV} 的时间“{text}”无效，格式应为 YYYY-MM-DDTHH:MM:SS（北京时间）。"
        )
    return StartedClock(start)


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
