"""How long the handover list takes to show with years of handovers behind it.

    python benchmarks/handover_list.py [--years 3]

Builds a demo database, copies its month of signed handovers back over
``--years`` years (~1,100 a year: three shift changes a day), then times, inside
the running app, the list screen's reload: the query, the status counts and
drawing the rows. The list reloads on every change from any terminal, so this
is a pause the chief would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(path: Path, years: int) -> int:
    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.demo.generate import load_demo
    from hotline_tui.domain.setup import prepare

    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), FixedClock("2026-11-30 09:00:00"))
    load_demo(store, prepare(store, settings), date(2026, 11, 30))
    store.close()
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(handover)") if r[1] != "id"]
    month = conn.execute(
        f"SELECT {','.join(columns)} FROM handover WHERE status = 'signed'"
    ).fetchall()
    day_at, to_day_at = columns.index("day"), columns.index("to_day")
    rows = []
    for back in range(1, years * 12 + 1):
        for row in month:
            row = list(row)
            for i in (day_at, to_day_at):
                row[i] = (date.fromisoformat(row[i]) - timedelta(days=31 * back)).isoformat()
            rows.append(row)
    conn.executemany(
        f"INSERT OR IGNORE INTO handover ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})",
        rows,
    )
    conn.commit()
    total = conn.execute("SELECT count(*) FROM handover").fetchone()[0]
    conn.close()
    return total


async def measure(path: Path, runs: int) -> dict:
    from hotline_tui.app import make_app
    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.domain.handover.queries import HandoverFilter, list_handovers
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.setup import prepare

    clock = FixedClock("2026-11-30 09:00:00")
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    app = make_app(
        settings, store, clock, floorplan=prepare(store, settings), actor=staff_by_no(store, "1004")
    )
    reads, shows, queries = [], [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        for _ in range(runs):
            # The read runs in a worker thread; the show is what holds the event loop.
            t0 = time.perf_counter()
            data = screen.read()
            reads.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            screen.show(data)
            shows.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            list_handovers(store, HandoverFilter(text="中继线"))
            queries.append((time.perf_counter() - t0) * 1000)
            await pilot.pause()
    store.close()
    return {
        "list_read_median_ms": round(statistics.median(reads), 1),
        "list_show_median_ms": round(statistics.median(shows), 1),
        "list_show_max_ms": round(max(shows), 1),
        "text_search_all_years_median_ms": round(statistics.median(queries), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        print(f"database: {build(db, args.years)} handovers over {args.years} years")
        print(json.dumps(asyncio.run(measure(db, args.runs)), indent=2))


if __name__ == "__main__":
    main()
