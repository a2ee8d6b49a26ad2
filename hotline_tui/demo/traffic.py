"""A year of demo call traffic by half-hour (话务数据), shaped like a hotline's day: calls
from 08:00 to midnight, a morning and an afternoon peak, Mondays heavier, weekends and
holidays lighter, and a few bad half-hours where the rate falls. The months' typed
platform figures (demo/kpi.py) are these sums, so the two sources agree."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import CallTraffic
from hotline_tui.domain.indicators.traffic import SLOTS, TrafficRow
from hotline_tui.workdays import Calendar

SERVICE_SECONDS = 20
FIRST_SLOT, LAST_SLOT = 16, 47  # 08:00 … 23:30 (half-hours of the day)
# The share of a day's calls in each hour from 08:00 (the peaks at 09–11 and 14–16).
HOURLY = (6, 10, 11, 9, 7, 7, 9, 10, 8, 6, 5, 4, 3, 2, 2, 1)
CALLS_A_DAY = 3_500


def _day_factor(day: date, calendar: Calendar) -> float:
    if not calendar.is_workday(day):
        return 0.55 if day.weekday() < 5 else 0.7  # a holiday on a weekday, or a weekend
    return 1.2 if day.weekday() == 0 else 1.0


def demo_traffic(
    first: date, now: pendulum.DateTime, seed: int, calendar: Calendar | None = None
) -> list[TrafficRow]:
    """Every half-hour from ``first`` that has ended by ``now``."""
    rng = random.Random(seed * 7919 + 11)
    calendar = calendar or Calendar()
    total = sum(HOURLY)
    rows = []
    day = first
    while day <= now.date():
        calls = CALLS_A_DAY * _day_factor(day, calendar) * rng.uniform(0.9, 1.1)
        # The half-hours of the day over by now (a year of them: one time sum a day).
        midnight = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
        ended = (now - midnight).total_seconds() // 1800
        for slot in range(FIRST_SLOT, LAST_SLOT + 1):
            if slot >= ended:
                break
            offered = max(1, round(calls * HOURLY[(slot - FIRST_SLOT) // 2] / total / 2
                                   * rng.uniform(0.85, 1.15)))  # fmt: skip
            # Mostly well answered; one half-hour in a hundred or so goes badly.
            rate = rng.uniform(0.78, 0.9) if rng.random() < 0.012 else rng.uniform(0.955, 0.99)
            answered = min(offered, round(offered * rate))
            in_time = round(answered * rng.uniform(0.82, 0.93))
            transfers = round(answered * rng.uniform(0.06, 0.1))
            rows.append(
                TrafficRow(
                    day,
                    SLOTS[slot],
                    offered,
                    answered,
                    offered - answered,
                    in_time,
                    SERVICE_SECONDS,
                    rng.randint(150, 230),
                    rng.randint(20, 45),
                    transfers,
                    round(transfers * rng.uniform(0.95, 0.99)),
                )  # fmt: skip
            )
        day += timedelta(days=1)
    return rows


def load_demo_traffic(store: Store, rows: list[TrafficRow], manager_id: int) -> None:
    """Saved as the project manager's imports would leave them (one Core insert)."""
    now = store.clock.now()
    with store.write(None) as tx:
        tx.session.execute(
            sa.insert(CallTraffic),
            [
                {"day": r.day, "slot": r.slot, **r.figures(), "source": "电话平台话务报表.xlsx",
                 "imported_at": now, "imported_by": manager_id}
                for r in rows
            ],
        )  # fmt: skip
        tx.audit("demo.traffic", "database", "demo", None, {"rows": len(rows)})


def month_sums(rows: list[TrafficRow]) -> dict[date, dict[str, int]]:
    """Each month's platform totals, as its typed figures give them."""
    sums: dict[date, dict[str, int]] = {}
    for row in rows:
        month = sums.setdefault(
            row.day.replace(day=1),
            {"calls_offered": 0, "calls_answered": 0, "transfers": 0, "transfers_ok": 0},
        )
        month["calls_offered"] += row.offered
        month["calls_answered"] += row.answered
        month["transfers"] += row.transfers or 0
        month["transfers_ok"] += row.transfers_ok or 0
    return sums
