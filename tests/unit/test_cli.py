"""The command line contract: one Chinese sentence and a non-zero exit for bad input."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path

import pytest

from hotline_tui.cli import COMMANDS, main
from hotline_tui.db import schema
from hotline_tui.demo.generate import build_staff
from tests import server_db
from tests.conftest import NOW
from tests.helpers import EARLY, PIN_LINE, audit_rows, chief, digest
from tests.helpers import run_command as run

DEMO_PIN = PIN_LINE
# The demo's 值班长: exports of personal data name who made them.
CHIEF_AS = ("--as", "1004")


def test_a_text_file_as_db_is_refused_unchanged(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("值班记录\n", encoding="utf-8")
    before = digest(notes)
    for argv in (["--db", str(notes)], ["check", "--db", str(notes)], ["run", "--db", str(notes)]):
        code, _, err = run(capsys, *argv)
        assert code == 2
        assert "不是 SQLite 数据库文件" in err
        assert "Traceback" not in err
    assert digest(notes) == before


def test_a_directory_as_db(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path))
    assert code == 2 and "是一个目录" in err


def _as_nobody(argv: list[str]) -> tuple[int, str]:
    """Run the command line in a child that has given up root: (exit code, stderr).

    Root reads every file, and CI runs as root; the child becomes ``nobody`` so
    that a file without read permission really cannot be read. Everything the
    command needs is imported before the switch (the package lives under /root).
    """
    import hotline_tui.db.store  # noqa: F401
    import hotline_tui.domain.floor.floorplan  # noqa: F401
    import hotline_tui.domain.health  # noqa: F401
    import hotline_tui.logs  # noqa: F401  (logging.handlers: not imported by then on every worker)

    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run, report, and leave without pytest's cleanup
        code, err = 99, io.StringIO()
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(argv)
        except BaseException:  # reported to the parent, which fails the test
            err.write(traceback.format_exc())
        finally:
            os.write(write_end, f"{code}\n{err.getvalue()}".encode())
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        code_line, _, err = pipe.read().decode().partition("\n")
    os.waitpid(pid, 0)
    return int(code_line), err


def test_an_unreadable_db_is_refused_even_when_run_as_root(demo_file, capsys, monkeypatch):
    # A folder of its own that nobody may enter (pytest's temporary folders are root's).
    folder = Path(tempfile.mkdtemp(prefix="hotline-unreadable-"))
    try:
        folder.chmod(0o755)
        path = folder / "demo.db"
        shutil.copy(demo_file, path)
        path.chmod(0)
        settings = folder / "config.toml"  # the test's own settings file, readable by all
        settings.write_text("", encoding="utf-8")
        monkeypatch.setenv("HOTLINE_CONFIG", str(settings))
        before = hashlib.sha256(path.read_bytes()).hexdigest()  # root may still read it
        argv = ["check", "--db", str(path)]
        if os.geteuid() == 0:
            code, err = _as_nobody(argv)
        else:
            code, _, err = run(capsys, *argv)
        assert code == 2 and "没有权限读取" in err, err
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        # Nothing beside it: no -wal, no -shm.
        assert sorted(p.name for p in folder.iterdir()) == ["config.toml", "demo.db"]
    finally:
        shutil.rmtree(folder)


def test_a_db_in_a_missing_directory(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "no" / "such.db"))
    assert code == 2 and "目录不存在" in err
    assert not (tmp_path / "no").exists()


def test_unknown_staff_number_for_as(demo_file, tmp_path, capsys):
    path = demo_file
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(path), "--as", "9999", stdin="111111\n")
    # Asked for a PIN like anyone, and told what a wrong PIN is told.
    assert code == 2 and "工号或 PIN 不正确" in err


def test_as_on_a_database_that_does_not_exist_creates_nothing(tmp_path, capsys):
    code, _, err = run(capsys, "--db", str(tmp_path / "new.db"), "--as", "1004")
    assert code == 2 and "工号 1004 不存在" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "no-config.toml"]


def test_an_agent_may_not_sign_in(demo_file, tmp_path, capsys):
    path = demo_file
    agent = (
        sqlite3.connect(path)
        .execute("SELECT staff_no FROM staff WHERE post='组员' LIMIT 1")
        .fetchone()[0]
    )
    capsys.readouterr()
    code, _, err = run(capsys, "--db", str(path), "--as", agent, stdin="111111\n")
    assert code == 2 and "工号或 PIN 不正确" in err  # as a wrong PIN: nothing said of who


def test_unknown_subcommand(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "未知的子命令：frobnicate" in err and "Traceback" not in err


def test_a_bad_seed(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--seed", "abc"])
    assert exit_.value.code == 2
    assert "需要整数" in capsys.readouterr().err


def test_demo_refuses_to_overwrite_a_database(demo_file, tmp_path, capsys):
    path = demo_file
    before = digest(path)
    code, _, err = run(capsys, "demo", "--db", str(path), "--no-start")
    assert code == 2 and "已存在" in err
    assert digest(path) == before


def test_demo_refuses_to_rebuild_a_database_a_terminal_has_open(
    demo_file, tmp_path, capsys, monkeypatch, clock
):
    """demo rebuilds its own demo.db, but not under a terminal that has it open: that
    terminal would go on writing into a deleted file. The one that has it is named."""
    import shutil

    from hotline_tui.db.store import Store

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    path = tmp_path / "data" / "hotline-tui" / "demo.db"
    path.parent.mkdir(parents=True)
    shutil.copy(demo_file, path)
    terminal = Store.open(str(path), clock)
    try:
        before = digest(path)
        code, _, err = run(capsys, "demo", "--no-start")
        assert code == 2 and "正打开着数据库" in err and "重建演示数据库" in err
        assert "hotline-tui" in err  # the holder, as restore names it
        assert digest(path) == before
    finally:
        terminal.close()
    # Nobody has it now: the command goes on to build (the build itself is the next
    # test's; here it is only recorded, ten seconds of a core saved).
    import hotline_tui.commands.demo

    built = []
    monkeypatch.setattr(
        hotline_tui.commands.demo, "load_demo", lambda store, *a, **k: built.append(store.path)
    )
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    assert run(capsys, "demo", "--no-start")[0] == 0
    assert built == [path]


def _dump(path: Path, table: str, columns: str) -> list[tuple]:
    return sqlite3.connect(path).execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()


def test_same_seed_same_data(demo_file, tmp_path, monkeypatch, capsys):
    # The demo command on the tests' moment makes exactly the session's demo (seed 7).
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    path = tmp_path / "a.db"
    assert main(["demo", "--db", str(path), "--no-start", "--seed", "7"]) == 0
    assert "正在生成演示数据（1/" in capsys.readouterr().out
    staff_cols = "staff_no, name, group_id, post, status, hire_date"
    plan_cols = "day, shift_id, seat_id, staff_id, assigned_at"
    assert _dump(path, "staff", staff_cols) == _dump(demo_file, "staff", staff_cols)
    assert _dump(path, "seat_assignment", plan_cols) == _dump(
        demo_file, "seat_assignment", plan_cols
    )
    assert build_staff(7) != build_staff(8)


def test_check_reports_and_exits_zero_on_a_good_database(demo_file, tmp_path, capsys):
    path = demo_file
    capsys.readouterr()
    before = digest(path)
    code, out, _ = run(capsys, "check", "--db", str(path))
    assert code == 0
    assert "完整性检查：正常" in out
    assert f"架构版本：{schema.HEAD}（最新）" in out
    assert "人员（staff）：121 行" in out
    assert "座位（seat）：94 行" in out
    assert digest(path) == before


def test_check_exits_non_zero_on_a_broken_database(demo_file, tmp_path, capsys):
    path = demo_file
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE seat_assignment SET staff_id = 99999 WHERE id = 1")
    conn.commit()
    conn.close()
    capsys.readouterr()
    code, out, _ = run(capsys, "check", "--db", str(path))
    assert code == 1
    assert "外键检查" in out


def test_check_on_a_missing_file(tmp_path, capsys):
    code, _, err = run(capsys, "check", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "不存在" in err
    assert not (tmp_path / "none.db").exists()


def test_db_from_the_environment_and_sqlite_url(demo_file, tmp_path, capsys, monkeypatch):
    path = demo_file
    capsys.readouterr()
    monkeypatch.setenv("HOTLINE_DB", str(path))
    assert run(capsys, "check")[0] == 0
    monkeypatch.delenv("HOTLINE_DB")
    assert run(capsys, "check", "--db", f"sqlite:///{path}")[0] == 0


def test_python_dash_m_runs_the_same_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "hotline_tui", "check", "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "数据库文件不存在" in result.stderr


# --- export handovers and the digest check --------------------------------------------


def test_export_handovers_writes_the_signed_ones_oldest_first(demo_store, tmp_path, capsys):
    out = tmp_path / "交接班.md"
    code, said, err = run(
        capsys, "export", "handovers", "--db", server_db.store_text(demo_store),
        "--from", "2026-11-28", "--to", "2026-11-29", "-o", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "")
    # Six shift changes; the last one (11-29 晚班) still waits for its signature.
    assert said.strip() == f"已导出 5 份已签收的交接班到 {out}"
    text = out.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 2026-11-28 早班 → 2026-11-28 中班",
        "## 2026-11-28 中班 → 2026-11-28 晚班",
        "## 2026-11-28 晚班 → 2026-11-29 早班",
        "## 2026-11-29 早班 → 2026-11-29 中班",
        "## 2026-11-29 中班 → 2026-11-29 晚班",
    ]
    assert text.count("签收摘要（SHA-256）：`") == 5 and "校验不符" not in text
    for title in (
        "### 话务情况",
        "### 系统运行",
        "### 人员情况",
        "### 其他",
        "### 待办事项与带入事项",
    ):
        assert text.count(title) == 5


def _signed_this_morning(store, sections: dict[str, str]) -> None:
    """The 11-30 early shift's handover with ``sections``, submitted by 1004, signed by 1005."""
    from hotline_tui.domain.handover.lifecycle import sign, start, submit
    from hotline_tui.domain.people.roster import staff_by_no
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.shift_changes import change_after

    shifts = list_shifts(store)
    chief, incoming = staff_by_no(store, "1004"), staff_by_no(store, "1005")
    h = start(store, chief, change_after(shifts, date(2026, 11, 30), shifts[0]), 94)
    submit(store, chief, h, {"other": "", **sections}, None, 94, EARLY)
    sign(store, incoming, h)


def test_export_handovers_as_a_page_that_prints_from_any_browser(demo_store, tmp_path, capsys):
    hostile = '<script>alert(1)</script> & <img src="http://x/y.png"> \x1b[31m'
    _signed_this_morning(
        demo_store, {"traffic": hostile, "systems": "一行\n二行", "people": "正常"}
    )
    out = tmp_path / "交接班.html"
    code, said, err = run(
        capsys, "export", "handovers", "--db", server_db.store_text(demo_store),
        "--from", "2026-11-29", "--to", "2026-11-30", "-o", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "") and "已导出 3 份" in said  # 11-29 晚班 waits to be signed
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('<section class="handover">') == 3
    assert page.count("<h2>") == 3 and page.count("<h3>话务情况</h3>") == 3
    # Self-contained and inert: no script, no outside file, the text escaped as written.
    assert "<script" not in page and "<img" not in page and 'src="' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in page
    assert "\x1b" not in page and "\\x1b[31m" in page
    assert "<p>一行\n二行</p>" in page  # the chief's line breaks, kept by pre-wrap
    assert "@page" in page and "break-before: page" in page
    # The same hostile text through ReportLab's little XML: escaped, so the PDF is made.
    pdf = tmp_path / "交接班.pdf"
    code, _, err = run(
        capsys, "export", "handovers", "--db", server_db.store_text(demo_store),
        "--from", "2026-11-29", "--to", "2026-11-30", "-o", str(pdf),
    )  # fmt: skip
    assert (code, err) == (0, "") and pdf.read_bytes().count(b"/Type /Page\n") == 3


def test_export_handovers_as_pdf_a_page_each(demo_store, tmp_path, capsys):
    out = tmp_path / "交接班.pdf"
    code, said, err = run(
        capsys, "export", "handovers", "--db", server_db.store_text(demo_store),
        "--from", "2026-11-28", "--to", "2026-11-29", "-o", str(out),
    )  # fmt: skip
    assert (code, err) == (0, "") and "已导出 5 份" in said
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page\n") == 5  # each handover from a new page
    assert b"STSong-Light" in pdf  # the reader's own Chinese font: nothing embedded or fetched
    assert not list(tmp_path.glob(".*.part*"))  # written whole


def test_export_escapes_user_text_for_markdown(demo_store, tmp_path, capsys):
    _signed_this_morning(
        demo_store,
        {
            "traffic": "# 不是标题\n1. 不是列表",
            "systems": "[red]x[/red] \x1b[31m",
            "people": "*全员*",
        },
    )
    out = tmp_path / "out.md"
    code, _, _ = run(
        capsys, "export", "handovers", "--db", server_db.store_text(demo_store),
        "--from", "2026-11-30", "--to", "2026-11-30", "-o", str(out),
    )  # fmt: skip
    body = out.read_text(encoding="utf-8")
    assert code == 0
    assert "\\# 不是标题  \n1\\. 不是列表" in body
    assert "\\[red\\]x\\[/red\\] \\\\x1b\\[31m" in body and "\x1b" not in body
    assert "\\*全员\\*" in body


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "minutes", "--from", "2026-11-01", "--to", "2026-11-02"], "不能导出“minutes”"),
        (["export", "handovers", "--to", "2026-11-02"], "请用 --from 给出日期"),
        (["export", "handovers", "--from", "2026-11-31", "--to", "2026-12-01"], "--from 的日期“2026-11-31”无效"),
        (["export", "handovers", "--from", "2026-11-05", "--to", "2026-11-01"], "开始日期 2026-11-05 晚于结束日期"),
    ],
)  # fmt: skip
def test_export_bad_input_is_one_sentence_and_writes_nothing(
    demo_store, tmp_path, capsys, argv, message
):
    out = tmp_path / "out.md"
    code, _, err = run(capsys, *argv, "--db", server_db.store_text(demo_store), "-o", str(out))
    assert code == 2 and message in err and "Traceback" not in err
    assert not out.exists()


def test_export_output_paths_and_a_missing_database(demo_store, tmp_path, capsys):
    dates = ["--from", "2026-11-01", "--to", "2026-11-02"]
    db = ["--db", server_db.store_text(demo_store)]
    assert "请用 -o 给出" in run(capsys, "export", "handovers", *db, *dates)[2]
    assert "是目录" in run(capsys, "export", "handovers", *db, *dates, "-o", str(tmp_path))[2]
    missing_dir = tmp_path / "nope" / "x.md"
    assert (
        "目录不存在" in run(capsys, "export", "handovers", *db, *dates, "-o", str(missing_dir))[2]
    )
    gone = tmp_path / "gone.db"
    code, _, err = run(
        capsys, "export", "handovers", "--db", str(gone), *dates, "-o", str(tmp_path / "x.md")
    )
    assert code == 2 and "数据库文件不存在" in err and not gone.exists()


def test_check_reports_a_signed_handover_changed_outside_the_application(demo_store, capsys):
    with server_db.outside(demo_store) as db:
        db.run("UPDATE handover SET traffic = '改过的内容' WHERE id = 12")
    code, out, _ = run(capsys, "check", "--db", server_db.store_text(demo_store))
    assert code == 1
    assert "问题：交接班 #12（2026-11-03 晚班交早班）：内容与签收时的摘要不符" in out


def test_a_holiday_file_with_a_bad_date_stops_the_wallboard_with_one_sentence(
    demo_store, tmp_path, capsys, monkeypatch
):
    workdays = tmp_path / "workdays.toml"
    workdays.write_text('[2027]\noff = ["2027-13-01"]\n', encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(f'workdays = "{workdays}"\n', encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    code, _, err = run(capsys, "wallboard", "--db", server_db.store_text(demo_store))
    assert code == 2 and "“2027-13-01”不是有效日期" in err and "Traceback" not in err


def test_the_wallboard_never_creates_a_database(tmp_path, capsys):
    missing = tmp_path / "none.db"
    code, _, err = run(capsys, "wallboard", "--db", str(missing))
    assert code == 2 and "数据库文件不存在" in err and not missing.exists()


def test_a_zero_limit_in_the_settings_stops_the_app_with_one_sentence(
    tmp_path, capsys, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text("[sla]\nfault_report_minutes = 0\n", encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    code, _, err = run(capsys, "run", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "fault_report_minutes" in err and "必须大于 0" in err
    assert not (tmp_path / "x.db").exists()


# --- rota import and the attendance sheet ------------------------------------------------------


def test_import_rota_all_or_nothing_from_the_command_line(demo_store, tmp_path, capsys):
    db = ["--db", server_db.store_text(demo_store)]
    bad = tmp_path / "bad.csv"
    bad.write_text("工号,日期,班次\n1020,2027-01-05,早班\n1020,2027-01-05,中班\n", encoding="utf-8")
    code, _, err = run(capsys, "import-rota", str(bad), *db, "--as", "1004", stdin=DEMO_PIN)
    assert code == 2 and "第 3 行：与第 2 行重复" in err
    good = tmp_path / "good.csv"
    good.write_text("工号,日期,班次\n1020,2027-01-05,早班\n", encoding="utf-8")
    assert "请用 --as 给出导入人的工号" in run(capsys, "import-rota", str(good), *db)[2]
    code, _, err = run(capsys, "import-rota", str(good), *db, "--as", "1004", stdin="000000\n")
    assert code == 2 and "PIN 不正确" in err
    code, out, _ = run(capsys, "import-rota", str(good), *db, "--as", "1004", stdin=DEMO_PIN)
    assert code == 0 and "新增 1 条" in out
    code, _, err = run(capsys, "import-rota", str(tmp_path / "rota.pdf"), *db, "--as", "1004",
                       stdin=DEMO_PIN)  # fmt: skip
    assert code == 2 and "文件不存在" in err


def test_export_attendance_reads_back_cell_by_cell(demo_store, tmp_path, capsys):
    from openpyxl import load_workbook

    from hotline_tui.domain.attendance.sheet import monthly_sheet

    out = tmp_path / "考勤.xlsx"
    code, said, err = run(
        capsys,
        "export",
        "attendance",
        "--db",
        server_db.store_text(demo_store),
        "--month",
        "2026-10",
        "-o",
        str(out),
        *CHIEF_AS,
        stdin=DEMO_PIN,
    )
    assert (code, err) == (0, "") and "2026-10 月考勤表" in said
    days, rows = monthly_sheet(demo_store, date(2026, 10, 1), demo_store.clock.now())
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "西城区政务服务热线 2026 年 10 月考勤表"
    assert [c.value for c in sheet[2]][:5] == ["工号", "姓名", "工作组", "1", "2"]
    for n, row in enumerate(rows, start=4):
        cells = [c.value for c in sheet[n]]
        assert [c or "" for c in cells[:3]] == [row.staff_no, row.label, row.group]
        assert [c or "" for c in cells[3 : 3 + len(days)]] == row.codes
        assert cells[3 + len(days) : 5 + len(days)] == [row.arrived, row.scheduled]
        assert cells[-2:] == [row.rate_arrived, row.rate_scheduled]
    for argv, message in (
        (["--month", "2026-13"], "月份“2026-13”无效"),
        (["--month", "2026-10", "-o", str(tmp_path / "x.csv")], "请用 .xlsx 结尾"),
    ):
        extra = [] if "-o" in argv else ["-o", str(out)]
        code, _, err = run(
            capsys, "export", "attendance", "--db", server_db.store_text(demo_store), *argv,
            *extra, *CHIEF_AS, stdin=DEMO_PIN,
        )  # fmt: skip
        assert code == 2 and message in err


def test_export_kpi_for_a_month_and_a_quarter(demo_store, tmp_path, capsys):
    from openpyxl import load_workbook

    db = ["--db", server_db.store_text(demo_store), *CHIEF_AS]
    out = tmp_path / "kpi.xlsx"
    code, said, err = run(
        capsys, "export", "kpi", *db, "--quarter", "2026-Q4", "-o", str(out), stdin=DEMO_PIN
    )
    assert (code, err) == (0, "") and "2026-Q4" in said
    book = load_workbook(out)
    assert book["汇总"]["A1"].value == "西城区政务服务热线 考核指标 2026-10 至 2026-12"
    assert len(book.sheetnames) == 5
    # Who exported what, for which period, into which file: the digest of the file itself.
    (made,) = audit_rows(demo_store, "export.kpi")
    assert made.actor_id == chief(demo_store).id and made.entity_key == "kpi.xlsx"
    assert json.loads(made.after) == {
        "period": "2026-Q4", "file": str(out), "rows": 5,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
    }  # fmt: skip
    # A post the export is not for is refused before anything is written.
    code, _, err = run(capsys, "export", "kpi", "--db", server_db.store_text(demo_store),
                       "--month", "2026-11", "-o", str(tmp_path / "k2.xlsx"), "--as", "1009",
                       stdin=DEMO_PIN)  # fmt: skip
    assert code == 2 and "班长不能导出考勤表、工作汇报和考核指标" in err
    assert not (tmp_path / "k2.xlsx").exists()
    csv_out = tmp_path / "kpi.csv"
    assert run(capsys, "export", "kpi", *db, "--month", "2026-11", "-o", str(csv_out),
               stdin=DEMO_PIN)[0] == 0  # fmt: skip
    assert csv_out.read_text(encoding="utf-8-sig").startswith("序号,指标,考核周期")
    for argv, message in (
        ([], "二选一"),
        (["--month", "2026-11", "--quarter", "2026-Q4"], "二选一"),
        (["--quarter", "2026-Q9"], "季度“2026-Q9”无效"),
    ):
        code, _, err = run(capsys, "export", "kpi", *db, *argv, "-o", str(out))
        assert code == 2 and message in err
    code, _, err = run(
        capsys, "export", "kpi", *db, "--month", "2026-11", "-o", str(tmp_path / "k.pdf")
    )
    assert code == 2 and ".xlsx" in err


# --- people: init, import-staff, export staff -----------------------------------------


def test_init_once_then_import_check_saves_nothing_then_export_reads_back(tmp_path, capsys):
    import openpyxl

    db = str(tmp_path / "floor.db")
    code, _, err = run(capsys, "init", "--db", db, "--manager", "2001", "--name", "王芳",
                       stdin="135790\n135791\n")  # fmt: skip
    assert code == 2 and "两次输入的 PIN 不一致" in err
    code, _, err = run(capsys, "init", "--db", db, "--manager", "2001", "--name", "王芳",
                       stdin="135790\n135790\n")  # fmt: skip
    assert code == 0, err
    code, _, err = run(capsys, "init", "--db", db, "--manager", "2002", "--name", "李强")
    assert code == 2 and "已经有人员" in err
    sheet = tmp_path / "名单.csv"
    sheet.write_text(
        "工号,姓名,组,岗位,状态,入职日期\n3001,张伟,综合坐席,组员,在职,2024/3/1\n"
        "3002,刘洋,综合坐席,值班长,试用,2026-10-08\n",
        encoding="utf-8-sig",
    )
    manager = "135790\n"
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "2001", "--db", db,
                          "--check", "--create-groups", stdin=manager)  # fmt: skip
    assert (code, err) == (0, "") and said.startswith("检查通过，未保存。") and "新增 2 人" in said
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM work_group").fetchone()[0] == 0
    conn.close()
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "3001", "--db", db)
    assert code == 2 and "3001" in err  # nobody of that number yet, so nothing saved
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "2001", "--db", db,
                          "--create-groups", stdin=manager)  # fmt: skip
    assert code == 0 and "新增 2 人" in said, err
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "3002", "--db", db,
                          stdin="111111\n")  # fmt: skip
    assert code == 2 and "工号或 PIN 不正确" in err
    code, said, err = run(capsys, "set-pin", "3002", "--as", "2001", "--db", db, stdin=manager)
    assert code == 0, err
    temporary = said.split("临时 PIN：")[1][:6]
    # A temporary PIN is changed before anything else; then the post decides.
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "3002", "--db", db,
                          stdin=f"{temporary}\n246802\n246802\n")  # fmt: skip
    assert code == 2 and "值班长不能管理人员和工作组" in err and "PIN 已修改" in err
    code, said, err = run(capsys, "import-staff", str(sheet), "--as", "3002", "--db", db,
                          stdin="246802\n")  # fmt: skip
    assert code == 2 and "值班长不能管理人员和工作组" in err

    out = tmp_path / "名单.xlsx"
    code, said, err = run(capsys, "export", "staff", "--db", db, "-o", str(out))
    assert code == 2 and "请用 --as 给出导出人的工号：人员名单含个人信息" in err
    code, said, err = run(capsys, "export", "staff", "--db", db, "-o", str(out), "--as", "3002",
                          stdin="246802\n")  # fmt: skip
    assert code == 2 and "值班长不能管理人员和工作组" in err and not out.exists()
    code, said, err = run(capsys, "export", "staff", "--db", db, "-o", str(out), "--as", "2001",
                          stdin=manager)  # fmt: skip
    assert (code, err) == (0, "") and "（3 人）" in said
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:6] == ("工号", "姓名", "组", "岗位", "状态", "入职日期")
    assert [r[:5] for r in rows[1:]] == [  # in group order, the managers last
        ("3001", "张伟", "综合坐席", "组员", "在职"),
        ("3002", "刘洋", "综合坐席", "值班长", "试用"),
        ("2001", "王芳", None, "项目经理", "在职"),
    ]
    assert rows[1][5].date() == date(2024, 3, 1)  # a real date cell, not text
    code, _, err = run(capsys, "export", "staff", "--db", db, "-o", str(tmp_path / "名单.csv"))
    assert code == 2 and ".xlsx" in err


# --- the audit trail from the shell ------------------------------------------------------------


def test_check_names_audit_rows_of_people_not_on_the_staff(demo_file, capsys):
    code, out, _ = run(capsys, "check", "--db", str(demo_file))
    assert code == 0 and "操作人都在人员名单中" in out
    conn = sqlite3.connect(demo_file)
    conn.execute("PRAGMA foreign_keys = OFF")  # as a hand edit outside the program would
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, entity, entity_key)"
        " VALUES ('2026-11-30 01:00:00', 99999, 'seat.assign', 'seat', 'A01')"
    )
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", "--db", str(demo_file))
    assert code == 1
    assert "操作记录：1 条记在不存在的人员 #99999 名下（11-30 09:00 至 11-30 09:00）" in out


def test_export_audit_is_for_managers_and_reads_back(demo_file, tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "操作记录.xlsx"
    argv = ["export", "audit", "--db", str(demo_file), "--from", "2026-01-01",
            "--to", "2027-12-31", "-o", str(out)]  # fmt: skip
    code, _, err = run(capsys, *argv)
    assert code == 2 and "请用 --as 给出导出人的工号" in err
    code, _, err = run(capsys, *argv, "--as", "1004", stdin=DEMO_PIN)
    assert code == 2 and "值班长不能查看操作记录" in err and not out.exists()
    code, printed, err = run(capsys, *argv, "--as", "1001", stdin=DEMO_PIN)
    assert code == 0, err
    conn = sqlite3.connect(demo_file)
    # Every row but the export's own, written once the file was whole.
    total = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] - 1
    conn.close()
    assert f"已导出 {total} 条操作记录" in printed
    book = load_workbook(out)
    rows = list(book["操作记录"].iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "时间", "操作人", "工号") and len(rows) == total + 1
    # The newest first: the export's own sign-in, by the 项目经理.
    assert rows[1][3] == "1001" and rows[1][4] == "登录"
    # The change in words on the first sheet; as stored (JSON), row by row, on the second.
    stored = list(book["原始记录"].iter_rows(values_only=True))
    assert stored[0] == ("编号", "时间", "记录类别", "记录", "修改前（原始）", "修改后（原始）")
    assert [r[0] for r in stored[1:]] == [r[0] for r in rows[1:]]
    with_json = next(r for r in stored[1:] if r[5])
    conn = sqlite3.connect(demo_file)
    (kept,) = conn.execute("SELECT after FROM audit_log WHERE id = ?", (with_json[0],)).fetchone()
    conn.close()
    assert with_json[5] == kept  # exactly as the chain sealed it
    assert not any(str(cell).startswith("{") for row in rows for cell in row)
    # No PIN in clear anywhere in it.
    for sheet in (rows, stored):
        assert not any(DEMO_PIN.strip() in str(cell) for row in sheet for cell in row)


def test_bad_pins_and_odd_staff_numbers_at_the_shell_say_one_sentence(demo_file, tmp_path, capsys):
    rota = tmp_path / "good.csv"
    rota.write_text("工号,日期,班次\n1020,2027-01-05,早班\n", encoding="utf-8")
    argv = ["import-rota", str(rota), "--db", str(demo_file)]
    before = digest(demo_file)
    for stdin, words in [
        ("abc123\n", "PIN 只能是数字"),
        ("\n", "请输入 PIN"),
        ("7" * 100_000 + "\n", "PIN 太长"),  # a page pasted by mistake
        ("", "标准输入中没有读到 PIN"),
    ]:
        code, out, err = run(capsys, *argv, "--as", "1004", stdin=stdin)
        assert code == 2 and words in err and "Traceback" not in err, (stdin[:8], err)
    # Nothing was counted as a wrong try, nothing written at all.
    assert digest(demo_file) == before
    code, _, err = run(capsys, *argv, "--as", "\x1b[2J1004", stdin=DEMO_PIN)
    assert code == 2 and "\x1b" not in err and "工号或 PIN 不正确" in err


# --- help in Chinese, per subcommand ------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [[], *([c] for c in COMMANDS), ["export", "handovers"], ["export", "attendance"],
     ["export", "kpi"], ["export", "staff"], ["export", "audit"]],
)  # fmt: skip
def test_every_help_is_in_chinese(capsys, argv):
    with pytest.raises(SystemExit) as ended:
        main([*argv, "--help"])
    assert ended.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：hotline-tui")
    for english in ("usage", "options", "positional arguments", "show this help", "error"):
        assert english not in text
    assert "显示本帮助并退出" in text


def test_each_export_kind_has_its_own_help(capsys):
    def help_of(kind):
        with pytest.raises(SystemExit):
            main(["export", kind, "--help"])
        return capsys.readouterr().out

    kpi, handovers, audit = help_of("kpi"), help_of("handovers"), help_of("audit")
    assert "--quarter" in kpi and "--from" not in kpi
    assert "--from" in handovers and "--quarter" not in handovers and "--as" not in handovers
    assert "--as" in audit and "--month" not in audit
