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
from hotline_tui.exports.staff_list import write_staff
from hotline_tui.imports.qc_file import import_qc
from hotline_tui.imports.rota_file import import_rota
from hotline_tui.imports.staff_file import import_staff
from hotline_tui.imports.tabular import read_rows
from tests.helpers import chief, manager

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


def test_a_stale_dimension_staff_list_is_read_whole(demo_store, tmp_path):
    path = tmp_path / "staff.xlsx"
    written = write_staff(list_staff(demo_store), path)
    declare(path, "A1:H2")
    summary = import_staff(demo_store, manager(demo_store), path, check_only=True)
    assert summary.added + summary.changed + summary.unchanged == written > 100


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


# --- a person's status is dated: a later change never rewrites a closed month -------------


def _marks(store, boss, early, day, marks) -> None:
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.domain.attendance.rota import schedule

    for no, status in marks.items():
        schedule(store, boss, day, early, no)
        mark(store, boss, day, early, no, status)


def _set_statuses(path, statuses: dict[str, str], since: str | None = None) -> None:
    """Edit an exported staff list as an office would: the 状态 column, and perhaps the
    optional 状态生效日期."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    status_col = header.index("状态") + 1
    since_col = len(header) + 1
    if since is not None:
        sheet.cell(row=1, column=since_col, value="状态生效日期")
    for row in range(2, sheet.max_row + 1):
        no = str(sheet.cell(row=row, column=1).value)
        if no in statuses:
            sheet.cell(row=row, column=status_col, value=statuses[no])
            if since is not None:
                sheet.cell(row=row, column=since_col, value=since)
    book.save(path)


def _formal_rate(store, month_start: date, month_end: date, now, shifts) -> tuple[int, int]:
    from hotline_tui.domain.attendance.rates import rates

    rate = rates(store, month_start, month_end, now, shifts)[""]
    return rate.arrived, rate.scheduled


def test_a_status_flipping_import_and_a_screen_edit_leave_a_closed_month_as_it_was(
    demo_store, clock, tmp_path
):
    """2027-03 by hand, three formal agents and one on probation, then in April the
    office re-imports the staff list with the three set to 试用, and confirms the fourth.

    March, formal only: 1020 arrived twice, 1021 旷工 once, 1022 arrived once: 3 of 4
    (9001, on probation, not counted). April 2 after the changes: the three are on
    probation from that day and 9001 is formal: only 9001 counts, arrived: 1 of 1.
    """
    from hotline_tui.domain.attendance.sheet import monthly_sheet
    from hotline_tui.domain.dossier import dossier
    from hotline_tui.domain.people.manage import add_person, end_probation
    from hotline_tui.domain.people.records import PersonFields

    shifts = list_shifts(demo_store)
    early = shifts[0]
    boss, head = chief(demo_store), manager(demo_store)
    mar1, mar31, apr1, apr30 = (
        date(2027, 3, 1),
        date(2027, 3, 31),
        date(2027, 4, 1),
        date(2027, 4, 30),
    )
    clock.set(pendulum.datetime(2027, 3, 1, 9, tz=BEIJING))
    add_person(
        demo_store, head, PersonFields("9001", "试一", "综合坐席", "组员", "试用", mar1, "综合", "")
    )
    clock.set(pendulum.datetime(2027, 3, 3, 9, tz=BEIJING))
    _marks(
        demo_store, boss, early, date(2027, 3, 2), {"1020": "出勤", "1021": "旷工", "9001": "出勤"}
    )
    _marks(
        demo_store, boss, early, date(2027, 3, 3), {"1020": "出勤", "1022": "出勤", "9001": "病假"}
    )
    clock.set(pendulum.datetime(2027, 4, 2, 9, tz=BEIJING))
    now = clock.now()
    assert _formal_rate(demo_store, mar1, mar31, now, shifts) == (3, 4)

    # The office's re-import: the three set to 试用 (effective today, 04-02).
    sheet = tmp_path / "staff.xlsx"
    write_staff(list_staff(demo_store), sheet)
    _set_statuses(sheet, {"1020": "试用", "1021": "试用", "1022": "试用"})
    summary = import_staff(demo_store, head, sheet)
    assert (summary.changed, summary.status_changed) == (3, 3)
    assert "其中 3 人状态变动" in summary.text
    # And on the people screen's key z: 9001 formal from today.
    end_probation(demo_store, head, "9001")
    _marks(demo_store, boss, early, date(2027, 4, 2),
           {"1020": "出勤", "1021": "出勤", "1022": "事假", "9001": "出勤"})  # fmt: skip

    now = clock.now()
    assert _formal_rate(demo_store, mar1, mar31, now, shifts) == (3, 4)  # as it was
    assert _formal_rate(demo_store, apr1, apr30, now, shifts) == (1, 1)
    _, march = monthly_sheet(demo_store, mar1, now)
    assert sum(r.rate_arrived for r in march) == 3 and sum(r.rate_scheduled for r in march) == 4
    rows = {r.staff_no: r for r in march}
    assert (rows["1020"].rate_arrived, rows["1020"].rate_scheduled) == (2, 2)
    assert (rows["9001"].rate_arrived, rows["9001"].rate_scheduled) == (0, 0)
    # The person's record lists each status from its first day.
    spans = dossier(demo_store, "1020", now).status_history
    assert [(s.status, s.since_text) for s in spans] == [
        ("在职", "入职起"),
        ("试用", "2027-04-02 起"),
    ]


def test_a_status_change_may_not_reach_into_a_closed_month_or_the_future(
    demo_store, clock, tmp_path
):
    from hotline_tui.imports.staff_file import StaffFileError

    clock.set(pendulum.datetime(2026, 12, 3, 9, tz=BEIJING))
    head = manager(demo_store)
    for since, reason in (
        ("2026-11-30", "状态生效日期 2026-11-30 在已结束的月份"),
        ("2026-12-04", "状态生效日期 2026-12-04 还没到"),
        ("2026/13/01", "状态生效日期“2026/13/01”无效"),
    ):
        sheet = tmp_path / "staff.xlsx"
        write_staff(list_staff(demo_store), sheet)
        _set_statuses(sheet, {"1020": "试用"}, since)
        with pytest.raises(StaffFileError) as refused:
            import_staff(demo_store, head, sheet)
        assert len(refused.value.problems) == 1 and reason in refused.value.problems[0]
    # From the first of the open month: taken, from that day.
    _set_statuses(sheet, {"1020": "试用"}, "2026-12-01")
    assert import_staff(demo_store, head, sheet).status_changed == 1
    # What only the desk sets is refused by the sheet: 待撤换 and 离职.
    write_staff(list_staff(demo_store), sheet)
    _set_statuses(sheet, {"1021": "待撤换", "1022": "离职"})
    with pytest.raises(StaffFileError) as refused:
        import_staff(demo_store, head, sheet)
    problems = "\n".join(refused.value.problems)
    assert "待撤换由采购人的撤换要求登记" in problems and "离职请在人员屏幕" in problems


def test_the_staff_export_imports_back_unchanged(demo_store, tmp_path):
    """Whatever the export writes (a 待撤换 among them), the import takes back: 0 changed."""
    path = tmp_path / "staff.xlsx"
    people = list_staff(demo_store)
    assert any(p.status == "待撤换" for p in people) and any(p.status == "试用" for p in people)
    written = write_staff(people, path)
    summary = import_staff(demo_store, manager(demo_store), path)
    assert (summary.added, summary.changed, summary.unchanged) == (0, 0, written)
