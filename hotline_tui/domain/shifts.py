"""Shift definitions and the time window of a shift on a given date."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.errors import DomainError

if TYPE_CHECKING:
    from hotline_tui.config import ShiftSpec
    from hotline_tui.db.store import Store

# The shift table's two functions import the ORM when called: every screen's header
# needs this module for the date, and the first frame is drawn before the ORM is loaded.

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


def sync_shifts(store: Store, specs: tuple[ShiftSpec, ...]) -> None:
    """Make the shift table match the settings; shifts in use are never deleted."""
    import sqlalchemy as sa

    from hotline_tui.db.tables import ShiftDef

    with store.read() as session:
        current = {
            r.code: r
            for r in session.execute(
                sa.select(
                    ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end, ShiftDef.sort_order
                )
            )
        }
    wanted = {s.code: (s.name, s.start, s.end, i) for i, s in enumerate(specs)}
    if all(
        code in current and tuple(current[code][1:]) == values for code, values in wanted.items()
    ):
        return
    with store.write(None) as tx:
        for code, (name, start, end, order) in wanted.items():
            row = tx.session.execute(
                sa.select(ShiftDef).where(ShiftDef.code == code)
            ).scalar_one_or_none()
            before = None if row is None else {"name": row.name, "start": row.start, "end": row.end}
            if row is None:
                row = ShiftDef(code=code, name=name, start=start, end=end, sort_order=order)
                tx.session.add(row)
            else:
                row.name, row.start, row.end, row.sort_order = name, start, end, order
            tx.audit(
                "shift.sync", "shift_def", code, before, {"name": name, "start": start, "end": end}
            )


def list_shifts(store: Store) -> list[Shift]:
    import sqlalchemy as sa

    from hotline_tui.db.tables import ShiftDef

    with store.read() as session:
        rows = session.execute(
            sa.select(
                ShiftDef.id, ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end
            ).order_by(ShiftDef.sort_order, ShiftDef.id)
        ).all()
    return [Shift(*row) for row in rows]


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
