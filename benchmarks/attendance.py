"""How fast the attendance board (121 people) and the monthly sheet show, with a year
(or more) of rota and attendance behind them.

    python benchmarks/attendance.py [--years 1]

Builds the demo, adds ``--years`` of rota and attendance for every agent (Core
inserts), then times inside the running app: the board screen's reload for a
shift (query, rates for shift/day/month/quarter, drawing the rows) and the
monthly sheet's reload, each the median of 10.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(path: Path, years: int) -> int:
    import sqlalchemy as sa

    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.db.tables import Attendance, RotaEntry
    from hotline_tui.demo.generate import load_demo
    from hotline_tui.domain.people.roster import list_staff
    from hotline_tui.domain.setup import prepare
    from hotline_tui.domain.shifts import list_shifts

    clock = FixedClock("2026-11-30 09:00:00")
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    load_demo(store, prepare(store, settings), date(2026, 11, 30))
    agents = [p.id for p in list_staff(store) if p.group]
    shifts = [s.id for s in list_shifts(store)]
    rng = random.Random(3)
    rota, marks = [], []
    first = date(2026, 11, 30) - timedelta(days=92)
    for offset in range(1, 365 * years + 1):
        day = first - timedelta(days=offset)
        for n, staff_id in enumerate(agents):
            shift_id = shifts[n % 3]
            rota.append({"day": day, "shift_id": shift_id, "staff_id": staff_id, "source": "pattern",
                         "created_at": clock.now()})  # fmt: skip
            marks.append({"day": day, "shift_id": shift_id, "staff_id": staff_id,
                          "status": "出勤" if rng.random() < 0.95 else "事假", "late_minutes": 0,
                          "marked_at": clock.now()})  # fmt: skip
    with store.raw_write() as conn:
        conn.execute(sa.insert(RotaEntry), rota)
        conn.execute(sa.insert(Attendance), marks)
    store.close()
    return len(marks)


async def measure(path: Path, runs: int) -> dict:
    from hotline_tui.app import make_app
    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.setup import prepare

    clock = FixedClock("2026-11-30 09:00:00")
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    app = make_app(
        settings, store, clock, floorplan=prepare(store, settings), actor=staff_by_no(store, "1004")
    )
    result = {}
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        for label, screen_keys in (("board", ()), ("monthly_sheet", ("m",))):
            if screen_keys:
                await pilot.press(*screen_keys)
                await pilot.pause()
            screen = app.screen
            reads, shows, drawn = [], [], []
            for _ in range(runs):
                # The read runs in a worker thread; the show is what holds the event loop.
                t0 = time.perf_counter()
                data = screen.read()
                reads.append((time.perf_counter() - t0) * 1000)
                t1 = time.perf_counter()
                screen.show(data)
                shows.append((time.perf_counter() - t1) * 1000)
                await pilot.pause()  # until the screen has been drawn again
                drawn.append((time.perf_counter() - t0) * 1000)
            result[f"{label}_read_ms"] = round(statistics.median(reads), 1)
            result[f"{label}_show_ms"] = round(statistics.median(shows), 1)
            result[f"{label}_to_drawn_ms"] = round(statistics.median(drawn), 1)
    store.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        rows = build(db, args.years)
        print(
            f"database: {rows} extra attendance rows ({args.years} year(s) before the demo's quarter)"
        )
        print(json.dumps(asyncio.run(measure(db, args.runs)), indent=2))


if __name__ == "__main__":
    main()
