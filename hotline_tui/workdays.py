"""China working days: statutory holidays, 调休 weekend workdays, and hand-entered years.

The State Council's arrangements come packaged in ``data/china_workdays.toml``, taken
from the ``holidays`` package (a test extra, pinned; a test keeps the file true to it);
the office enters later years in ``workdays.toml``. In a year neither knows, the
calendar counts an ordinary week (Monday to Friday), never the package's own guess
from the lunar rules: that is what the screens say of such a year
("假日安排未知，暂按普通周计算"), and ``Calendar.knows`` lets whoever asks say it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, cached_property
from pathlib import Path

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.config import packaged_data_dir


class WorkdaysError(Exception):
    """The hand-entered file cannot be used; the message is for the user."""


@dataclass(frozen=True)
class YearOverride:
    off: frozenset[date]
    work: frozenset[date]


def load_overrides(path: Path) -> dict[int, YearOverride]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkdaysError(f"无法读取工作日文件 {path}：{exc}") from None
    years: dict[int, YearOverride] = {}
    for key, table in data.items():
        try:
            year = int(key)
        except ValueError:
            raise WorkdaysError(
                f"工作日文件 {path.name}：“[{key}]”不是年份，应写成 [2027]。"
            ) from None
        if not isinstance(table, dict):
            raise WorkdaysError(
                f"工作日文件 {path.name}：[{key}] 应包含 off 和 work 两个日期列表。"
            )
        lists = {}
        for name in ("off", "work"):
            lists[name] = frozenset(
                _dates(table.get(name, []), year, f"{path.name} [{key}] {name}")
            )
        both = lists["off"] & lists["work"]
        if both:
            day = min(both).isoformat()
            raise WorkdaysError(f"工作日文件 {path.name} [{key}]：{day} 既是放假日又是上班日。")
        years[year] = YearOverride(lists["off"], lists["work"])
    return years


def _dates(values, year: int, where: str) -> list[date]:
    if not isinstance(values, list):
        raise WorkdaysError(f'工作日文件 {where} 应为日期列表，如 ["{year}-01-01"]。')
    days = []
    for value in values:
        try:
            day = value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            raise WorkdaysError(
                f"工作日文件 {where}：“{value}”不是有效日期（YYYY-MM-DD）。"
            ) from None
        if day.year != year:
            raise WorkdaysError(f"工作日文件 {where}：{day} 不属于 {year} 年。")
        days.append(day)
    return days


# The State Council's arrangements of the years the holidays package knows, packaged
# (data/china_workdays.toml, kept true to the package by a test): the package itself
# imports all its countries and computes lunar calendars (0.2 s and 14 MiB for a year),
# too much for every terminal on its way to the floor.
CHINA_FILE = "china_workdays.toml"


@cache
def national_years() -> dict[int, YearOverride]:
    """The packaged arrangements, read once per process."""
    return load_overrides(packaged_data_dir() / CHINA_FILE)


@dataclass
class Calendar:
    """Working days: the office's years (``overrides``) over the packaged national ones;
    a year neither knows is an ordinary week."""

    overrides: dict[int, YearOverride] = field(default_factory=dict)
    national: dict[int, YearOverride] = field(default_factory=national_years)

    def knows(self, year: int) -> bool:
        return year in self.overrides or year in self.national

    @cached_property
    def _workdays(self) -> dict[date, bool]:
        return {}

    def is_workday(self, day: date) -> bool:
        # Asked for every replacement clock every second: remember the answers.
        known = self._workdays.get(day)
        if known is None:
            known = self._workdays[day] = self._lookup(day)
        return known

    def _lookup(self, day: date) -> bool:
        year = self.overrides.get(day.year) or self.national.get(day.year)
        if year is None:
            return day.weekday() < 5  # an ordinary week, as the screens say
        if day in year.work:
            return True
        if day in year.off:
            return False
        return day.weekday() < 5

    def add_workdays(self, day: date, count: int) -> tuple[date, set[int]]:
        """The ``count``-th working day after ``day``, and the unknown years crossed on the way."""
        unknown: set[int] = set()
        found = 0
        while found < count:
            day += timedelta(days=1)
            if not self.knows(day.year):
                unknown.add(day.year)
            if self.is_workday(day):
                found += 1
        return day, unknown

    def working_seconds(self, start: datetime, end: datetime) -> int:
        """Seconds of working days between two moments (whole working days count 24 hours)."""
        if end <= start:
            return -self.working_seconds(end, start)
        start_b = pendulum.instance(start).in_timezone(BEIJING)
        end_b = pendulum.instance(end).in_timezone(BEIJING)
        total = 0
        day = start_b.date()
        while day <= end_b.date():
            if self.is_workday(day):
                day_start = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
                lo = max(start_b, day_start)
                hi = min(end_b, day_start.add(days=1))
                if hi > lo:
                    total += int((hi - lo).total_seconds())
            day += timedelta(days=1)
        return total


@dataclass(frozen=True)
class SpecialDays:
    """The days of a span that are not an ordinary week's: holidays on weekdays, weekends
    worked (调休), and the years whose arrangement nobody knows."""

    off: list[date]
    worked: list[date]
    unknown_years: list[int]

    def __bool__(self) -> bool:
        return bool(self.off or self.worked or self.unknown_years)

    @property
    def text(self) -> str:
        """In words, for the question asked before the rota is generated over them."""
        parts = []
        if self.off:
            parts.append(f"放假日：{_days_text(self.off)}")
        if self.worked:
            parts.append(f"调休上班日：{_days_text(self.worked)}")
        if self.unknown_years:
            years = "、".join(str(y) for y in self.unknown_years)
            parts.append(f"{years} 年的放假安排未知，暂按普通周计算")
        return "；".join(parts)


def special_days_among(calendar: Calendar, days: set[date]) -> SpecialDays:
    """The special days among ``days`` (those a rota file schedules), for its warning."""
    if not days:
        return SpecialDays([], [], [])
    span = special_days(calendar, min(days), max(days))
    return SpecialDays(
        [d for d in span.off if d in days],
        [d for d in span.worked if d in days],
        sorted({d.year for d in days if not calendar.knows(d.year)}),
    )


def _days_text(days: list[date]) -> str:
    return "、".join(f"{d:%m-%d}" for d in days)


def special_days(calendar: Calendar, since: date, until: date) -> SpecialDays:
    off: list[date] = []
    worked: list[date] = []
    unknown: set[int] = set()
    day = since
    while day <= until:
        if not calendar.knows(day.year):
            unknown.add(day.year)
        elif calendar.is_workday(day) != (day.weekday() < 5):
            (worked if calendar.is_workday(day) else off).append(day)
        day += timedelta(days=1)
    return SpecialDays(off, worked, sorted(unknown))


def load_calendar(*paths: Path) -> Calendar:
    """The national calendar with each file's years over it, a later file's winning."""
    overrides: dict[int, YearOverride] = {}
    for path in paths:
        overrides.update(load_overrides(path))
    return Calendar(overrides)
