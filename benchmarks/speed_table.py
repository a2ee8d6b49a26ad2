"""Every figure of issue #35 in one table, the bare Textual app run beside ours.

    python benchmarks/speed_table.py [--runs 5] [--keys 200]

Builds the demo database (and copies of it with one year and three years of handovers,
as benchmarks/scale.py does), then measures, printing a Markdown table of what / now /
goal with the load average before and after:

- the first paint and the floor filled (sign-in typed at once with the real PIN,
  benchmarks/loop_probe.py), as CPU of the whole process against a bare Textual app's
  first paint, run in turn with it (each ratio within its pair, then the median); the
  peak RSS at the floor; the longest the event loop was held on the way;
- the CPU of `--version` and of commands that read: `export staff`, `export kpi`, `check`;
- `demo --no-start` (CPU);
- a two-character handover search and a list page, one year against three;
- a seat-map key to its repaint (p95).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import scale  # noqa: E402  (beside this file)
import startup_and_keys  # noqa: E402

PIN = "147258"


def loop_probe(db: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / "loop_probe.py"), str(db), "1004", PIN],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    return json.loads(out.splitlines()[-1])


def median(values: list[float], digits: int = 2) -> float:
    return round(statistics.median(values), digits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "none.toml").write_text("")
        env = {
            **os.environ,
            "HOTLINE_CONFIG": str(tmp / "none.toml"),
            "HOTLINE_KEY_FILE": str(tmp / "chain.key"),
            "HOTLINE_CLOCK_START": "2026-11-30T09:00:00+08:00",
            "TEXTUAL_DRIVER": "textual.drivers.headless_driver:HeadlessDriver",
            "COLUMNS": "160",
            "LINES": "48",
        }
        os.environ["HOTLINE_KEY_FILE"] = env["HOTLINE_KEY_FILE"]
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(HERE.parent / "hotline_tui")],
            check=True,
        )  # as an installation is (startup_and_keys.py says why)
        base = tmp / "base.db"
        scale.demo(base)
        hotline = [sys.executable, "-m", "hotline_tui", "--db", str(base)]

        starts: dict[str, list[float]] = {}
        for _ in range(args.runs):
            bare = startup_and_keys.probe("bare", base)
            ours = loop_probe(base, env)
            for key, value in (
                ("bare_cpu", bare["first_paint_cpu"]),
                ("paint_ratio", ours["first_paint_cpu_s"] / bare["first_paint_cpu"]),
                ("floor_ratio", ours["floor_filled_cpu_s"] / bare["first_paint_cpu"]),
                ("floor_cpu", ours["floor_filled_cpu_s"]),
                ("rss", ours["peak_rss_mib"]),
                ("held", ours["worst_cpu_ms"]),
                ("late", ours["worst_wall_ms"]),
            ):
                starts.setdefault(key, []).append(value)

        commands = {
            "--version": ([*hotline, "--version"], ""),
            "export staff": (
                [*hotline, "export", "staff", "--as", "1001", "-o", str(tmp / "s.xlsx")],
                PIN + "\n",
            ),
            "export kpi": (
                [
                    *hotline,
                    "export",
                    "kpi",
                    "--month",
                    "2026-11",
                    "--as",
                    "1001",
                    "-o",
                    str(tmp / "k.xlsx"),
                ],
                PIN + "\n",
            ),  # fmt: skip
            "check": ([*hotline, "check"], ""),
        }
        command_cpu = {
            name: median([scale.child_cpu(argv, env, stdin) for _ in range(args.runs)])
            for name, (argv, stdin) in commands.items()
        }
        demo_cpu = median([scale.demo_cpu_s(tmp) for _ in range(max(1, args.runs // 2))])

        one, many = tmp / "one.db", tmp / "many.db"
        shutil.copy(base, one)
        shutil.copy(base, many)
        scale.stretch(one, 1)
        scale.stretch(many, 3)
        small, large = scale.measure(one, args.runs * 2), scale.measure(many, args.runs * 2)
        keys, _handled = asyncio.run(startup_and_keys.key_latency(base, args.keys))
    load_after = os.getloadavg()

    p95 = statistics.quantiles(keys, n=20)[18] * 1000
    rows = [
        ("first paint vs bare (CPU)", f"{median(starts['paint_ratio'])}×", "≤ 1.5×"),
        (
            "sign-in typed at once → floor filled, real PIN (CPU vs bare first paint)",
            f"{median(starts['floor_ratio'])}× ({median(starts['floor_cpu'])} s)",
            "≤ 3×",
        ),
        ("event loop held at most, first frame → floor (its CPU; wall)",
         f"{median(starts['held'], 1)} ms; {median(starts['late'], 1)} ms", "≤ 50 ms"),
        ("peak RSS at the floor, real PIN", f"{median(starts['rss'], 1)} MiB", "≤ 90 MiB"),
        *((f"`{name}` (CPU)", f"{cpu} s", "≤ 0.3 s") for name, cpu in command_cpu.items()),
        ("`demo --no-start` (CPU)", f"{demo_cpu} s", "≤ 3 s"),
        (
            "handover search, two characters, 3 years",
            f"{large['search_2_chars_ms']} ms, "
            f"{round(large['search_2_chars_ms'] / small['search_2_chars_ms'], 2)}× of one year",
            "≤ 10 ms, flat",
        ),
        (
            "handover list page, 1 → 3 years",
            f"{round(large['list_first_page_ms'] / small['list_first_page_ms'], 2)}× "
            f"({small['list_first_page_ms']} → {large['list_first_page_ms']} ms)",
            "≤ 1.1×",
        ),
        ("seat key to repaint p95", f"{round(p95, 1)} ms", "≤ 17 ms"),
    ]  # fmt: skip
    print(f"bare Textual first paint: {median(starts['bare_cpu'], 3)} s CPU; load average "
          f"{load_before[0]:.2f} before, {load_after[0]:.2f} after")  # fmt: skip
    print()
    print("| what | now | goal |")
    print("|---|---|---|")
    for what, now, goal in rows:
        print(f"| {what} | {now} | {goal} |")


if __name__ == "__main__":
    main()
