"""Start-up and seat-map key latency, against a bare Textual app, in one run.

    python benchmarks/startup_and_keys.py [--years 3] [--keys 200]

Builds a demo database with YEARS of seat plans behind it, then measures in
fresh processes: a bare Textual app's first paint, this app's first paint and
its first data-filled floor screen; and, in-process, the time from a cursor key
posted to the seat map until the screen has been refreshed (p50/p95).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PROBE = r"""
import sys, time
start = float(sys.argv[2])
mode = sys.argv[1]
if mode == "bare":
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("hello")
        def on_mount(self):
            self.call_after_refresh(self.done)
        def done(self):
            print(f"first_paint {time.time() - start:.4f}")
            self.exit()
    Bare().run(headless=True)
else:
    db = sys.argv[3]
    from hotline_tui.clock import SystemClock
    from hotline_tui.config import load_settings
    from hotline_tui.domain.people.roster import sign_in
    from hotline_tui.domain.setup import prepare
    from hotline_tui.db.store import Store
    from hotline_tui.app import make_app
    from hotline_tui.screens.floor import FloorScreen

    clock = SystemClock()
    settings = load_settings().with_db(db)
    store = Store.open(db, clock)
    floorplan = prepare(store, settings)
    app = make_app(settings, store, clock, floorplan=floorplan, actor=sign_in(store, "1004"))
    marks = {}

    def painted():
        marks.setdefault("first_paint", time.time() - start)
    def check():
        if isinstance(app.screen, FloorScreen) and app.screen.plan is not None:
            app.call_after_refresh(filled)
        else:
            app.call_after_refresh(check)
    def filled():
        marks["floor_filled"] = time.time() - start
        app.exit()
    app.call_later(lambda: (app.call_after_refresh(painted), app.call_after_refresh(check)))
    app.run(headless=True)
    for k, v in marks.items():
        print(f"{k} {v:.4f}")
"""


def build_database(path: Path, years: int) -> int:
    import sqlalchemy as sa

    from hotline_tui.clock import SystemClock
    from hotline_tui.config import load_settings
    from hotline_tui.db.store import Store
    from hotline_tui.db.tables import SeatAssignment
    from hotline_tui.demo.generate import PLAN_DAYS, load_demo
    from hotline_tui.domain.setup import prepare

    clock = SystemClock()
    store = Store.open(str(path), clock)
    floorplan = prepare(store, load_settings().with_db(str(path)))
    today = clock.now().date()
    load_demo(store, floorplan, today)
    rng = random.Random(1)
    with store.read() as s:
        staff = [r[0] for r in s.execute(sa.text("SELECT id FROM staff"))]
        seats = [r[0] for r in s.execute(sa.text("SELECT id FROM seat"))]
        shifts = [r[0] for r in s.execute(sa.text("SELECT id FROM shift_def"))]
    rows = []
    now = clock.now()
    for offset in range(PLAN_DAYS, 365 * years):  # the demo itself holds the latest days
        day = today - timedelta(days=offset)
        for shift_id, size in zip(shifts, (64, 30, 19), strict=False):
            people = rng.sample(staff, size)
            for staff_id, seat_id in zip(people, rng.sample(seats, size), strict=True):
                rows.append(
                    {
                        "day": day,
                        "shift_id": shift_id,
                        "seat_id": seat_id,
                        "staff_id": staff_id,
                        "assigned_at": now,
                    }
                )
    with store.raw_write() as conn:
        conn.execute(sa.insert(SeatAssignment), rows)
    store.close()
    return len(rows)


def probe(mode: str, db: Path, runs: int) -> dict[str, float]:
    results: dict[str, list[float]] = {}
    env = {**os.environ, "HOTLINE_CONFIG": str(db.parent / "none.toml")}
    (db.parent / "none.toml").write_text("")
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, mode, repr(time.time()), str(db)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        ).stdout
        for line in out.splitlines():
            key, value = line.split()
            results.setdefault(key, []).append(float(value))
    return {k: statistics.median(v) for k, v in results.items()}


async def key_latency(db: Path, presses: int) -> tuple[list[float], list[float]]:
    from textual import events

    from hotline_tui.app import make_app
    from hotline_tui.clock import SystemClock
    from hotline_tui.config import load_settings
    from hotline_tui.db.store import Store
    from hotline_tui.domain.people.roster import sign_in
    from hotline_tui.domain.setup import prepare
    from hotline_tui.widgets.seat_map import SeatMap

    clock = SystemClock()
    settings = load_settings().with_db(str(db))
    store = Store.open(str(db), clock)
    app = make_app(
        settings, store, clock, floorplan=prepare(store, settings), actor=sign_in(store, "1004")
    )
    timings, handled = [], []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        seat_map = app.screen.query_one(SeatMap)
        keys = ["right"] * 11 + ["down"] * 5 + ["left"] * 11 + ["up"] * 5
        loop = asyncio.get_running_loop()
        for i in range(presses):
            before = seat_map.cursor
            start = time.perf_counter()
            # Into the app's queue, as the driver delivers a key: bindings then apply.
            app.post_message(events.Key(keys[i % len(keys)], None))
            deadline = start + 5
            while seat_map.cursor == before:  # the key has been handled...
                if time.perf_counter() > deadline:
                    raise RuntimeError("the seat map did not answer a key within 5 s")
                await asyncio.sleep(0)
            handled.append(time.perf_counter() - start)
            done = loop.create_future()
            app.call_after_refresh(lambda d=done: d.done() or d.set_result(None))
            await done  # ...and the screen repainted
            timings.append(time.perf_counter() - start)
    store.close()
    return timings, handled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        # One audit-chain key for the build and every probe (the probes' settings differ).
        os.environ["HOTLINE_KEY_FILE"] = str(Path(tmp) / "chain.key")
        t0 = time.perf_counter()
        rows = build_database(db, args.years)
        print(
            f"database: {rows + 904} seat assignments over {args.years} years, built in {time.perf_counter() - t0:.1f}s"
        )
        bare = probe("bare", db, args.runs)
        ours = probe("app", db, args.runs)
        keys, handled = asyncio.run(key_latency(db, args.keys))
    q = statistics.quantiles(keys, n=20)
    qh = statistics.quantiles(handled, n=20)
    report = {
        "bare_first_paint_s": round(bare["first_paint"], 3),
        "app_first_paint_s": round(ours["first_paint"], 3),
        "app_floor_filled_s": round(ours["floor_filled"], 3),
        "first_paint_ratio": round(ours["first_paint"] / bare["first_paint"], 2),
        "floor_filled_ratio": round(ours["floor_filled"] / bare["first_paint"], 2),
        "key_handled_p50_ms": round(statistics.median(handled) * 1000, 2),
        "key_handled_p95_ms": round(qh[18] * 1000, 2),
        "key_to_repaint_p50_ms": round(statistics.median(keys) * 1000, 2),
        "key_to_repaint_p95_ms": round(q[18] * 1000, 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
