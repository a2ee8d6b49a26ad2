"""Quality checks (质检): records entered and imported, every bad row named; the two
indicators counted from a month of records built by hand; per person and per group."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.tables import QcRecord
from hotline_tui.domain.indicators.figures import save_figures
from hotline_tui.domain.indicators.report import rate_text, report
from hotline_tui.domain.quality.records import add_record, list_records, summaries
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.imports.qc_file import QcFileError, import_qc
from hotline_tui.model import checklist
from tests.helpers import chief, manager

QC = QcSpec()  # full score 100, pass 85; item 3 业务解答准确 is 40 points
CHECKER, OTHER_CHECKER = "1093", "1094"  # the demo's 质检 group
MARCH = date(2027, 3, 1)  # a month of its own: the demo's records end in 2026-11


def at(day: int, hour: int = 10) -> pendulum.DateTime:
    return pendulum.datetime(2027, 3, day, hour, tz=BEIJING)


def _count(store) -> int:
    with store.read() as session:
        return session.execute(sa.select(sa.func.count()).select_from(QcRecord)).scalar_one()


def test_the_checklist_scores_a_call():
    assert checklist.missed_items("3 5", QC) == ["业务解答准确", "服务态度与用语"]
    assert checklist.missed_items("服务态度与用语、1", QC) == ["开场白与结束语", "服务态度与用语"]
    assert checklist.score(QC, []) == (100, True)
    assert checklist.score(QC, ["开场白与结束语", "工单记录完整"]) == (80, False)  # 100-10-10
    assert checklist.score(QC, ["转接转办正确"]) == (85, True)  # exactly the pass score
    with pytest.raises(DomainError, match="没有“9”这个检查项"):
        checklist.missed_items("9", QC)
    assert checklist.error_kinds("1 转接错误") == ["业务解答错误", "转接错误"]


@pytest.fixture
def march(demo_store, clock):
    """2027-03 by hand, seen on 04-01: six calls of three agents.

    1020: passes twice (100; 85), fails once (60, 业务解答错误)
    1021: fails once (80, 服务规范), passes once (90, 业务解答错误 noted but passed)
    1022: passes once (100)
    → checked 6, passed 4 (66.6 %); answers wrong in 2 (accuracy 4/6 = 66.6 %).
    """
    clock.set(pendulum.datetime(2027, 4, 1, 9, tz=BEIJING))
    boss = chief(demo_store)
    calls = [
        (at(2), "C1", "1020", "", ""),
        (at(3), "C2", "1020", "4", "转接错误"),
        (at(4), "C3", "1020", "3", "1"),
        (at(5), "C4", "1021", "1 6", "服务规范 工单记录"),
        (at(6), "C5", "1021", "2", "业务解答错误"),
        (at(7), "C6", "1022", "", ""),
    ]
    for call_at, ref, agent, missed, errors in calls:
        add_record(demo_store, boss, QC, call_at, ref, agent, CHECKER, missed, errors)
    return demo_store


def test_a_month_of_records_counts_the_two_indicators(march, clock):
    lines = {line.name: line for line in report(march, MARCH, clock.now(), list_shifts(march))}
    qc, accuracy = lines["质检合格率"], lines["业务解答准确率"]
    assert (qc.month.numerator, qc.month.denominator) == (4, 6)
    assert rate_text(qc, qc.month) == "66.6%"
    assert (accuracy.month.numerator, accuracy.month.denominator) == (4, 6)
    assert qc.detail.startswith("按质检记录计算（6 条）")
    assert "3月 质检记录" in qc.detail
    assert (qc.source, lines["人工接通率"].source) == ("质检记录", "外部录入")


def test_the_review_workbook_names_the_source(march, clock, tmp_path):
    from openpyxl import load_workbook

    from hotline_tui.exports.kpi_review import write_review

    book = tmp_path / "review.xlsx"
    write_review(march, MARCH, book, clock.now(), list_shifts(march))
    rows = {r[1]: r for r in load_workbook(book)["汇总"].iter_rows(min_row=3, values_only=True)}
    assert (rows["质检合格率"][3], rows["质检合格率"][4], rows["质检合格率"][9]) == (
        4,
        6,
        "质检记录",
    )
    assert rows["业务解答准确率"][9] == "质检记录"


def test_a_month_without_records_keeps_the_counts_entered(march, clock):
    # February has no records: what the manager entered stands, and says so.
    feb = date(2027, 2, 1)
    save_figures(march, manager(march), feb, {"qc_sampled": 600, "qc_passed": 590})
    lines = {line.name: line for line in report(march, feb, clock.now(), list_shifts(march))}
    qc = lines["质检合格率"]
    assert (qc.month.numerator, qc.month.denominator) == (590, 600)
    assert "录入" in qc.detail and "质检记录" not in qc.detail and qc.source == "外部录入"
    # In March's view the quarter adds February's entered counts to March's records.
    march_lines = {
        line.name: line for line in report(march, MARCH, clock.now(), list_shifts(march))
    }
    quarter = march_lines["质检合格率"].quarter
    assert (quarter.numerator, quarter.denominator) == (594, 606)
    assert "2月 外部录入；3月 质检记录" in march_lines["质检合格率"].detail


def test_per_person_and_per_group(march):
    rows = list_records(march, MARCH)
    assert len(rows) == 6 and rows[0].call_ref == "C6"  # newest call first
    people = {s.key: s for s in summaries(rows)}
    assert (people["1020"].checked, people["1020"].passed, people["1020"].answer_errors) == (
        3,
        2,
        1,
    )
    assert (people["1021"].checked, people["1021"].passed) == (2, 1)
    assert dict(people["1021"].errors) == {"服务规范": 1, "工单记录": 1, "业务解答错误": 1}
    assert people["1020"].rate_text == "66.6%"
    first = summaries(rows)[0]
    assert first.key in ("1020", "1021")  # the most failures first
    (group,) = summaries(rows, by_group=True)
    assert (group.key, group.checked, group.passed) == ("综合坐席", 6, 4)
    assert list_records(march, MARCH, group="质检") == []
    assert [r.call_ref for r in list_records(march, MARCH, agent_no="1022")] == ["C6"]


BAD_RECORDS = [
    ({"call_ref": " "}, "请填写通话编号"),
    ({"call_at": at(1).add(days=40)}, "在将来"),
    ({"agent": "9999"}, "坐席工号 9999 不存在"),
    ({"agent": "1004"}, "是值班长，不是坐席"),
    ({"checker": "1021"}, "不是质检组的人员"),
    ({"checker": "1093", "agent": "1093"}, "不能检查自己的通话"),
    ({"missed": "7"}, "没有“7”这个检查项"),
    ({"errors": "态度"}, "没有“态度”这个错误类型"),
]


def test_bad_records_are_refused(march):
    before = _count(march)
    for change, says in BAD_RECORDS:  # every case on one database
        values = {"call_at": at(10), "call_ref": "X1", "agent": "1020", "checker": CHECKER,
                  "missed": "", "errors": ""} | change  # fmt: skip
        with pytest.raises(DomainError, match=says):
            add_record(march, chief(march), QC, values["call_at"], values["call_ref"],
                       values["agent"], values["checker"], values["missed"], values["errors"])  # fmt: skip
        assert _count(march) == before, change


def test_a_call_is_checked_once(march):
    with pytest.raises(DomainError, match="已经质检过"):
        add_record(march, chief(march), QC, at(2), "C1", "1020", OTHER_CHECKER)


HEADER = "通话时间,通话编号,坐席工号,质检员工号,未达标项,错误类型,备注\n"


def test_a_qc_file_is_imported_whole(march, tmp_path):
    good = tmp_path / "qc.csv"
    good.write_text(
        HEADER
        + "2027-03-20 09:15,F1,1023,1093,,,\n"
        + "2027/3/21 14:02:10,F2,1030,1094,业务解答准确,业务解答错误,=cmd|' /C calc'!A0\n",
        encoding="utf-8",
    )
    assert import_qc(march, chief(march), good, QC) == 2
    rows = {r.call_ref: r for r in list_records(march, MARCH)}
    assert (rows["F1"].score, rows["F1"].passed) == (100, True)
    assert (rows["F2"].score, rows["F2"].passed, rows["F2"].errors) == (60, False, "业务解答错误")
    assert rows["F2"].note.startswith("=cmd")  # kept as text; exports write it as text


def test_every_bad_row_of_a_qc_file_is_named_and_nothing_is_saved(march, tmp_path):
    bad = tmp_path / "qc.csv"
    bad.write_text(
        HEADER
        + "2027-03-20 09:15,B1,1023,1093,,,\n"  # good
        + "20.3.2027,B2,1023,1093,,,\n"  # line 3: time
        + "2027-03-20 10:00,B3,9999,1093,,,\n"  # line 4: no such agent
        + "2027-03-20 10:00,B4,1023,1021,,,\n"  # line 5: not a checker
        + "2027-03-20 10:00,B5,1023,1093,8,,\n"  # line 6: no such item
        + "2027-03-20 11:00,B1,1023,1093,,,\n"  # line 7: same call and agent as line 2
        + "2027-03-20 10:00,,1023,1093,,,\n",  # line 8: no call number
        encoding="utf-8",
    )
    before = _count(march)
    with pytest.raises(QcFileError) as refused:
        import_qc(march, chief(march), bad, QC)
    problems = refused.value.problems
    assert [p.split("：")[0] for p in problems] == [f"第 {n} 行" for n in (3, 4, 5, 6, 7, 8)]
    assert "通话时间“20.3.2027”无效" in problems[0]
    assert "坐席工号 9999 不存在" in problems[1]
    assert "不是质检组的人员" in problems[2]
    assert "没有“8”这个检查项" in problems[3]
    assert "与第 2 行是同一通话" in problems[4]
    assert "请填写通话编号" in problems[5]
    assert _count(march) == before
    # Already checked calls: refused whole as well.
    again = tmp_path / "again.csv"
    again.write_text(HEADER + "2027-03-02 10:00,C1,1020,1093,,,\n", encoding="utf-8")
    with pytest.raises(DomainError, match="已经质检过"):
        import_qc(march, chief(march), again, QC)
    missing = tmp_path / "missing.csv"
    missing.write_text("通话时间,坐席工号\n2027-03-02 10:00,1020\n", encoding="utf-8")
    with pytest.raises(DomainError, match="缺少：通话编号、质检员工号"):
        import_qc(march, chief(march), missing, QC)


def test_an_xlsx_qc_file_keeps_the_time_of_day(march, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["通话时间", "通话编号", "坐席工号", "质检员工号"])
    sheet.append([datetime(2027, 3, 22, 16, 45), "X1", "1023", "1093"])
    path = tmp_path / "qc.xlsx"
    book.save(path)
    assert import_qc(march, chief(march), path, QC) == 1
    (row,) = [r for r in list_records(march, MARCH) if r.call_ref == "X1"]
    assert (
        pendulum.instance(row.call_at).in_timezone(BEIJING).format("MM-DD HH:mm") == "03-22 16:45"
    )
