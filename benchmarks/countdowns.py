"""CPU cost of live countdowns: 200 open clocks ticking once a second on the 时效 screen.

    python benchmarks/countdowns.py [--clocks 200] [--seconds 20]

Builds a demo database, adds open urgent issues until ``--clocks`` are open,
starts the app headless on the 时效 screen with the real clock, and measures
the process's CPU time over ``--seconds`` of wall time. The same is measured
with no open clock at all, so the cost of the countdowns themselves shows.
Budget (design.md): at most 2 % of one core for 200 clocks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build(path: Path, clocks: int) -> None:
    import sqlalchemy as sa

    from hotline_tui.clock import SystemClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.db.tables import UrgentIssue
    from hotline_tui.demo.generate import load_demo
    from hotline_tui.domain.setup import prepare

    clock = SystemClock()
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    load_demo(store, prepare(store, settings), clock.now().date())
    now = clock.now()
    with store.raw_write() as conn:
        if clocks:
            conn.execute(
                sa.insert(UrgentIssue),
                [
                    {
                        "opened_at": now.subtract(seconds=7 * i),
                        "category": "突发事件",
                        "summary": f"压测事项 {i}",
                        "reference": "",
                        # All in the normal band: this measures the ticking, not the warnings.
                        "deadline": now.add(minutes=60 + i % 60),
                        "state": "open",
                        "note": "",
                        "transferred_to": "",
                        "delay_reason": "",
                    }
                    for i in range(clocks)
                ],
            )
        else:
            conn.execute(sa.delete(UrgentIssue))
            conn.exec_driver_sql("DELETE FROM seat_outage WHERE fault_id IS NOT NULL")
            conn.exec_driver_sql("DELETE FROM fault")
            conn.exec_driver_sql("DELETE FROM replacement_request")
    store.close()


async def measure(path: Path, seconds: float) -> dict:
    from hotline_tui.app import make_app
    from hotline_tui.clock import SystemClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.domain.clocks.countdown import open_clocks
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.setup import prepare

    clock = SystemClock()
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    app = make_app(
        settings, store, clock, floorplan=prepare(store, settings), actor=staff_by_no(store, "1004")
    )
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f5")
        await pilot.pause(2)
        app.clear_notifications()
        open_now = len(open_clocks(store))
        cpu0, wall0 = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    store.close()
    return {"open_clocks": open_now, "cpu_percent_of_one_core": round(100 * cpu / wall, 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clocks", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, count in (("no_clocks", 0), ("with_clocks", args.clocks)):
            db = Path(tmp) / f"{label}.db"
            build(db, count)
            results[label] = asyncio.run(measure(db, args.seconds))
    results["countdown_cost_percent"] = round(
        results["with_clocks"]["cpu_percent_of_one_core"]
        - results["no_clocks"]["cpu_percent_of_one_core"],
        2,
    )
    print(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
