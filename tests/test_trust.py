"""Records that cannot go silently wrong (#30): files read whole, whatever they declare."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pendulum
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.tables import QcRecord, RotaEntry
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.imports.qc_file import import_qc
from hotline_tui.imports.rota_file import import_rota
from hotline_tui.imports.tabular import read_rows
from tests.helpers import chief

# --- an XLSX is read by its rows, never by the size it declares -----------------------------


def declare(path, ref: str) -> None:
    """Rewrite the first sheet's <dimension> to ``ref``, as a careless program leaves it."""
    with zipfile.ZipFile(path) as src:
        items = [(item, src.read(item.filename)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
                assert n == 1
            out.writestr(item, data)


def workbook(path, rows) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_a_stale_dimension_rota_is_read_whole(demo_store, tmp_path):
    agents = [p.staff_no for p in list_staff(demo_store) if p.post == "组员"][:11]
    path = tmp_path / "rota.xlsx"
    workbook(path, [["工号", "日期", "班次"], *([no, "2027-01-05", "早班"] for no in agents)])
    declare(path, "A1:C2")
    assert len(read_rows(path)) == 12
    import_rota(demo_store, chief(demo_store), path, list_shifts(demo_store))
    with demo_store.read() as session:
        count = session.execute(
            sa.select(sa.func.count()).where(RotaEntry.day == date(2027, 1, 5))
        ).scalar_one()
    assert count == 11


def test_a_stale_dimension_qc_file_is_read_whole(demo_store, clock, tmp_path):
    clock.set(pendulum.datetime(2027, 4, 1, 9, tz=BEIJING))
    path = tmp_path / "qc.xlsx"
    calls = [[f"2027-03-{day:02d} 10:00", f"S{day}", "1020", "1093"] for day in range(2, 13)]
    workbook(path, [["通话时间", "通话编号", "坐席工号", "质检员工号"], *calls])
    declare(path, "A1:D2")
    assert import_qc(demo_store, chief(demo_store), path, QcSpec()) == 11
    with demo_store.read() as session:
        refs = session.execute(sa.select(QcRecord.call_ref).where(QcRecord.call_ref.like("S%")))
        assert len(refs.all()) == 11


def test_the_row_limit_counts_the_rows_really_there(tmp_path):
    path = tmp_path / "long.xlsx"
    workbook(path, [["工号", "日期", "班次"], *(["1020", "2027-01-05", "早班"] for _ in range(30))])
    declare(path, "A1:C2")  # "one row of data", over 30
    with pytest.raises(DomainError, match="超过 20 行"):
        read_rows(path, max_rows=20)
