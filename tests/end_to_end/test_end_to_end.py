"""The installed command in a real pseudo-terminal: sign in, assign a seat, quit.

Every command runs on a clock started at 09:00 on a Monday (``HOTLINE_CLOCK_START``),
whatever the hour the suite runs at: one timeline for all the processes of a test.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import sqlite3
import struct
import termios
import time

import pendulum
import pyte
import pytest

RIGHT, DOWN, ENTER, CTRL_Q = "\x1b[C", "\x1b[B", "\r", "\x11"
DEMO_PIN = "147258"
# The early shift has just begun: a handover can be started, the demo's clocks are running.
START = pendulum.datetime(2026, 11, 30, 9, 0, tz="Asia/Shanghai")


class Timeline:
    """One fake day for a test's processes: 09:00 plus the real time since the test began."""

    def __init__(self) -> None:
        self.began = time.monotonic()

    def env(self, **extra: str) -> dict[str, str]:
        now = START.add(microseconds=int((time.monotonic() - self.began) * 1_000_000))
        # The size Textual believes first is COLUMNS x LINES; make it the pty's own.
        env = {**os.environ, "HOTLINE_CLOCK_START": now.isoformat(), "TERM": "xterm-256color",
               "COLUMNS": "160", "LINES": "48", **extra}  # fmt: skip
        env.pop("TEXTUAL", None)
        return env


ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


def shown(screen: pyte.Screen) -> str:
    """A screen's text: each cell's joined, a wide character's second cell being empty.
    pyte's own ``display`` fails (IndexError) on an empty cell left where a wide character
    was half overwritten, as a frame caught mid-draw has."""
    return "\n".join(
        "".join(screen.buffer[y][x].data for x in range(screen.columns)).rstrip()
        for y in range(screen.lines)
    )


def test_a_screen_caught_mid_draw_is_read_whole():
    screen = pyte.Screen(10, 2)
    stream = pyte.ByteStream(screen)
    stream.feed("中文".encode())
    stream.feed(b"\x1b[1;1Ha")  # over the first half of 中
    assert shown(screen) == "a文\n"


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: 160 x 48 before the command starts, then become it
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.buffer = b""
        # The screen as a terminal shows it: Textual rewrites only the cells that changed,
        # so a line of text is found on the screen, not in the stream of bytes.
        self.screen = pyte.Screen(160, 48)
        self.stream = pyte.ByteStream(self.screen)

    def _read(self, timeout: float) -> None:
        """What the app has written: all of it, not one chunk. A modal dialog repaints
        the screen at every tick of the clock; reading one chunk per look fell behind,
        and a later look found only old frames."""
        while select.select([self.fd], [], [], timeout)[0]:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the child has closed the terminal
                return
            if not chunk:
                return
            self.buffer += chunk
            self.stream.feed(chunk)
            timeout = 0

    def screen_text(self) -> str:
        """What the terminal shows now."""
        return shown(self.screen)

    def stream_text(self) -> str:
        """Everything written since the start, escape codes taken out: what was ever sent."""
        return ANSI.sub(b"", self.buffer).decode("utf-8", "replace")

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.screen_text() or text in self.stream_text():
                return
            self._read(0.1)
        raise AssertionError(f"did not see {text!r}; the screen:\n{self.screen_text()}")

    def type(self, *keys: str) -> None:
        """Keys in one burst, as a paste or a busy SSH link delivers them."""
        os.write(self.fd, "".join(keys).encode())
        self._read(0)

    def wait_exit(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            self._read(0.1)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the app did not exit")


@pytest.mark.skipif(shutil.which("hotline-tui") is None, reason="needs the installed command")
def test_demo_sign_in_assign_quit(tmp_path):
    db = tmp_path / "e2e.db"
    env = Timeline().env()
    term = Terminal(["hotline-tui", "demo", "--db", str(db), "--seed", "7"], env)
    term.wait_for("请选择您的身份")
    term.type("1", "0", "0", "4")
    term.wait_for("钟嘉")
    term.type(ENTER)
    term.wait_for("请输入 PIN")
    term.type(*DEMO_PIN, ENTER)
    term.wait_for("坐席图")
    # From A01 to D18: along row A to B06, then down through B and D.
    term.type(*[RIGHT] * 11, *[DOWN] * 5)
    term.wait_for("当前座位  D18")
    term.type(ENTER)
    term.wait_for("安排座位 D18")
    # First offered: the shift's own 值班长 (on its rota, without a group's seat); the
    # next is on another shift's rota today: seat them only.
    term.type(DOWN, ENTER)
    term.wait_for("的排班中")
    term.type(ENTER)
    term.wait_for("安排到 D18")
    term.type(CTRL_Q)
    assert term.wait_exit() == 0

    conn = sqlite3.connect(db)
    row = conn.execute(
        """SELECT s.staff_no, b.staff_no FROM seat_assignment a
           JOIN seat ON seat.id = a.seat_id JOIN staff s ON s.id = a.staff_id
           JOIN staff b ON b.id = a.assigned_by
           WHERE seat.label = 'D18'"""
    ).fetchone()
    assert row is not None and row[1] == "1004"
    audit = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'seat.assign'").fetchone()[
        0
    ]
    assert audit == 1


@pytest.mark.skipif(shutil.which("hotline-tui") is None, reason="needs the installed command")
def test_handover_written_and_signed_in_two_real_terminals_then_the_wallboard(demo_file):
    """Two terminals on one file: 1004, the early shift's chief, writes and submits at 09:00
    (hours early: with the reason asked), 1005, the middle shift's, signs; the wall shows
    the clocks. The file is the session's demo (the demo command has a test of its own)."""
    db = demo_file
    day = Timeline()
    F3, F5, CTRL_T, TAB = "\x1bOR", "\x1b[15~", "\x14", "\t"
    writer = Terminal(["hotline-tui", "--db", str(db), "--as", "1004"], day.env())
    writer.wait_for("工号 1004 的 PIN")  # asked before anything is shown, without echo
    writer.type(*DEMO_PIN, ENTER)
    writer.wait_for("坐席图")
    assert DEMO_PIN not in writer.stream_text()
    writer.type(F3)
    writer.wait_for("写交接班")  # the footer of the list
    writer.type("n")
    writer.wait_for("写哪一班的交接班")
    writer.type(ENTER)
    writer.wait_for("话务情况（必填）")
    writer.type("o", "k", TAB, "o", "k", TAB, "o", "k", CTRL_T)
    writer.wait_for("提前提交交接班")
    writer.type(*"training", ENTER)
    writer.wait_for("等待接班的值班长签收")
    writer.type(CTRL_Q)
    assert writer.wait_exit() == 0
    conn = sqlite3.connect(db)
    submitted = conn.execute(
        "SELECT id FROM handover WHERE status = 'submitted' ORDER BY id DESC"
    ).fetchone()[0]
    conn.close()

    signer = Terminal(["hotline-tui", "--db", str(db), "--as", "1005"], day.env())
    signer.wait_for("工号 1005 的 PIN")
    signer.type("000000", ENTER)
    signer.wait_for("PIN 不正确")  # and the command ends: nothing was shown
    assert signer.wait_exit() == 2
    signer = Terminal(["hotline-tui", "--db", str(db), "--as", "1005"], day.env())
    signer.wait_for("工号 1005 的 PIN")
    signer.type(*DEMO_PIN, ENTER)
    signer.wait_for("坐席图")
    signer.type(F3)
    signer.wait_for("份：待签收")  # the list's own summary line, not the header's warning
    signer.type(ENTER)
    signer.wait_for("签收摘要")  # the detail view; "交班人" is also a column of the list
    signer.type("s")
    signer.wait_for("签收交接班")
    signer.type(ENTER)
    signer.wait_for("已签收，由您接班")
    signer.type(CTRL_Q)
    assert signer.wait_exit() == 0
    conn = sqlite3.connect(db)
    status = conn.execute(
        "SELECT status, early_reason, sign_reason FROM handover WHERE id = ?", (submitted,)
    ).fetchone()
    conn.close()
    assert status == ("signed", "training", "")

    wall = Terminal(["hotline-tui", "wallboard", "--db", str(db)], day.env())
    wall.wait_for("正在计时的紧急问题")
    wall.type(F5, "n", "q")  # no key but q does anything here
    assert wall.wait_exit() == 0


def test_a_real_floor_from_an_empty_file(tmp_path):
    """The first morning: init, the 121-person staff list, and a duty chief signs in."""
    import csv
    import subprocess

    from hotline_tui.demo.generate import build_staff

    db, sheet = tmp_path / "floor.db", tmp_path / "人员名单.csv"
    people = [p for p in build_staff(3) if p["post"] != "项目经理"]
    with sheet.open("w", encoding="gbk", newline="") as out:  # as Excel in China saves it
        writer = csv.writer(out)
        writer.writerow(["工号", "姓名", "组", "岗位", "状态", "入职日期", "技能", "手机"])
        for n, p in enumerate(people, start=2):
            writer.writerow([str(n + 2000), p["name"], p["group"] or "", p["post"],
                             "试用" if p["status"] == "试用" else "在职",
                             p["hire_date"].strftime("%Y/%m/%d"), p["skills"], ""])  # fmt: skip
    chief = next(n + 2000 for n, p in enumerate(people, start=2) if p["post"] == "值班长")
    day = Timeline()

    def command(*argv: str, pins: str = "") -> subprocess.CompletedProcess[str]:
        # A script pipes the PINs, one a line: standard input is not a terminal here.
        return subprocess.run(["hotline-tui", *argv, "--db", str(db)], env=day.env(),
                              input=pins, capture_output=True, text=True)  # fmt: skip

    made = command("init", "--manager", "2001", "--name", "王芳", pins="135790\n135790\n")
    assert made.returncode == 0 and "已建立项目经理 王芳" in made.stdout
    refused = command("import-staff", str(sheet), "--as", "2001", pins="135790\n")
    assert refused.returncode == 2 and "--create-groups" in refused.stderr  # groups are new
    imported = command("import-staff", str(sheet), "--as", "2001", "--create-groups",
                       pins="135790\n")  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    assert f"新增 {len(people)} 人" in imported.stdout and len(people) + 1 == 121
    given = command("set-pin", str(chief), "--as", "2001", pins="135790\n")
    assert given.returncode == 0, given.stderr
    temporary = re.search(r"临时 PIN：(\d{6})", given.stdout)[1]

    term = Terminal(["hotline-tui", "--db", str(db)], day.env())
    term.wait_for("请选择您的身份")
    # In one burst: the 工号 as typed decides, and the PIN lands in the PIN field.
    term.type(str(chief), ENTER, temporary, ENTER)
    term.wait_for("请设置您自己的 PIN")
    term.type("246802", ENTER, "246802", ENTER)
    term.wait_for(f"（{chief}）")
    term.wait_for("坐席图")
    term.type(CTRL_Q)
    assert term.wait_exit() == 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 121
    assert conn.execute("SELECT count(*) FROM work_group").fetchone()[0] == 8
    conn.close()
