"""The period of a work report: a day, an ISO week (Monday to Sunday) or a month."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.errors import DomainError
from hotline_tui.model.periods import month_of, shift_month
from hotline_tui.model.shifts import Shift

KIND_NAMES = {"day": "日报", "week": "周报", "month": "月报"}
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class ReportPeriod:
    kind: str  # day, week, month
    first: date
    last: date

    @classmethod
    def day(cls, day: date) -> ReportPeriod:
        return cls("day", day, day)

    @classmethod
    def week_of(cls, day: date) -> ReportPeriod:
        monday = day - timedelta(days=day.weekday())
        return cls("week", monday, monday + timedelta(days=6))

    @classmethod
    def month_of(cls, day: date) -> ReportPeriod:
        return cls("month", *month_of(day))

    @classmethod
    def of(cls, kind: str, day: date) -> ReportPeriod:
        """The period of ``kind`` that holds ``day``."""
        return {"day": cls.day, "week": cls.week_of, "month": cls.month_of}[kind](day)

    @property
    def name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def key(self) -> str:
        """2026-11-29, 2026-W48 or 2026-11: as the command line takes it."""
        if self.kind == "day":
            return self.first.isoformat()
        if self.kind == "week":
            year, week, _ = self.first.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.first:%Y-%m}"

    @property
    def label(self) -> str:
        if self.kind == "week":
            return f"{self.key}（{self.first:%m-%d} 至 {self.last:%m-%d}）"
        return self.key

    @property
    def title(self) -> str:
        return f"运营{self.name} {self.label}"

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def step(self, direction: int) -> ReportPeriod:
        """The period before (-1) or after (1) this one."""
        if self.kind == "day":
            return ReportPeriod.day(self.first + timedelta(days=direction))
        if self.kind == "week":
            return ReportPeriod.week_of(self.first + timedelta(weeks=direction))
        return ReportPeriod.month_of(shift_month(self.first, direction))

    def ends_at(self, shifts: list[Shift]) -> pendulum.DateTime:
        """When the last shift of the period's last day ends."""
        return max(shift.window(self.last)[1] for shift in shifts)

    def ended(self, shifts: list[Shift], now: pendulum.DateTime) -> bool:
        return now >= self.ends_at(shifts)

    def due(self, report_due: str) -> pendulum.DateTime:
        """A report is due at ``report_due`` (HH:MM) of the day after the period."""
        hours, minutes = (int(x) for x in report_due.split(":"))
        after = self.last + timedelta(days=1)
        return pendulum.datetime(after.year, after.month, after.day, hours, minutes, tz=BEIJING)


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DomainError(f"日期“{text}”无效，请写成 YYYY-MM-DD，如 2026-11-29。") from None


def parse_week(text: str) -> ReportPeriod:
    match = _WEEK.match(text.strip())
    try:
        if match is None:
            raise ValueError
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise DomainError(f"周“{text}”无效，请写成 YYYY-Www（ISO 周），如 2026-W48。") from None
    return ReportPeriod.week_of(monday)


def parse_month(text: str) -> ReportPeriod:
    match = _MONTH.match(text.strip())
    try:
        if match is None:
            raise ValueError
        first = date(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise DomainError(f"月份“{text}”无效，请写成 YYYY-MM，如 2026-11。") from None
    return ReportPeriod.month_of(first)
