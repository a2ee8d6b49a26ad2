"""Bytes written to the terminal by an idle desk, per second, over a real pty.

    python benchmarks/redraw.py [--seconds 60]

Builds the demo database, then starts `hotline-tui --db FILE` in a pseudo-terminal
of 160x48 (TERM=xterm-256color) three times: left on the sign-in screen, signed in
on the floor, and on the clocks screen (F5, whose countdowns tick every second).
After the screen has settled (and the sign-in's notices have gone: 25 s), it
counts the bytes the program writes over SECONDS and divides: what an SSH session
from the office carries for a screen nobody touches.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

WIDTH, HEIGHT = 160, 48
SETTLE = 25  # the clocks' warnings at sign-in stay 20 s
PIN = "147258"  # the demo's, as in the README


def _pump(fd: int, seconds: float) -> int:
    written = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                written += len(os.read(fd, 65536))
            except OSError:
                break
    return written


def measure(db: Path, env: dict[str, str], keys: list[bytes], seconds: float) -> float:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the desk on the pty
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        os.execvpe(sys.executable, [sys.executable, "-m", "hotline_tui", "--db", str(db)], env)
    try:
        _pump(fd, 3)
        for chunk in keys:
            os.write(fd, chunk)
            _pump(fd, 3)
        _pump(fd, SETTLE)
        return _pump(fd, seconds) / seconds
    finally:
        os.write(fd, b"\x11")  # Ctrl+Q
        _pump(fd, 2)
        os.waitpid(pid, 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        env = {
            **os.environ,
            "TERM": "xterm-256color",
            "HOTLINE_CONFIG": str(Path(tmp) / "none.toml"),
            "HOTLINE_KEY_FILE": str(Path(tmp) / "chain.key"),
            "HOTLINE_CLOCK_START": "2026-11-30T09:00:00",
        }
        (Path(tmp) / "none.toml").write_text("")
        subprocess.run(
            [sys.executable, "-m", "hotline_tui", "demo", "--no-start", "--db", str(db)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        sign_in = f"1004\r{PIN}\r".encode()
        report = {
            "sign_in_bytes_per_s": measure(db, env, [], args.seconds),
            "floor_bytes_per_s": measure(db, env, [sign_in], args.seconds),
            "clocks_bytes_per_s": measure(db, env, [sign_in, b"\x1b[15~"], args.seconds),
        }
    print(json.dumps({k: round(v) for k, v in report.items()}, indent=2))


if __name__ == "__main__":
    main()
