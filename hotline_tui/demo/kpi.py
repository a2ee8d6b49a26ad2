"""Twelve months of demo figures from outside the desk (phone platform, QC, exams)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import KpiFigure
from hotline_tui.demo.traffic import demo_traffic, load_demo_traffic, month_sums
from hotline_tui.domain.people.roster import list_staff


def load_demo_kpi(store: Store, today: date, seed: int = 7, months: int = 12) -> None:
    rng = random.Random(seed * 613 + 5)
    manager = next(p for p in list_staff(store, sign_in_only=True) if p.post == "项目经理")
    # The platform's half-hours first: the typed monthly totals are their sums.
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    traffic = demo_traffic(first, store.clock.now(), seed)
    load_demo_traffic(store, traffic, manager.id)
    platform = month_sums(traffic)
    rows = []
    month = today.replace(day=1)
    for _ in range(months):
        offered = rng.randint(95_000, 112_000)
        handled = offered + rng.randint(3_000, 6_000)
        sampled = rng.choice((300, 320, 350))
        figures = {
            "calls_offered": offered,
            "calls_answered": int(offered * rng.uniform(0.955, 0.975)),
            "exam_taken": 113,
            "exam_passed": rng.randint(108, 113),
            "accuracy_sampled": sampled,
            "accuracy_correct": int(sampled * rng.uniform(0.955, 0.985)),
            "transfers": rng.randint(7_000, 9_000),
            "qc_sampled": 600,
            "qc_passed": rng.randint(575, 590),
            "complaints": rng.randint(12, 28),
            "calls_handled": handled,
        }
        figures["transfers_ok"] = int(figures["transfers"] * rng.uniform(0.955, 0.98))
        figures.update(platform.get(month, {}))
        # Entered a few days after the month ends, by the project manager.
        entered = pendulum.datetime(month.year, month.month, 1, tz=BEIJING).add(
            months=1, days=3, hours=10
        )
        if entered <= store.clock.now():
            rows += [
                {
                    "month": month,
                    "key": key,
                    "value": value,
                    "entered_at": entered,
                    "entered_by": manager.id,
                }
                for key, value in figures.items()
            ]
        month = (month - timedelta(days=1)).replace(day=1)
    # The running month's platform figures are entered weekly: so far this month.
    month = today.replace(day=1)
    share = today.day / 30
    so_far = {
        "calls_offered": int(104_000 * share),
        "calls_answered": int(104_000 * share * 0.962),
        "accuracy_sampled": 200,
        "accuracy_correct": 193,
        "qc_sampled": 400,
        "qc_passed": 386,
        "complaints": int(18 * share),
        "calls_handled": int(108_000 * share),
        "transfers": int(8_000 * share),
        "transfers_ok": int(8_000 * share * 0.968),
        **platform.get(month, {}),
    }
    rows += [
        {
            "month": month,
            "key": key,
            "value": value,
            "entered_at": store.clock.now(),
            "entered_by": manager.id,
        }
        for key, value in so_far.items()
    ]
    with store.write(None) as tx:
        tx.session.execute(sa.insert(KpiFigure), rows)
        tx.audit("demo.kpi", "database", "demo", None, {"figures": len(rows)})
