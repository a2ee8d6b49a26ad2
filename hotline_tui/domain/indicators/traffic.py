"""Call traffic from the phone platform (话务数据): half-hours or whole days, saved as a file
brings them (a corrected file replaces the intervals it names, each change audited),
and the month's figures 人工接通率 and 转接转办及时准确率 take from them.

A day counts by its half-hours when it has them, else by its row of the whole day; where
a day has both, they agree (the import refuses a file that would leave them apart).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import CallTraffic, RotaEntry
from hotline_tui.errors import DomainError
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import month_of
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow

WHOLE_DAY = ""  # the slot of a row that holds a whole day
# Every half-hour of a day by its start, "00:00" … "23:30": the slots a report may name.
SLOTS = tuple(f"{half // 2:02d}:{30 * (half % 2):02d}" for half in range(48))


def slot_end(slot: str) -> str:
    """The end of the half-hour starting at ``slot``: "08:00" → "08:30", "23:30" → "24:00"."""
    end = int(slot[:2]) * 60 + int(slot[3:]) + 30
    return f"{end // 60:02d}:{end % 60:02d}"


# The figures a day's half-hours add up to, compared with its whole-day row.
SUMMED = ("offered", "answered", "abandoned", "answered_in_time")


@dataclass(frozen=True)
class TrafficRow:
    """One interval as the platform reports it."""

    day: date
    slot: str  # "08:00", or WHOLE_DAY
    offered: int
    answered: int
    abandoned: int
    answered_in_time: int
    service_seconds: int
    talk_seconds: int
    wrap_seconds: int | None = None
    transfers: int | None = None
    transfers_ok: int | None = None

    @property
    def key(self) -> tuple[date, str]:
        return (self.day, self.slot)

    @property
    def span(self) -> str:
        """08:00-08:30, or 全天."""
        return "全天" if self.slot == WHOLE_DAY else f"{self.slot}-{slot_end(self.slot)}"

    @property
    def where(self) -> str:
        """2026-11-05 08:00-08:30, or 2026-11-05（全天）."""
        if self.slot == WHOLE_DAY:
            return f"{self.day}（全天）"
        return f"{self.day} {self.span}"

    def figures(self) -> dict[str, Any]:
        """The figures by column, without the interval (by hand: dataclasses.asdict
        deep-copies each value and was half the import of a year)."""
        return {name: getattr(self, name) for name in FIGURE_COLUMNS}


@dataclass(frozen=True)
class TrafficImport:
    added: int
    changed: int
    unchanged: int
    first: date
    last: date

    @property
    def text(self) -> str:
        return (
            f"已导入话务数据 {self.first} 至 {self.last}：新增 {self.added} 个时段，"
            f"更正 {self.changed} 个，与已有相同 {self.unchanged} 个。"
        )


FIGURE_COLUMNS = (
    "offered", "answered", "abandoned", "answered_in_time", "service_seconds", "talk_seconds",
    "wrap_seconds", "transfers", "transfers_ok",
)  # fmt: skip
_COLUMNS = ("day", "slot", *FIGURE_COLUMNS)


def _row_of(values: Iterable[Any]) -> TrafficRow:
    return TrafficRow(*values)


def stored_rows(store: Store, first: date, last: date) -> list[TrafficRow]:
    """The intervals of the days ``first`` to ``last``, by day and slot."""
    columns = [getattr(CallTraffic, c) for c in _COLUMNS]
    with store.read() as session:
        rows = session.execute(
            sa.select(*columns)
            .where(CallTraffic.day >= first, CallTraffic.day <= last)
            .order_by(CallTraffic.day, CallTraffic.slot)
        ).all()
    return [_row_of(r) for r in rows]


def disagreeing_days(rows: Iterable[TrafficRow]) -> list[str]:
    """Days whose half-hours and whole-day row give different figures, in words."""
    halves: dict[date, dict[str, int]] = {}
    whole: dict[date, TrafficRow] = {}
    for row in rows:
        if row.slot == WHOLE_DAY:
            whole[row.day] = row
        else:
            sums = halves.setdefault(row.day, dict.fromkeys(SUMMED, 0))
            for name in SUMMED:
                sums[name] += getattr(row, name)
    problems = []
    for day, row in sorted(whole.items()):
        if day not in halves:
            continue
        sums = halves[day]
        if any(sums[n] != getattr(row, n) for n in SUMMED):
            problems.append(
                f"{day} 的全天数据（人工呼入 {row.offered}、接通 {row.answered}）与各时段之和"
                f"（{sums['offered']}、{sums['answered']}）不一致"
            )
    return problems


def save_traffic(
    store: Store, actor: StaffRow | None, rows: list[TrafficRow], source: str
) -> TrafficImport:
    """Save checked intervals at once: new ones added, ones already there with other
    figures replaced (each change audited with its figures before and after)."""
    actor = require(actor, Action.OUTSIDE_FIGURES)
    if not rows:
        raise DomainError("文件中没有话务数据。")
    first, last = min(r.day for r in rows), max(r.day for r in rows)
    with store.write(actor.id) as tx:
        columns = [getattr(CallTraffic, c) for c in ("id", *_COLUMNS)]
        standing = {
            (r.day, r.slot): (r.id, _row_of(tuple(r)[1:]))
            for r in tx.session.execute(
                sa.select(*columns).where(CallTraffic.day >= first, CallTraffic.day <= last)
            ).all()
        }
        after = {key: row for key, (_, row) in standing.items()}
        new: list[dict[str, Any]] = []
        changed = 0
        for row in rows:
            before = standing.get(row.key)
            after[row.key] = row
            stamp = {"source": source, "imported_at": tx.now, "imported_by": actor.id}
            if before is None:
                new.append({"day": row.day, "slot": row.slot, **row.figures(), **stamp})
                continue
            row_id, old = before
            if old == row:
                continue
            changed += 1
            tx.changed(
                sa.update(CallTraffic)
                .where(CallTraffic.id == row_id)
                .values(**row.figures(), **stamp)
            )
            tx.audit("traffic.replace", "call_traffic", row.where, old.figures(), row.figures())
        problems = disagreeing_days(after.values())
        if problems:
            raise DomainError("导入后" + "；".join(problems) + "。未导入任何一行。")
        if new:
            # Many rows a statement through the table: a year is 17,520 half-hours.
            tx.session.execute(sa.insert(cast("sa.Table", CallTraffic.__table__)), new)
        result = TrafficImport(len(new), changed, len(rows) - len(new) - changed, first, last)
        tx.audit(
            "traffic.import",
            "call_traffic",
            source,
            None,
            {"rows": len(rows), "added": result.added, "changed": changed,
             "unchanged": result.unchanged, "first": first, "last": last},
        )  # fmt: skip
    return result


def counted_days(rows: Iterable[TrafficRow]) -> dict[date, list[TrafficRow]]:
    """Each day's intervals as it counts: its half-hours, or its whole-day row."""
    days: dict[date, list[TrafficRow]] = {}
    whole: dict[date, TrafficRow] = {}
    for row in rows:
        if row.slot == WHOLE_DAY:
            whole[row.day] = row
        else:
            days.setdefault(row.day, []).append(row)
    for day, row in whole.items():
        days.setdefault(day, [row])
    return dict(sorted(days.items()))


def month_traffic_figures(store: Store, months: list[date]) -> dict[date, dict[str, int]]:
    """For each month with traffic records: calls_offered and calls_answered (人工接通率),
    transfers and transfers_ok where every day of it gives them (转接转办及时准确率), and
    traffic_days, the days they cover. A month without records is absent."""
    if not months:
        return {}
    first, last = month_of(min(months))[0], month_of(max(months))[1]
    figures: dict[date, dict[str, int]] = {}
    without_transfers: set[date] = set()
    for day, rows in counted_days(stored_rows(store, first, last)).items():
        month = day.replace(day=1)
        if month not in months:
            continue
        counts = figures.setdefault(
            month,
            {"calls_offered": 0, "calls_answered": 0, "transfers": 0, "transfers_ok": 0,
             "traffic_days": 0},
        )  # fmt: skip
        counts["traffic_days"] += 1
        for row in rows:
            counts["calls_offered"] += row.offered
            counts["calls_answered"] += row.answered
            if row.transfers is None or row.transfers_ok is None:
                without_transfers.add(month)
            else:
                counts["transfers"] += row.transfers
                counts["transfers_ok"] += row.transfers_ok
    for month in without_transfers:
        del figures[month]["transfers"], figures[month]["transfers_ok"]
    return figures


@dataclass(frozen=True)
class DayTraffic:
    """A day's calls as the reports tell them (its half-hours, or its whole-day row)."""

    day: date
    offered: int
    answered: int
    abandoned: int
    answered_in_time: int
    service_seconds: int
    busiest: TrafficRow | None  # the half-hour with most calls; None for a whole-day row

    @property
    def line(self) -> str:
        """人工呼入 3412 个，接通 3280 个，人工接通率 96.1%（不低于 95.0%）；…"""
        if not self.offered:
            return "人工呼入 0 个"
        text = (
            f"人工呼入 {self.offered} 个，接通 {self.answered} 个，"
            f"人工接通率 {fraction_percent(self.answered, self.offered)}（目标不低于 95.0%）；"
            f"放弃 {self.abandoned} 个；{self.service_seconds} 秒内接通 "
            f"{fraction_percent(self.answered_in_time, self.offered)}"
        )
        if self.busiest is not None:
            text += f"；最忙时段 {self.busiest.span}（呼入 {self.busiest.offered} 个）"
        return text


def day_traffic(store: Store, first: date, last: date) -> dict[date, DayTraffic]:
    """Each day from ``first`` to ``last`` that has call traffic."""
    days = {}
    for day, rows in counted_days(stored_rows(store, first, last)).items():
        halves = [r for r in rows if r.slot != WHOLE_DAY]
        days[day] = DayTraffic(
            day,
            sum(r.offered for r in rows),
            sum(r.answered for r in rows),
            sum(r.abandoned for r in rows),
            sum(r.answered_in_time for r in rows),
            rows[0].service_seconds,
            max(halves, key=lambda r: (r.offered, r.slot)) if halves else None,
        )
    return days


@dataclass(frozen=True)
class CallsSoFar:
    """A day's calls as far as the platform's reports have come: for the big screen."""

    traffic: DayTraffic
    until: str  # the end of the last half-hour imported, "10:30" ("" for a whole-day row)
    imported_at: datetime  # the latest import of the day's figures


def calls_so_far(store: Store, day: date) -> CallsSoFar | None:
    """Today's calls from the latest import, or None before the first."""
    traffic = day_traffic(store, day, day).get(day)
    if traffic is None:
        return None
    with store.read() as session:
        imported_at, last_slot = session.execute(
            sa.select(sa.func.max(CallTraffic.imported_at), sa.func.max(CallTraffic.slot)).where(
                CallTraffic.day == day
            )
        ).one()
    return CallsSoFar(traffic, slot_end(last_slot) if last_slot else "", imported_at)


@dataclass(frozen=True)
class Intraday:
    """One day's half-hours for the chart: the platform's figures, and the people on the
    rota whose shift covers each half-hour (slot → heads)."""

    day: date
    rows: list[TrafficRow]  # half-hours only, in order
    heads: dict[str, int]
    whole_day_only: bool  # the day has a whole-day row and no half-hours

    @property
    def below_target(self) -> int:
        """Half-hours whose rate is under 95 %."""
        return sum(1 for r in self.rows if r.offered and r.answered * 100 < r.offered * 95)


def intraday(store: Store, day: date, shifts: list[Shift]) -> Intraday:
    rows = stored_rows(store, day, day)
    halves = [r for r in rows if r.slot != WHOLE_DAY]
    with store.read() as session:
        counts = dict(
            session.execute(
                sa.select(RotaEntry.shift_id, sa.func.count())
                .where(RotaEntry.day == day)
                .group_by(RotaEntry.shift_id)
            ).all()
        )
    # A half-hour counts the people of every shift whose window on this day covers its
    # start (a shift past midnight: its hours after midnight are the next day's).
    windows = [(shift.window(day), counts.get(shift.id, 0)) for shift in shifts]
    start = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
    heads = {
        slot: sum(n for (opens, closes), n in windows if opens <= at < closes)
        for slot, at in ((s, start.add(minutes=30 * i)) for i, s in enumerate(SLOTS))
    }
    return Intraday(day, halves, heads, bool(rows) and not halves)
