"""A shift, its time window on a date, and the shift running at a moment (no database:
the shift table itself is read and kept in step by domain/shifts.py)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.errors import DomainError

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@functools.lru_cache(maxsize=8192)
def _window(
    start_hhmm: str, end_hhmm: str, day: date
) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    # Asked tens of thousands of times (a month's attendance, every begun-shift check);
    # pendulum's arithmetic is slow and its DateTimes are immutable, so one answer serves.
    base = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
    sh, sm = map(int, start_hhmm.split(":"))
    eh, em = map(int, end_hhmm.split(":"))
    start = base.add(hours=sh, minutes=sm)
    end = base.add(hours=eh, minutes=em)
    if end <= start:
        end = end.add(days=1)
    return start, end


@dataclass(frozen=True)
class Shift:
    id: int
    code: str
    name: str
    start: str
    end: str

    def window(self, day: date) -> tuple[pendulum.DateTime, pendulum.DateTime]:
        """Start and end of this shift on ``day``, Beijing time."""
        return _window(self.start, self.end, day)

    @property
    def hours(self) -> str:
        return f"{self.start}-{self.end}"


# The words for a day off, wherever a shift is written (the weekly pattern, a rota file).
REST_WORDS = ("休", "休息", "rest", "-")


def abbreviations(shifts: list[Shift]) -> dict[str, Shift]:
    """早 for 早班: each shift's first character, where no other shift shares it."""
    firsts = [s.name[:1] for s in shifts]
    return {s.name[:1]: s for s in shifts if firsts.count(s.name[:1]) == 1}


def shift_words(shifts: list[Shift], rest: bool = True) -> str:
    """What may be written for a shift, for a refusal: 早班（早）、中班（中）、晚班（晚）或 休
    (without 休 where a day off is not written, as in a file that lists working days)."""
    short = {s.id: a for a, s in abbreviations(shifts).items()}
    names = "、".join(f"{s.name}（{short[s.id]}）" if s.id in short else s.name for s in shifts)
    return f"{names}或 休" if rest else names


def read_shift_word(word: str, shifts: list[Shift]) -> Shift | None:
    """One word for a shift, the same everywhere (the weekly pattern, the rota files, the
    command line): its name, code or one-character abbreviation; None for a rest day.
    ValueError when it is none of these."""
    word = word.strip()
    if word in REST_WORDS:
        return None
    match = next((s for s in shifts if word in (s.code, s.name)), None)
    if match is None:
        match = abbreviations(shifts).get(word)
    if match is None:
        raise ValueError(word)
    return match


def shift_by_code(shifts: list[Shift], code: str) -> Shift:
    for shift in shifts:
        if shift.code == code:
            return shift
    raise DomainError(f"没有代码为 {code} 的班次。")


def current_shift(shifts: list[Shift], now: pendulum.DateTime) -> tuple[date, Shift]:
    """The plan a duty chief most likely wants at ``now``.

    The earliest-starting shift that is running now (yesterday's late shift
    counts after midnight); otherwise the next shift to start today; otherwise
    tomorrow's first shift.
    """
    today = now.date()
    for day in (today - pendulum.duration(days=1), today):
        for shift in shifts:
            start, end = shift.window(day)
            if start <= now < end:
                return day, shift
    for shift in sorted(shifts, key=lambda s: s.window(today)[0]):
        if shift.window(today)[0] > now:
            return today, shift
    return today + pendulum.duration(days=1), shifts[0]


def describe_day(day: date) -> str:
    return f"{day.isoformat()} {WEEKDAYS[day.weekday()]}"
