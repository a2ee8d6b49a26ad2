"""The nine indicators against a month of records whose rates are computed by hand here."""

from __future__ import annotations

from datetime import date, datetime

import pendulum
import pytest
from openpyxl import load_workbook

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rota import schedule
from hotline_tui.domain.clocks import faults, replacements, urgent
from hotline_tui.domain.indicators.figures import figures, parse_figures, save_figures
from hotline_tui.domain.indicators.report import met_text, rate_text, report
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.kpi_review import write_review
from hotline_tui.imports.kpi_figures import import_figures
from hotline_tui.model.indicators import Value
from hotline_tui.model.periods import month_of, parse_quarter, quarter_label
from hotline_tui.workdays import Calendar

SLA = SlaSpec()
JAN, FEB, MAR = date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)


def bj(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=BEIJING)


def chief(store):
    return staff_by_no(store, "1004")


def manager(store):
    return staff_by_no(store, "1001")


@pytest.fixture
def january(demo_store, clock):
    """January 2027, untouched by the demo, filled with records counted by hand below."""
    store, shifts = demo_store, list_shifts(demo_store)
    early = shifts[0]
    # Faults: one reported in 10 minutes (on time), one in 20 (late): 1 of 2.
    for day, minutes in ((5, 10), (6, 20)):
        clock.set(bj(f"2027-01-0{day} 09:00"))
        fault = faults.open_fault(store, chief(store), SLA, "网络", "掉线")
        clock.advance(minutes=minutes)
        faults.mark_reported(store, chief(store), fault, "采购人值班室")
    # Urgent issues: resolved after 10 and 25 minutes, one transferred after 40: 2 of 3.
    for day, minutes in ((7, 10), (8, 25), (9, 40)):
        clock.set(bj(f"2027-01-0{day} 10:00"))
        issue = urgent.open_issue(store, chief(store), SLA, shifts, "突发事件", "燃气泄漏")
        clock.advance(minutes=minutes)
        if minutes > 30:
            urgent.transfer(store, chief(store), issue, "区应急局", "职责", "承办单位占线")
        else:
            urgent.resolve(store, chief(store), issue, "已处置")
    # Arrival: 4 scheduled, 3 arrived (出勤, 迟到, 离岗), 1 事假: 3 of 4; marked that morning.
    clock.set(bj("2027-01-12 09:00"))
    for no, status in (("1020", "出勤"), ("1021", "迟到"), ("1022", "离岗"), ("1023", "事假")):
        schedule(store, chief(store), date(2027, 1, 12), early, no)
        arrived = bj("2027-01-12 08:10") if status == "迟到" else None
        mark(store, chief(store), date(2027, 1, 12), early, no, status, arrived)
    # A replacement requested on Mon 01-18 and answered on Wed 01-20: on time, 1 of 1.
    clock.set(bj("2027-01-18 10:00"))
    request = replacements.request_replacement(store, chief(store), Calendar(), SLA, "1030", "投诉")
    clock.set(bj("2027-01-20 15:00"))
    replacements.respond(store, manager(store), request, "已调岗")
    # Figures from outside: 960 of 1,000 calls answered; 3 complaints in 20,000 calls.
    save_figures(
        store,
        manager(store),
        JAN,
        parse_figures(
            {
                "calls_offered": "1,000",
                "calls_answered": "960",
                "complaints": "3",
                "calls_handled": "20000",
            }
        ),
    )
    clock.set(bj("2027-04-02 09:00"))  # the quarter is over; nothing is pending
    return store


def lines_by_no(lines):
    return {(line.indicator.no if line.indicator else 0): line for line in lines}


def test_each_indicator_of_a_month_computed_by_hand(january, clock):
    lines = lines_by_no(report(january, JAN, clock.now(), list_shifts(january)))
    assert lines[2].month == Value(1, 2)  # faults: 1 of 2 reported in time
    assert lines[6].month == Value(2, 3)  # urgent: 2 of 3 in time
    assert lines[4].month == Value(3, 4)  # arrival: 3 of 4
    assert lines[0].month == Value(1, 1)  # replacement answered in time
    assert lines[1].month == Value(960, 1000)
    assert lines[8].month == Value(3, 20000)
    assert [rate_text(lines[n], lines[n].month) for n in (2, 6, 4, 1, 8)] == [
        "50.0%",
        "66.6%",
        "75.0%",
        "96.0%",
        "0.015%",
    ]  # fmt: skip  (2 of 3 is 66.66…%, cut toward the judgement, never rounded up)
    assert [met_text(lines[n]) for n in (2, 6, 4, 1, 8, 0)] == [
        "未达标",
        "未达标",
        "未达标",
        "达标",
        "达标",
        "达标",
    ]
    # Nothing entered for exams, accuracy, transfers or QC: no data, never 0 % or 100 %.
    for n in (3, 5, 7, 9):
        assert lines[n].month.rate is None
        assert rate_text(lines[n], lines[n].month) == "无数据" and met_text(lines[n]) == "无数据"
    late = [r for r in lines[6].records(month_of(JAN)) if r.counted and not r.ok]
    assert [r.cells[7] for r in late] == ["承办单位占线"]
    absent = lines[4].records(month_of(JAN))
    assert [(r.cells[2], r.cells[4]) for r in absent] == [("1023", "事假")]


def test_an_empty_month_and_the_quarter(january, clock):
    shifts = list_shifts(january)
    february = lines_by_no(report(january, FEB, clock.now(), shifts))
    for n, line in february.items():
        assert line.month.rate is None, n
    # The quarter holds January's records: the same counts as the month.
    assert february[6].quarter == Value(2, 3)
    assert february[1].quarter == Value(960, 1000)
    assert met_text(february[1]) == "达标"  # quarterly: judged on the quarter
    assert met_text(february[6]) == "无数据"  # monthly: judged on February, which has none
    assert quarter_label(MAR) == "2027-Q1" and parse_quarter("2027-q1") == JAN
    with pytest.raises(DomainError, match="季度“2027-Q5”无效"):
        parse_quarter("2027-Q5")


def test_figures_are_whole_numbers_with_numerators_not_above_denominators(january):
    with pytest.raises(DomainError, match="“人工接通量”（1001）不能大于“人工服务呼入量”（1000）"):
        parse_figures({"calls_offered": "1000", "calls_answered": "1001"})
    with pytest.raises(DomainError, match="应为不小于 0 的整数"):
        parse_figures({"qc_sampled": "12.5", "qc_passed": "3"})
    with pytest.raises(DomainError, match="要一起填写，缺少“考试合格人次”"):
        parse_figures({"exam_taken": "100"})
    assert (
        save_figures(
            january,
            manager(january),
            JAN,
            parse_figures({"calls_offered": "1000", "calls_answered": "961"}),
        )
        == 3
    )


def test_importing_figures_from_a_csv(january, tmp_path):
    good = tmp_path / "figures.csv"
    good.write_text(
        "月份,项目,数值\n2027-02,质检抽检量,600\n2027-02,质检合格量,580\n", encoding="utf-8"
    )
    assert import_figures(january, manager(january), good) == 1
    assert figures(january, [FEB])[FEB]["qc_passed"].value == 580
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "月份,项目,数值\n2027-13,质检抽检量,1\n2027-02,不存在,1\n2027-03,质检合格量,5\n",
        encoding="utf-8",
    )
    with pytest.raises(DomainError) as caught:
        import_figures(january, manager(january), bad)
    message = caught.value.message
    assert "月份“2027-13”无效" in message and "没有“不存在”这一项" in message
    assert "2027-03：“质检合格量”和“质检抽检量”要一起填写" in message
    assert figures(january, [MAR])[MAR] == {}


def test_the_workbook_read_back_cell_by_cell(january, clock, tmp_path):
    path = tmp_path / "review.xlsx"
    steps = []
    write_review(
        january,
        JAN,
        path,
        clock.now(),
        list_shifts(january),
        progress=lambda *a: steps.append(a[:2]),
    )
    assert steps[-1] == (5, 5) and len(steps) == 5
    book = load_workbook(path)
    assert book.sheetnames == [
        "汇总",
        "系统故障上报及时率",
        "人员到达率",
        "时效性问题处置及时率",
        "撤换响应（3 个工作日内）",
    ]
    summary = [[c.value for c in row] for row in book["汇总"].iter_rows(min_row=2)]
    assert summary[0] == [
        "序号",
        "指标",
        "考核周期",
        "分子",
        "分母",
        "比率",
        "考核值",
        "目标",
        "结果",
        "来源",
        "说明",
        "本季各月",
    ]
    assert summary[1][:9] == [
        1,
        "人工接通率",
        "季",
        960,
        1000,
        0.96,
        0.96,
        "不低于 95.0%",
        "达标",
    ]
    assert summary[2][:9] == [
        2,
        "系统故障上报及时率",
        "月",
        1,
        2,
        0.5,
        0.5,
        "100%",
        "未达标",
    ]
    assert summary[3][:9] == [
        3,
        "在职考试合格率",
        "月",
        0,
        0,
        None,
        None,
        "不低于 95.0%",
        "无数据",
    ]
    assert summary[8][:9] == [
        8,
        "有效投诉率",
        "月",
        3,
        20000,
        0.00015,
        0.00015,
        "不高于 0.030%",
        "达标",
    ]
    # The rates are numbers with a percent format: the reviewers' spreadsheet sums them.
    rate_cell = book["汇总"]["F3"]
    assert rate_cell.data_type == "n" and rate_cell.number_format == "0.000%"
    assert book["汇总"]["F10"].number_format == "0.00000%"  # the complaint rate, finer
    urgent_rows = [[c.value for c in row] for row in book["时效性问题处置及时率"].iter_rows()]
    assert urgent_rows[0] == [
        "发生时间",
        "类别",
        "摘要",
        "截止",
        "办结时间",
        "经手",
        "结果",
        "延误原因",
        "补录",
    ]
    assert [r[6] for r in urgent_rows[1:4]] == ["超时", "及时", "及时"]  # against it first
    # Under the records, the rule they are counted by; the fault limit is the project's own.
    assert urgent_rows[-1][0].startswith("计算规则：在类别时限内")
    fault_rule = [[c.value for c in r] for r in book["系统故障上报及时率"].iter_rows()][-1][0]
    assert "发现后 15 分钟内上报采购人为及时" in fault_rule and "fault_report_minutes" in fault_rule
    # Times are dated cells with their year, in Beijing time.
    assert urgent_rows[1][:5] == [
        datetime(2027, 1, 9, 10, 0),
        "突发事件",
        "燃气泄漏",
        datetime(2027, 1, 9, 10, 30),
        datetime(2027, 1, 9, 10, 40),
    ]
    csv_path = tmp_path / "review.csv"
    write_review(january, JAN, csv_path, clock.now(), list_shifts(january))
    assert (
        csv_path.read_text(encoding="utf-8-sig")
        .splitlines()[2]
        .startswith("2,系统故障上报及时率,月,1,2,50.0%")
    )


def test_the_csv_and_the_workbook_of_a_quarter_carry_the_same_figures(january, clock, tmp_path):
    import csv

    from openpyxl import load_workbook

    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.kpi_review import write_review
    from hotline_tui.model.percent import cut_fraction, fraction_percent

    for quarter in (False, True):
        book_path, csv_path = tmp_path / f"{quarter}.xlsx", tmp_path / f"{quarter}.csv"
        for path in (book_path, csv_path):
            write_review(january, JAN, path, clock.now(), list_shifts(january), quarter=quarter)
        sheet = [
            [c.value for c in row] for row in load_workbook(book_path)["汇总"].iter_rows(min_row=2)
        ]
        rows = list(csv.reader(csv_path.read_text(encoding="utf-8-sig").splitlines()))
        assert len(rows) == len(sheet) and rows[0] == sheet[0]
        for text, cells in zip(rows[1:], sheet[1:], strict=True):
            numerator, denominator = cells[3], cells[4]
            assert [int(text[3]), int(text[4])] == [numerator, denominator], text
            assert text[8] == cells[8]  # the judgement
            if cells[5] is None:
                assert text[5] == "无数据"
            else:
                fine = text[1] == "有效投诉率"
                # A number, cut two digits closer than the text, the same way.
                assert cells[5] == cut_fraction(numerator, denominator, 5 if fine else 3, fine)
                assert text[5] == fraction_percent(
                    numerator, denominator, 3 if fine else 1, up=fine
                )


def test_the_twelve_month_strip_reads_each_month_as_its_own_report_does(demo_store, clock):
    """The trend shares what its reports read (a quarter read once for its three months):
    what it gives is, month by month, the report of that month read alone."""
    from hotline_tui.domain.indicators.report import trend

    shifts, now = list_shifts(demo_store), clock.now()
    months = trend(demo_store, date(2026, 11, 1), now, shifts)
    assert [m for m, _ in months][::11] == [date(2025, 12, 1), date(2026, 11, 1)]
    for month, lines in months:
        alone = report(demo_store, month, now, shifts)
        assert [(x.month, x.quarter, x.months, x.detail) for x in lines] == [
            (x.month, x.quarter, x.months, x.detail) for x in alone
        ], month
    # Each computed line against its own records, read directly: a read kept under the
    # wrong name would show here as one kind's values under another.
    from hotline_tui.domain.attendance.rates import rates
    from hotline_tui.domain.indicators.records import (
        fault_records,
        replacement_records,
        urgent_records,
    )

    def counted(records) -> Value:
        kept = [r for r in records if r.counted]
        return Value(sum(r.ok for r in kept), len(kept))

    for month, lines in months[-3:]:
        period = month_of(month)
        by_no = {x.indicator.no if x.indicator else 0: x.month for x in lines}
        arrival = rates(demo_store, *period, now, shifts)[""]
        assert by_no[2] == counted(fault_records(demo_store, period, now))
        assert by_no[6] == counted(urgent_records(demo_store, period, now))
        assert by_no[0] == counted(replacement_records(demo_store, period, now))
        assert by_no[4] == Value(arrival.arrived, arrival.scheduled)
    assert months[-1][1][1].month != months[-1][1][5].month  # faults and urgent differ
