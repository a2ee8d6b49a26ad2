"""Exports fit for paper: real dated cells with their year, widths on every sheet,
landscape, one page wide, headings and names repeated, titled pages with numbers."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import pytest
from openpyxl import load_workbook

from tests import server_db
from tests.helpers import DEMO_PIN
from tests.helpers import run_command as run


def _check_paper(sheet, title_rows: str) -> None:
    setup = sheet.page_setup
    assert setup.orientation == "landscape"
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == title_rows
    assert sheet.oddHeader.center.text
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    # Every column that holds something has a width of its own, not Excel's default.
    used = {cell.column_letter for row in sheet.iter_rows() for cell in row if cell.value}
    for letter in used:
        assert sheet.column_dimensions[letter].width, (sheet.title, letter)


def _export(capsys, store, kind: str, out) -> None:
    """``export KIND --month 2026-11 -o OUT`` as the demo's 值班长, which must succeed."""
    db = ["--db", server_db.store_text(store), "--as", "1004"]
    code, _, err = run(capsys, "export", kind, *db, "--month", "2026-11", "-o", str(out),
                       stdin=DEMO_PIN)  # fmt: skip
    assert code == 0, err


def test_the_kpi_workbook_is_dated_and_print_ready(demo_store, tmp_path, capsys):
    out = tmp_path / "kpi.xlsx"
    _export(capsys, demo_store, "kpi", out)
    book = load_workbook(out)
    _check_paper(book["汇总"], "$1:$2")
    assert "2026-11" in book["汇总"].oddHeader.center.text
    times = 0
    for sheet in book.worksheets[1:]:
        _check_paper(sheet, "$1:$1")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, datetime):  # a date reads back as one, too
                    assert cell.number_format in ("yyyy-mm-dd hh:mm", "yyyy-mm-dd")
                    assert cell.value.year == 2026
                    times += cell.number_format == "yyyy-mm-dd hh:mm"
                # No time written as text without its year any more ("11-01 05:33").
                assert not (isinstance(cell.value, str) and cell.value[:2].isdigit()
                            and cell.value[2:3] == "-" and cell.value[5:6] == " ")  # fmt: skip
    assert times > 20  # the urgent issues', faults' and replacements' times


def test_a_reports_tables_are_sheets_ready_for_paper(demo_store, tmp_path, capsys):
    """#34: the month's figures, a sheet a table, each set up as every export is."""
    out = tmp_path / "月报.xlsx"
    db = ["--db", server_db.store_text(demo_store), "--as", "1004"]
    code, _, err = run(capsys, "export", "report", *db, "--month", "2026-11", "-o", str(out),
                       stdin=DEMO_PIN)  # fmt: skip
    assert code == 0, err
    book = load_workbook(out)
    assert book.sheetnames == ["月报", "本期概况", "每日趋势", "话务", "九项指标"]
    for sheet in book.worksheets[1:]:
        _check_paper(sheet, "$1:$1")
        assert "2026-11" in sheet.oddHeader.center.text and sheet.freeze_panes == "A2"
    days = list(book["每日趋势"].iter_rows(min_row=2, values_only=True))
    assert len(days) == 30 and all(isinstance(d[0], datetime) for d in days)
    assert all(isinstance(d[2], int) and isinstance(d[5], float | int) for d in days)


def test_the_attendance_sheet_repeats_days_and_names_on_every_page(demo_store, tmp_path, capsys):
    out = tmp_path / "考勤表.xlsx"
    _export(capsys, demo_store, "attendance", out)
    sheet = load_workbook(out).active
    _check_paper(sheet, "$1:$3")
    assert sheet.print_title_cols == "$A:$B"
    assert "2026 年 11 月" in sheet.oddHeader.center.text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed here")
def test_libreoffice_prints_the_attendance_sheet_one_page_wide(demo_store, tmp_path, capsys):
    out = tmp_path / "sheet.xlsx"
    _export(capsys, demo_store, "attendance", out)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = (tmp_path / "sheet.pdf").read_bytes()
    # One page wide: 113 people fit on two or three pages tall, never nine.
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page\n") <= 4
