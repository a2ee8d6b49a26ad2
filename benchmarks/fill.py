"""How long the fill from the rota (按排班排座) takes: a 94-seat shift from a rota of 90,
with ``--years`` of seat plans behind it.

    python benchmarks/fill.py [--years 3] [--runs 9]

Builds the demo (its zones and skills), adds ``--years`` of seat assignments (Core
inserts, as startup_and_keys.py does), and puts 90 agents on the early shift of
``--runs`` days ahead. Then, per day: ``preview_fill`` (the reads and the decision,
with the overflow to the nearest free zone) and ``apply_fill`` (the one write
transaction, with its checks and its audit row), each timed in this process. The
issue's budget is 50 ms of the domain's time for a fill.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TODAY = date(2026, 11, 30)
ROTA = 90


def build(path: Path, years: int, runs: int) -> int:
    import random

    import sqlalchemy as sa

    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.db.tables import RotaEntry, SeatAssignment
    from hotline_tui.demo.generate import PLAN_DAYS, load_demo
    from hotline_tui.domain.people.roster import list_staff
    from hotline_tui.domain.setup import prepare
    from hotline_tui.domain.shifts import list_shifts

    clock = FixedClock("2026-11-30 09:00:00")
    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), clock)
    load_demo(store, prepare(store, settings), TODAY)
    rng = random.Random(1)
    with store.read() as s:
        staff = [r[0] for r in s.execute(sa.text("SELECT id FROM staff"))]
        seats = [r[0] for r in s.execute(sa.text("SELECT id FROM seat"))]
    shifts = [x.id for x in list_shifts(store)]
    rows = []
    for offset in range(PLAN_DAYS, 365 * years):  # the demo holds the latest month
        day = TODAY - timedelta(days=offset)
        for shift_id, size in zip(shifts, (64, 30, 19), strict=False):
            people = rng.sample(staff, size)
            for staff_id, seat_id in zip(people, rng.sample(seats, size), strict=True):
                rows.append({"day": day, "shift_id": shift_id, "seat_id": seat_id,
                             "staff_id": staff_id, "assigned_at": clock.now()})  # fmt: skip
    agents = [p.id for p in list_staff(store) if p.group][:ROTA]
    rota = [
        {"day": TODAY + timedelta(days=10 + n), "shift_id": shifts[0], "staff_id": staff_id,
         "source": "hand", "created_at": clock.now()}
        for n in range(runs) for staff_id in agents
    ]  # fmt: skip
    with store.raw_write() as conn:
        conn.execute(sa.insert(SeatAssignment), rows)
        conn.execute(sa.insert(RotaEntry), rota)
    store.close()
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from hotline_tui.clock import FixedClock
    from hotline_tui.db.store import Store
    from hotline_tui.domain.floor import fill
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.floorplan import load_floorplan

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fill.db"
        t0 = time.perf_counter()
        history = build(path, args.years, args.runs)
        print(f"database: {history} seat assignments over {args.years} years, "
              f"built in {time.perf_counter() - t0:.1f}s")  # fmt: skip
        store = Store.open(str(path), FixedClock("2026-11-30 09:00:00"))
        floorplan = load_floorplan(REPO / "data" / "floorplan.toml")
        early = list_shifts(store)[0]
        chief = staff_by_no(store, "1004")
        previews, applies, seated, standing = [], [], [], []
        for n in range(args.runs):
            day = TODAY + timedelta(days=10 + n)
            t = time.perf_counter()
            preview = fill.preview_fill(store, day, early, floorplan.places, overflow=True)
            previews.append(time.perf_counter() - t)
            t = time.perf_counter()
            seated.append(fill.apply_fill(store, chief, preview))
            applies.append(time.perf_counter() - t)
            standing.append(len(preview.standing))
        store.close()
    ms = [x * 1000 for x in previews]
    print(json.dumps({
        "rota": ROTA,
        "seated_per_fill": statistics.median(seated),
        "standing_per_fill": statistics.median(standing),
        "preview_p50_ms": round(statistics.median(ms), 2),
        "preview_max_ms": round(max(ms), 2),
        "apply_p50_ms": round(statistics.median(applies) * 1000, 2),
        "apply_max_ms": round(max(applies) * 1000, 2),
        "fill_p50_ms": round(statistics.median(p + a for p, a in zip(previews, applies, strict=True)) * 1000, 2),
    }, indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
