"""Does the desk stay as fast with years of handovers behind it? (#16)

    python benchmarks/scale.py [--years 3] [--runs 7]

Builds the demo, then two databases from it: one year and ``--years`` years of
handovers (the demo's month copied back, with their carried entries, so the search
has real text to look through). On each it times, side by side in one run:

- the handover list's page (the newest 300 and the status counts), its last page,
  and a text search of three characters (the index) and of two (the plain scan);
- ``export handovers`` of the latest year: seconds and the number of SELECTs;

and once, ``hotline-tui demo --no-start`` in a process of its own (CPU seconds).
It prints each figure and the ratio of the long history to the one-year one.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TODAY = date(2026, 11, 30)


def demo(path: Path) -> None:
    from hotline_tui.clock import FixedClock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.demo.generate import load_demo
    from hotline_tui.domain.setup import prepare

    settings = Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")
    store = Store.open(str(path), FixedClock("2026-11-30 09:00:00"))
    load_demo(store, prepare(store, settings), TODAY)
    store.close()


def stretch(path: Path, years: int) -> int:
    """Copy the demo's month of handovers (and their entries) back over ``years``."""
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(handover)") if r[1] != "id"]
    entry_columns = ["position", "source", "ref", "text", "item_id"]
    month = conn.execute(
        f"SELECT id, {','.join(columns)} FROM handover WHERE status = 'signed'"
    ).fetchall()
    entries: dict[int, list[tuple]] = {}
    for row in conn.execute(f"SELECT handover_id, {','.join(entry_columns)} FROM handover_entry"):
        entries.setdefault(row[0], []).append(row[1:])
    day_at, to_day_at = columns.index("day"), columns.index("to_day")
    for back in range(1, years * 12):
        for source_id, *row in month:
            for i in (day_at, to_day_at):
                row[i] = (date.fromisoformat(row[i]) - timedelta(days=31 * back)).isoformat()
            cursor = conn.execute(
                f"INSERT OR IGNORE INTO handover ({','.join(columns)}) "
                f"VALUES ({','.join('?' * len(columns))})",
                row,
            )
            if cursor.rowcount:
                conn.executemany(
                    f"INSERT INTO handover_entry (handover_id, {','.join(entry_columns)}) "
                    f"VALUES (?, {','.join('?' * len(entry_columns))})",
                    [(cursor.lastrowid, *e) for e in entries.get(source_id, [])],
                )
    # One word in one handover only, whatever the history: a search's own cost.
    conn.execute(
        "UPDATE handover SET other = other || ' 独有词甲乙丙' "
        "WHERE id = (SELECT max(id) FROM handover WHERE status = 'signed')"
    )
    conn.commit()
    total = conn.execute("SELECT count(*) FROM handover").fetchone()[0]
    conn.close()
    return total


def median_ms(run, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 2)


def measure(path: Path, runs: int) -> dict[str, float]:
    from sqlalchemy import event

    from hotline_tui.clock import FixedClock
    from hotline_tui.db.store import Store
    from hotline_tui.domain.handover.queries import (
        HandoverFilter,
        count_handovers,
        list_handovers,
    )
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.handover_archive import export_markdown

    store = Store.open(str(path), FixedClock("2026-11-30 09:00:00"))
    shifts = list_shifts(store)
    total = sum(count_handovers(store).values())
    # Walk to the oldest page the way the list's ] key does, from each page's last row.
    starts = [None]
    while rows := list_handovers(store, HandoverFilter(), limit=300, after=starts[-1]):
        starts.append(rows[-1].key)
    last_page = starts[-2]

    def page(after) -> None:
        list_handovers(store, HandoverFilter(), limit=300, after=after)
        count_handovers(store, HandoverFilter())

    def search(word: str) -> None:  # as the list does: a page of hits and their count
        list_handovers(store, HandoverFilter(text=word), limit=300)
        count_handovers(store, HandoverFilter(text=word))

    selects: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    t0 = time.perf_counter()
    event.listen(store.engine, "before_cursor_execute", count)
    _, exported = export_markdown(store, shifts, TODAY - timedelta(days=365), TODAY, "now")
    event.remove(store.engine, "before_cursor_execute", count)
    export_s = time.perf_counter() - t0
    result = {
        "handovers": total,
        "list_first_page_ms": median_ms(lambda: page(None), runs),
        "list_last_page_ms": median_ms(lambda: page(last_page), runs),
        # A word in one handover, and words in a few handovers of every month.
        "search_rare_ms": median_ms(lambda: search("独有词甲乙丙"), runs),
        "search_3_chars_ms": median_ms(lambda: search("中继线"), runs),
        "search_2_chars_ms": median_ms(lambda: search("停暖"), runs),
        "export_year_handovers": exported,
        "export_year_s": round(export_s, 3),
        "export_year_selects": len(selects),
    }
    store.close()
    return result


def child_cpu(argv: list[str], env: dict[str, str], stdin: str = "") -> float:
    """CPU seconds of one command run to its end in a process of its own."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, input=stdin, capture_output=True, text=True, env=env, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def demo_cpu_s(tmp: Path) -> float:
    demo_db = tmp / "d.db"
    demo_db.unlink(missing_ok=True)  # demo data goes into a new database only
    argv = [sys.executable, "-m", "hotline_tui", "demo", "--no-start", "--db", str(demo_db)]
    return round(child_cpu(argv, {**os.environ, "HOTLINE_CONFIG": str(tmp / "none.toml")}), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HOTLINE_KEY_FILE"] = str(tmp / "chain.key")
        (tmp / "none.toml").write_text("")
        base = tmp / "base.db"
        demo(base)
        one, many = tmp / "one.db", tmp / "many.db"
        shutil.copy(base, one)
        shutil.copy(base, many)
        stretch(one, 1)
        stretch(many, args.years)
        small, large = measure(one, args.runs), measure(many, args.runs)
        report = {
            "one_year": small,
            f"{args.years}_years": large,
            "ratios": {
                key: round(large[key] / small[key], 2)
                for key in small
                if key.endswith("_ms") or key.endswith("_s") or key.endswith("selects")
            },
            "demo_no_start_cpu_s": demo_cpu_s(tmp),
        }
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
