"""Months and quarters: the periods the customer judges the contractor on."""

from __future__ import annotations

from datetime import date, timedelta

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.errors import DomainError


def month_of(day: date) -> tuple[date, date]:
    """First and last day of the month of ``day``."""
    start = day.replace(day=1)
    return start, shift_month(start, 1) - timedelta(days=1)


def quarter_of(day: date) -> tuple[date, date]:
    """First and last day of the quarter of ``day``."""
    start = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return start, shift_month(start, 3) - timedelta(days=1)


def shift_month(month: date, step: int) -> date:
    """The first of the month ``step`` months after (or before) ``month``."""
    index = month.year * 12 + month.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


def months_of(period: tuple[date, date]) -> list[date]:
    """The first of every month the period touches."""
    start, end = period
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = shift_month(month, 1)
    return months


def month_bounds(month: date) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """The month as moments, Beijing time: [first 00:00, next first 00:00)."""
    start = pendulum.datetime(month.year, month.month, 1, tz=BEIJING)
    return start, start.add(months=1)


def quarter_label(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def parse_quarter(text: str) -> date:
    """YYYY-Qn as the first day of that quarter."""
    try:
        year, q = text.upper().split("-Q")
        quarter = int(q)
        if not 1 <= quarter <= 4:
            raise ValueError
        return date(int(year), 3 * quarter - 2, 1)
    except ValueError:
        raise DomainError(f"季度“{text}”无效，格式应为 YYYY-Qn，如 2026-Q4。") from None


def first_open_day(today: date) -> date:
    """The first day a change may still reach: a month is closed once it is over, and a
    closed month is what the customer judged, so nothing dated in it changes later."""
    return today.replace(day=1)


def require_open(day: date, today: date, what: str) -> None:
    """Refuse ``what`` dated ``day`` in a closed month, in words."""
    first = first_open_day(today)
    if day < first:
        raise DomainError(
            f"{what} {day} 在已结束的月份：已结束月份的记录按当时考核，不再改动；"
            f"最早只能从 {first} 起。"
        )
