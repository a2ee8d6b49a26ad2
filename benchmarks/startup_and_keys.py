"""Start-up and seat-map key latency, against a bare Textual app, in one run.

    python benchmarks/startup_and_keys.py [--years 3] [--keys 200]

Builds a demo database with YEARS of seat plans behind it, then measures in
fresh processes, a bare Textual app and `hotline-tui --db FILE` in turn: CPU time
(the whole process), wall time and peak RSS at the bare app's first paint and at
ours (the sign-in screen), when the sign-in has its people, and when the floor of
the person signed in has its plan drawn; then, in-process, the time from a cursor
key posted to the seat map until the screen has been refreshed (p50/p95).
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
import resource, sys, time
start = float(sys.argv[2])
mode = sys.argv[1]
marks = {}


def mark(key):
    use = resource.getrusage(resource.RUSAGE_SELF)
    marks[f"{key}_cpu"] = use.ru_utime + use.ru_stime  # the whole process, from exec
    marks[f"{key}_wall"] = time.time() - start
    # The peak so far: VmHWM is this program's own (ru_maxrss would carry the parent's).
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    marks[f"{key}_rss_mib"] = int(hwm.split()[1]) / 1024


if mode == "bare":
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("hello")
        def on_mount(self):
            self.call_after_refresh(self.done)
        def done(self):
            mark("first_paint")
            self.exit()
    Bare().run(headless=True)
elif mode == "widgets":
    # Textual alone drawing the widgets of the sign-in screen (no CSS of ours, no data):
    # what any Textual program showing this screen pays.
    from textual.app import App
    from textual.binding import Binding
    from textual.containers import Vertical
    from textual.widgets import Footer, Input, OptionList, Static

    class Widgets(App):
        BINDINGS = [Binding("enter", "x", "下一步"), Binding("escape", "x", "重新选择")]

        def compose(self):
            yield Static("西城热线值班台   登录")
            with Vertical():
                yield Static("请选择您的身份")
                yield Static("值班长、班长、运营主管和项目经理可以登录")
                yield Input(placeholder="输入工号、姓名或拼音首字母筛选")
                yield OptionList()
                yield Static("没有符合的人员")
                with Vertical():
                    yield Static("")
                    yield Input(password=True)
                    with Vertical():
                        yield Static("请设置您自己的 PIN")
                        yield Input(password=True)
                        yield Input(password=True)
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(self.done)

        def done(self):
            mark("first_paint")
            self.exit()

    Widgets().run(headless=True)
else:
    # The real command line on the real database, as a floor terminal starts it:
    # `hotline-tui --db FILE` (the driver is Textual's headless one, from the environment).
    from hotline_tui import app as app_module
    from hotline_tui.cli import main
    from hotline_tui.screens.floor.plan import FloorScreen
    from hotline_tui.screens.access.sign_in import SignInScreen

    original = app_module.HotlineApp.on_mount
    state = {}

    def on_mount(app):
        original(app)
        app.call_after_refresh(painted, app)

    def painted(app):
        if not (isinstance(app.screen, SignInScreen) and app.screen.is_mounted):
            app.call_after_refresh(painted, app)
            return
        mark("first_paint")
        app.set_interval(0.002, lambda: progress(app))

    def progress(app):
        # A person would type the PIN now (their own time, and an Argon2 check that is
        # slow by design); the benchmark signs in as soon as the people are listed.
        if "signed" not in state:
            if isinstance(app.screen, SignInScreen) and app.screen.loads_done:
                from hotline_tui.domain.people.roster import sign_in

                mark("people_listed")
                state["signed"] = True
                app.sign_in(sign_in(app.store, "1004"))
        elif "done" not in state and isinstance(app.screen, FloorScreen) and app.screen.plan:
            state["done"] = True
            app.call_after_refresh(filled, app)

    def filled(app):
        mark("floor_filled")
        app.exit()

    app_module.HotlineApp.on_mount = on_mount
    main(["--db", sys.argv[3]])
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


def probe(mode: str, db: Path) -> dict[str, float]:
    env = {
        **os.environ,
        "HOTLINE_CONFIG": str(db.parent / "none.toml"),
        "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
    }
    (db.parent / "none.toml").write_text("")
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode, repr(time.time()), str(db)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    return {key: float(value) for key, value in (line.split() for line in out.splitlines())}


def paired(db: Path, runs: int) -> dict[str, float]:
    """The bare app and ours in turn, so that the machine's load falls on both alike:
    each ratio is taken within a pair, then the median of the pairs is reported."""
    # Byte-compiled first, as an installation is: Textual's modules are, and a source
    # tree run with PYTHONDONTWRITEBYTECODE would compile ours on every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "hotline_tui")], check=True
    )
    values: dict[str, list[float]] = {}
    for _ in range(runs):
        bare = probe("bare", db)
        widgets = probe("widgets", db)
        ours = probe("app", db)
        for prefix, marks in (("bare", bare), ("widgets", widgets), ("app", ours)):
            for key, value in marks.items():
                values.setdefault(f"{prefix}_{key}", []).append(value)
        for key in ("first_paint", "people_listed", "floor_filled"):
            values.setdefault(f"{key}_cpu_ratio", []).append(
                ours[f"{key}_cpu"] / bare["first_paint_cpu"]
            )
        values.setdefault("first_paint_vs_same_widgets_cpu_ratio", []).append(
            ours["first_paint_cpu"] / widgets["first_paint_cpu"]
        )
    return {k: round(statistics.median(v), 3) for k, v in values.items()}


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
        startup = paired(db, args.runs)
        keys, handled = asyncio.run(key_latency(db, args.keys))
    q = statistics.quantiles(keys, n=20)
    qh = statistics.quantiles(handled, n=20)
    report = {
        **startup,
        "key_handled_p50_ms": round(statistics.median(handled) * 1000, 2),
        "key_handled_p95_ms": round(qh[18] * 1000, 2),
        "key_to_repaint_p50_ms": round(statistics.median(keys) * 1000, 2),
        "key_to_repaint_p95_ms": round(q[18] * 1000, 2),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
