"""Call traffic (#36): a year of half-hours imported, a month's rate read, a day's
half-hours drawn.

    python benchmarks/traffic.py [--runs 5]

Builds the demo (which holds a year of half-hours already), writes a second year's
report (17,520 half-hours, 2024-12 to 2025-11) as CSV, and times, each the median of
``--runs`` on a fresh copy of the database: the import of that file (read, checked,
saved with its audit and seals), and the month's 人工接通率 as the indicators read it
(month_traffic_figures for one month, and the whole report of the month); then, in
the running app at 160x48, the 分时话务 screen's read of a whole day (a worker's) and
its chart drawn (show, then every line rendered).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _report_file(path: Path) -> int:
    rng = random.Random(1)
    lines = ["日期,时段,人工呼入量,人工接通量,放弃量,20秒内接通量,平均通话时长（秒）"]
    day = date(2024, 12, 1)
    while day < date(2025, 12, 1):
        for half in range(48):
            offered = rng.randint(20, 200)
            answered = offered - rng.randint(0, offered // 10)
            lines.append(
                f"{day},{half // 2:02d}:{30 * (half % 2):02d},{offered},{answered},"
                f"{offered - answered},{answered - rng.randint(0, answered // 5)},{rng.randint(120, 240)}"
            )
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import pendulum

    from hotline_tui.clock import BEIJING, FixedClock
    from hotline_tui.config import Settings, TrafficSpec
    from hotline_tui.db.store import Store
    from hotline_tui.demo.generate import load_demo
    from hotline_tui.domain.indicators.report import report
    from hotline_tui.domain.indicators.traffic import month_traffic_figures
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.setup import prepare
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.imports.traffic_file import import_traffic

    now = pendulum.datetime(2026, 11, 30, 9, tz=BEIJING)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder) / "demo.db"
        store = Store.open(str(base), FixedClock(now))
        load_demo(store, prepare(store, Settings(db=str(base))), now.date(), seed=7)
        store.close()
        csv = Path(folder) / "year.csv"
        rows = _report_file(csv)
        imports, months, reports = [], [], []
        for run in range(args.runs):
            copy = Path(folder) / f"run{run}.db"
            shutil.copy(base, copy)
            store = Store.open(str(copy), FixedClock(now))
            manager = staff_by_no(store, "1001")
            started = time.perf_counter()
            import_traffic(store, manager, csv, TrafficSpec())
            imports.append(time.perf_counter() - started)
            started = time.perf_counter()
            month_traffic_figures(store, [date(2026, 11, 1)])
            months.append(time.perf_counter() - started)
            shifts = list_shifts(store)
            started = time.perf_counter()
            report(store, date(2026, 11, 1), now, shifts)
            reports.append(time.perf_counter() - started)
            store.close()
        drawing = asyncio.run(_chart(Path(folder) / "run0.db", now, args.runs))
    print(json.dumps({
        "rows_imported": rows,
        "import_year_s": round(statistics.median(imports), 2),
        "month_rate_ms": round(statistics.median(months) * 1000, 1),
        "month_report_ms": round(statistics.median(reports) * 1000, 1),
        **drawing,
    }, indent=2))  # fmt: skip


async def _chart(path: Path, now, runs: int) -> dict[str, float]:
    from hotline_tui.app import make_app
    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.setup import prepare
    from hotline_tui.screens.indicators.intraday import IntradayScreen
    from hotline_tui.widgets.intraday_chart import IntradayChart

    clock = FixedClock(now)
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    app = make_app(
        settings, store, clock, floorplan=prepare(store, settings), actor=staff_by_no(store, "1004")
    )
    reads, draws = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await app.push_screen(IntradayScreen(date(2026, 11, 29)))
        await pilot.pause()
        screen = app.screen
        chart = screen.query_one(IntradayChart)
        for _ in range(runs):
            started = time.perf_counter()
            data = screen.read()
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            screen.show(data)
            for y in range(chart.bar_rows + 7):
                chart.render_line(y)
            draws.append(time.perf_counter() - started)
    store.close()
    return {
        "day_read_ms": round(statistics.median(reads) * 1000, 1),
        "chart_drawn_ms": round(statistics.median(draws) * 1000, 1),
    }


if __name__ == "__main__":
    main()
