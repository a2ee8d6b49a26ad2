"""How long the event loop is held, from the first frame to the floor filled.

    python benchmarks/loop_probe.py DB [STAFF_NO PIN]

Starts ``hotline-tui --db DB`` in this process, as a floor terminal does (Textual's
headless driver, the size from COLUMNS x LINES), and once the sign-in screen is drawn
types the 工号, Enter, the PIN and Enter at once, as the keys of someone quick arrive.
From that frame until the signed-in person's floor has its plan, a timer on the event
loop wakes every 5 ms and measures its own lateness: the wall time since it last ran,
and how much of it the loop's own thread spent computing (its CPU time). The CPU time
is what the app held the loop for; the rest is the machine giving the CPU to others
(or another thread of ours holding the interpreter lock).

Prints one JSON object: the worst gaps (wall and CPU, in ms), the first paint and the
floor filled (wall seconds from the start of this script, and the process's CPU
seconds from its exec), the peak RSS (MiB).
Used by tests/flows/test_startup.py and benchmarks/speed_table.py.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

STARTED = time.perf_counter()

from textual import events  # noqa: E402  (the start above includes these imports)

from hotline_tui import app as app_module  # noqa: E402
from hotline_tui.cli import main  # noqa: E402
from hotline_tui.screens.access.sign_in import SignInScreen  # noqa: E402

TICK = 0.005


def cpu_so_far() -> float:
    """The whole process's CPU time, from its exec."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def probe(db: str, staff_no: str, pin: str) -> dict[str, object]:
    found: dict[str, float] = {}
    gaps: list[tuple[float, float]] = []
    original = app_module.HotlineApp.on_mount

    def on_mount(app: app_module.HotlineApp) -> None:
        original(app)
        app.call_after_refresh(painted, app)

    def painted(app: app_module.HotlineApp) -> None:
        if not (isinstance(app.screen, SignInScreen) and app.screen.is_mounted):
            app.call_after_refresh(painted, app)
            return
        found["first_paint_s"] = time.perf_counter() - STARTED
        found["first_paint_cpu_s"] = cpu_so_far()
        app.run_worker(measure(app), group="probe")
        for key in [*staff_no, "enter", *pin, "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))

    async def measure(app: app_module.HotlineApp) -> None:
        wall, cpu = time.perf_counter(), time.thread_time()
        while True:
            await asyncio.sleep(TICK)
            now_wall, now_cpu = time.perf_counter(), time.thread_time()
            gaps.append((now_wall - wall, now_cpu - cpu))
            wall, cpu = now_wall, now_cpu
            if app.current_mode == "floor" and getattr(app.screen, "plan", None) is not None:
                found["floor_filled_s"] = now_wall - STARTED
                found["floor_filled_cpu_s"] = cpu_so_far()
                app.exit()
                return

    app_module.HotlineApp.on_mount = on_mount  # type: ignore[method-assign]
    main(["--db", db])
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM:"))
    return {
        **{k: round(v, 3) for k, v in found.items()},
        "ticks": len(gaps),
        "worst_wall_ms": round(max((w for w, _ in gaps), default=0) * 1000, 1),
        "worst_cpu_ms": round(max((c for _, c in gaps), default=0) * 1000, 1),
        "peak_rss_mib": round(int(hwm.split()[1]) / 1024, 1),
    }


if __name__ == "__main__":
    database = sys.argv[1]
    who, secret = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("1004", "147258")
    print(json.dumps(probe(database, who, secret)))
