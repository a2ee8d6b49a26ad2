"""The rota in the chiefs' own layout (#33): a row a person, a column a day."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from openpyxl import Workbook

from hotline_tui.domain.attendance.rota import rota_between, shift_on
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.exports.rota_sheet import write_rota
from hotline_tui.imports.rota_file import RotaFileError, import_rota
from hotline_tui.imports.rota_wide import HeaderProblem, header_day
from tests import server_db
from tests.conftest import TODAY
from tests.helpers import DEMO_PIN, audit_rows, chief, run_command

WEEK = [date(2026, 12, 7) + timedelta(days=n) for n in range(7)]  # Monday to Sunday


def _sheet(path, rows) -> None:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)


def test_day_headers_in_the_ways_chiefs_write_them():
    today = date(2026, 12, 28)
    for text in ("12-07", "12/7", "12月7日", "12.07", "2026-12-07", "2026/12/7", "2026年12月7日"):
        assert header_day(text, None, today) == date(2026, 12, 7), text
    # No year written: the nearest to today, so a January sheet made in December is next year's.
    assert header_day("01-03", None, today) == date(2027, 1, 3)
    # A day number takes its month from the title; without one it is refused in words.
    assert header_day("7", (2026, 12), today) == date(2026, 12, 7)
    assert header_day("7日", (2026, 12), today) == date(2026, 12, 7)
    with pytest.raises(HeaderProblem, match="只有日，没有月"):
        header_day("7", None, today)
    with pytest.raises(HeaderProblem, match="不是有效的日期"):
        header_day("02-30", (2026, 2), today)
    assert header_day("备注栏", None, today) is None


def test_the_chiefs_sheet_imports_as_it_is_written(demo_store, tmp_path):
    store = demo_store
    shifts = list_shifts(store)
    a, b = staff_by_no(store, "1010"), staff_by_no(store, "1011")
    rota = tmp_path / "排班.xlsx"
    _sheet(rota, [
        ["西城热线 2026年12月 排班表"],
        ["工号", "姓名", *(str(d.day) for d in WEEK)],
        ["", "", "周一", "周二", "周三", "周四", "周五", "周六", "周日"],
        [a.staff_no, a.name, "早", "早", "中", "中", "休", "晚", None],
        [b.staff_no, b.name, "早班", "middle", "晚", "休息", "", "早", "中"],
    ])  # fmt: skip
    result = import_rota(store, chief(store), rota, shifts)
    assert result.added + result.replaced + result.unchanged == 10  # the working days
    on = {d: shift_on(store, d, a.id) for d in WEEK}
    assert list(on.values()) == ["早班", "早班", "中班", "中班", None, "晚班", None]
    assert [shift_on(store, d, b.id) for d in WEEK] == [
        "早班", "中班", "晚班", None, None, "早班", "中班",
    ]  # fmt: skip
    # The sheet is the rota of its people for its days: 休 takes a day off again.
    _sheet(rota, [["工号", "姓名", "12-07", "12-08"], [a.staff_no, a.name, "休", "早"]])
    result = import_rota(store, chief(store), rota, shifts)
    assert (result.added, result.replaced, result.cleared, result.unchanged) == (0, 0, 1, 1)
    assert shift_on(store, WEEK[0], a.id) is None and shift_on(store, WEEK[1], a.id) == "早班"
    (last, *_) = reversed(audit_rows(store, "rota.import"))
    assert json.loads(last.after) == {"rows": 1, "replaced": 0, "cleared": 1, "unchanged": 1}


def test_a_wide_sheet_with_mistakes_names_each_and_saves_nothing(demo_store, tmp_path):
    store = demo_store
    shifts = list_shifts(store)
    a, b = staff_by_no(store, "1010"), staff_by_no(store, "1011")
    before = rota_between(store, WEEK[0], WEEK[-1])
    rota = tmp_path / "排班.csv"
    rota.write_text(
        "工号,姓名,12-07,12-08\n"
        f"{a.staff_no},{a.name},早,夜\n"
        f"{b.staff_no},张三,早,早\n"
        "9999,某人,早,早\n"
        f"{a.staff_no},{a.name},中,中\n",
        encoding="gb18030",  # as Excel in China saves a CSV
    )
    with pytest.raises(RotaFileError) as refused:
        import_rota(store, chief(store), rota, shifts)
    assert refused.value.problems == [
        "第 2 行（12-08）：班次“夜”不存在（可写：早班（早）、中班（中）、晚班（晚）或 休，或留空）",
        f"第 3 行：工号 {b.staff_no} 是{b.name}，不是“张三”",
        "第 4 行：工号 9999 不存在",
        f"第 5 行：工号 {a.staff_no} 与第 2 行重复",
    ]
    rota.write_text("工号,姓名,7,8,12-08,备忘\n", encoding="utf-8")
    with pytest.raises(RotaFileError) as refused:
        import_rota(store, chief(store), rota, shifts)
    assert refused.value.problems == [
        "第 1 行第 3 列：表头“7”只有日，没有月：请在标题中写明年月（如 2026年12月），或把表头写成 12-07",
        "第 1 行第 4 列：表头“8”只有日，没有月：请在标题中写明年月（如 2026年12月），或把表头写成 12-07",
        "第 1 行第 6 列：表头“备忘”既不是日期，也不是工号、姓名",
    ]
    assert rota_between(store, WEEK[0], WEEK[-1]) == before


def test_export_rota_then_import_it_back_changes_nothing(demo_store, tmp_path, capsys, monkeypatch):
    store = demo_store
    since, until = TODAY, TODAY + timedelta(days=6)
    sheet = tmp_path / "排班表.xlsx"
    db = ["--db", server_db.store_text(store)]
    monkeypatch.setenv("HOTLINE_CLOCK_START", "2026-11-30T09:00:00")
    code, said, err = run_command(capsys, "export", "rota", *db, "--from", str(since),
                                  "--to", str(until), "-o", str(sheet))  # fmt: skip
    people = list_staff(store, on=since)
    assert code == 0 and f"（{len(people)} 人）" in said, err
    before = rota_between(store, since, until)
    assert before  # the demo's rota: something to carry
    # What a chief sees: the days as 11-30 …, the weekdays, a cell per person and day.
    rows = list(__import__("openpyxl").load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[0][0] == f"西城区政务服务热线 排班表 {since} 至 {until}"
    assert rows[2][3:] == ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
    assert {c for r in rows[3:] for c in r[3:]} <= {"早", "中", "晚", "休"}
    code, said, err = run_command(capsys, "import-rota", str(sheet), *db, "--as", "1004",
                                  stdin=DEMO_PIN)  # fmt: skip
    assert code == 0, err
    assert said.strip() == f"已导入排班：新增 0 条，替换 0 条，未变 {len(before)} 条。"
    assert rota_between(store, since, until) == before


def test_the_sheet_writer_marks_rest_and_abbreviates(demo_store, tmp_path):
    store = demo_store
    shifts = list_shifts(store)
    a = staff_by_no(store, "1010")
    path = tmp_path / "r.xlsx"
    assert write_rota([a], {(a.id, WEEK[0]): shifts[2].id}, shifts, WEEK[0], WEEK[1], path) == 1
    rows = list(__import__("openpyxl").load_workbook(path).active.iter_rows(values_only=True))
    assert rows[3] == (a.staff_no, a.name, a.group, "晚", "休")


def test_an_import_over_a_holiday_says_so(demo_store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HOTLINE_CLOCK_START", "2026-11-30T09:00:00")
    a = staff_by_no(demo_store, "1010")
    rota = tmp_path / "国庆.csv"
    rota.write_text(f"工号,姓名,2026-09-30,2026-10-01\n{a.staff_no},{a.name},早,早\n",
                    encoding="utf-8")  # fmt: skip
    code, said, err = run_command(capsys, "import-rota", str(rota), "--db",
                                  server_db.store_text(demo_store), "--as", "1004",
                                  stdin=DEMO_PIN)  # fmt: skip
    assert code == 0, err
    assert "注意，排班中有特殊日期（请确认这样安排）：放假日：10-01。" in said
