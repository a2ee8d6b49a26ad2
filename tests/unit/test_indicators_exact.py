"""The indicators, exact to the last record (#15): figures counted by hand in the tests.

docs/indicators.md states each rule these tests hold the code to.
"""

from __future__ import annotations

from hotline_tui.domain.indicators.report import Line, met_text, rate_text
from hotline_tui.model.arrival import Rate
from hotline_tui.model.indicators import INDICATORS, Value
from hotline_tui.model.percent import fraction_percent


def test_a_shown_rate_never_contradicts_its_judgement():
    # 2849/3000 = 94.9666… %: below 95 %, so it may not show as 95.0 %.
    assert fraction_percent(2849, 3000) == "94.9%"
    assert fraction_percent(2850, 3000) == "95.0%"  # exactly the target: met
    assert fraction_percent(1, 3) == "33.3%" and fraction_percent(2, 3) == "66.6%"
    # At most 0.03 %: 7 complaints in 20,001 calls is 0.034998… %, shown over the target.
    assert fraction_percent(7, 20_001, 3, up=True) == "0.035%"
    assert fraction_percent(6, 20_000, 3, up=True) == "0.030%"  # exactly: met
    assert fraction_percent(0, 5) == "0.0%" and fraction_percent(5, 5) == "100.0%"


def test_the_indicator_and_arrival_texts_agree_with_the_judgement():
    answered = next(i for i in INDICATORS if i.name == "人工接通率")
    complaints = next(i for i in INDICATORS if i.lower_is_better)
    cases = [
        (answered, Value(2849, 3000), "94.9%", "未达标"),
        (answered, Value(2850, 3000), "95.0%", "达标"),
        (complaints, Value(7, 20_001), "0.035%", "未达标"),
        (complaints, Value(6, 20_000), "0.030%", "达标"),
    ]
    for indicator, value, shown, judged in cases:
        line = Line(indicator, value, value)
        assert (rate_text(line, value), met_text(line, value)) == (shown, judged)
    # 899 of 1,000 arrived is 89.9 %; 8999 of 10,000 is 89.99 %: both short of 90 %.
    assert Rate(1000, 899).text == "899/1000 = 89.9%（未达标）"
    assert Rate(10_000, 8999).text == "8999/10000 = 89.9%（未达标）"
    assert Rate(10, 9).text == "9/10 = 90.0%（达标）"


def test_the_monthly_sheet_and_the_arrival_rate_count_by_one_rule(demo_store, clock):
    """Three people in a month of their own (2027-03), seen at 09:00 on the 2nd."""
    import pendulum

    from hotline_tui.clock import BEIJING
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.domain.attendance.rates import rates
    from hotline_tui.domain.attendance.rota import schedule
    from hotline_tui.domain.attendance.sheet import monthly_sheet
    from hotline_tui.domain.shifts import list_shifts
    from tests.helpers import chief

    shifts = list_shifts(demo_store)
    early, middle = shifts[0], shifts[1]
    mar1, mar2, mar3 = (pendulum.date(2027, 3, d) for d in (1, 2, 3))
    boss = chief(demo_store)
    clock.set(pendulum.datetime(2027, 3, 1, 9, tz=BEIJING))
    for no in ("1020", "1021"):
        schedule(demo_store, boss, mar1, early, no)
    mark(demo_store, boss, mar1, early, "1020", "出勤")  # 1021 never marked: not arrived
    clock.set(pendulum.datetime(2027, 3, 2, 9, tz=BEIJING))
    schedule(demo_store, boss, mar2, early, "1022")  # begun at 08:00, not marked yet
    schedule(demo_store, boss, mar2, early, "1024")  # begun, marked: counted at once
    mark(demo_store, boss, mar2, early, "1024", "旷工")
    schedule(demo_store, boss, mar2, middle, "1023")  # begins at 12:00: not counted yet
    schedule(demo_store, boss, mar3, early, "1020")  # tomorrow: not counted yet
    now = clock.now()
    # By hand: counted 1020 and 1021 (03-01, the day over) and 1024 (marked); 1022 is
    # still being called (the early shift runs), so neither way yet; arrived only 1020.
    _, sheet = monthly_sheet(demo_store, mar1, now)
    by_no = {r.staff_no: (r.arrived, r.scheduled) for r in sheet}
    assert by_no == {"1020": (1, 1), "1021": (0, 1), "1022": (0, 0), "1023": (0, 0),
                     "1024": (0, 1)}  # fmt: skip
    assert (sum(a for a, _ in by_no.values()), sum(s for _, s in by_no.values())) == (1, 3)
    rate = rates(demo_store, mar1, pendulum.date(2027, 3, 31), now, shifts)[""]
    assert (rate.arrived, rate.scheduled, rate.calling) == (1, 3, 1)
    # After the early shift, 1022 unmarked did not arrive, in both; 1023's middle shift
    # (12:00-20:30) is the one being called now.
    later = pendulum.datetime(2027, 3, 2, 17, tz=BEIJING)
    _, sheet = monthly_sheet(demo_store, mar1, later)
    assert {r.staff_no: r.scheduled for r in sheet}["1022"] == 1
    rate = rates(demo_store, mar1, pendulum.date(2027, 3, 31), later, shifts)[""]
    assert (rate.arrived, rate.scheduled, rate.calling) == (1, 4, 1)


def test_a_quarter_is_judged_month_by_month_and_says_which_months_are_missing(
    demo_store, clock, tmp_path
):
    """2027-Q1 by hand: QC passes the quarter's sums but fails February; the call
    figures skip February."""
    import csv

    import pendulum
    from openpyxl import load_workbook

    from hotline_tui.clock import BEIJING
    from hotline_tui.domain.indicators.figures import save_figures
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.kpi_review import write_review
    from tests.helpers import manager

    boss = manager(demo_store)
    jan, feb, mar = (pendulum.date(2027, m, 1) for m in (1, 2, 3))
    clock.set(pendulum.datetime(2027, 4, 1, 9, tz=BEIJING))
    save_figures(
        demo_store,
        boss,
        jan,
        {"qc_sampled": 600, "qc_passed": 590, "calls_offered": 1000, "calls_answered": 960},
    )
    save_figures(demo_store, boss, feb, {"qc_sampled": 600, "qc_passed": 560})
    save_figures(demo_store, boss, mar, {"qc_sampled": 600, "qc_passed": 600,
                                         "calls_offered": 1000, "calls_answered": 950})  # fmt: skip
    book, table = tmp_path / "q1.xlsx", tmp_path / "q1.csv"
    for path in (book, table):
        write_review(demo_store, jan, path, clock.now(), list_shifts(demo_store), quarter=True)
    rows = {r[1]: r for r in load_workbook(book)["汇总"].iter_rows(min_row=3, values_only=True)}
    qc, calls = rows["质检合格率"], rows["人工接通率"]
    # QC: 1750/1800 = 97.2 % over the quarter, but February's 560/600 = 93.3 % failed.
    assert (qc[3], qc[4], qc[8]) == (1750, 1800, "未达标")
    assert qc[11] == "1月 98.3% 达标；2月 93.3% 未达标；3月 100.0% 达标"
    # Calls, judged on the quarter: 1910/2000 = 95.5 %, with February missing, said.
    assert (calls[3], calls[4], calls[8]) == (1910, 2000, "达标")
    assert "本季缺 2027-02 的数据（按已有月份计）" in calls[10]
    assert calls[11] == "1月 96.0% 达标；2月 无数据；3月 95.0% 达标"
    text = {r[1]: r for r in csv.reader(table.read_text(encoding="utf-8-sig").splitlines())}
    assert text["质检合格率"][8] == "未达标" and "本季缺 2027-02" in text["人工接通率"][10]


def test_a_month_of_timeliness_short_of_all_is_never_shown_as_100_percent():
    from hotline_tui.model.timeliness import Timeliness

    assert Timeliness(3000, 2999).text == "2999/3000 = 99.9%"
    assert Timeliness(3, 3).text == "3/3 = 100.0%"
    assert Timeliness(0, 0).text == "本月无数据"


def test_the_arrival_rate_counts_formal_staff_as_they_were_on_each_day(demo_store, clock, tmp_path):
    """正式人员 (docs/indicators.md, 4): a month of its own (2027-04), built by hand.

    1020 is formal; 9001 is on probation all month; 9002 is confirmed on 04-05.
    Rota 04-01 and 04-10 early for all three. Marks: 1020 出勤 both days; 9001 出勤
    then 旷工; 9002 病假 (on probation) then 出勤 (formal).
    """
    from datetime import date

    import pendulum
    from openpyxl import load_workbook

    from hotline_tui.clock import BEIJING
    from hotline_tui.domain.attendance.board import board_for
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.domain.attendance.rates import rates
    from hotline_tui.domain.attendance.rota import schedule
    from hotline_tui.domain.attendance.sheet import monthly_sheet
    from hotline_tui.domain.indicators.records import attendance_records, cell_text
    from hotline_tui.domain.people.manage import add_person, end_probation
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.attendance_sheet import write_sheet
    from hotline_tui.exports.kpi_review import write_review
    from hotline_tui.model.arrival import ArrivalRule
    from hotline_tui.model.person_fields import PersonFields
    from tests.helpers import chief, manager

    shifts = list_shifts(demo_store)
    early = shifts[0]
    apr1, apr5, apr10, apr30 = (date(2027, 4, d) for d in (1, 5, 10, 30))
    boss, head = chief(demo_store), manager(demo_store)
    clock.set(pendulum.datetime(2027, 3, 31, 9, tz=BEIJING))
    for no, name in (("9001", "试一"), ("9002", "试二")):
        fields = PersonFields(no, name, "综合坐席", "组员", "试用", date(2027, 3, 1), "综合", "")
        add_person(demo_store, head, fields)
    marks = {apr1: {"1020": "出勤", "9001": "出勤", "9002": "病假"},
             apr10: {"1020": "出勤", "9001": "旷工", "9002": "出勤"}}  # fmt: skip
    for day, by_no in marks.items():
        clock.set(pendulum.datetime(day.year, day.month, day.day, 9, tz=BEIJING))
        if day == apr10:
            clock.set(pendulum.datetime(2027, 4, 5, 9, tz=BEIJING))
            end_probation(demo_store, head, "9002")  # formal from 04-05 on
            clock.set(pendulum.datetime(2027, 4, 10, 9, tz=BEIJING))
        for no, status in by_no.items():
            schedule(demo_store, boss, day, early, no)
            mark(demo_store, boss, day, early, no, status)
    clock.set(pendulum.datetime(2027, 4, 20, 9, tz=BEIJING))
    now, with_trial = clock.now(), ArrivalRule(count_probation=True)

    # Formal only, by hand: 1020 ×2 arrived, 9002 on 04-10 arrived: 3 of 3.
    rate = rates(demo_store, apr1, apr30, now, shifts)[""]
    assert (rate.arrived, rate.scheduled) == (3, 3)
    # Counting probation (a setting): 6 entries, arrived 1020 ×2, 9001 04-01, 9002 04-10.
    rate = rates(demo_store, apr1, apr30, now, shifts, rule=with_trial)[""]
    assert (rate.arrived, rate.scheduled) == (4, 6)

    # The sheet: own figures per person; the rate's columns add up to the indicator.
    _, sheet = monthly_sheet(demo_store, apr1, now)
    rows = {r.staff_no: r for r in sheet}
    assert [(rows[n].arrived, rows[n].scheduled) for n in ("1020", "9001", "9002")] == [
        (2, 2), (1, 2), (1, 2)]  # fmt: skip
    assert [(rows[n].rate_arrived, rows[n].rate_scheduled) for n in ("1020", "9001", "9002")] == [
        (2, 2), (0, 0), (1, 1)]  # fmt: skip
    assert [rows[n].label for n in ("1020", "9001", "9002")][1:] == ["试一（试用）", "试二（试用）"]
    assert sum(r.rate_arrived for r in sheet) == 3 and sum(r.rate_scheduled for r in sheet) == 3

    # The drill-down: absences that count. Formal only: none; with probation: two.
    assert attendance_records(demo_store, (apr1, apr30), now, shifts) == []
    absent = attendance_records(demo_store, (apr1, apr30), now, shifts, with_trial)
    assert [(cell_text(r.cells[0]), r.cells[2], r.cells[4]) for r in absent] == [
        ("2027-04-01", "9002", "病假"), ("2027-04-10", "9001", "旷工")]  # fmt: skip

    # The board of 04-10: three on the rota, the rate counts the two formal ones.
    board = board_for(demo_store, apr10, early)
    assert (board.rate_at(now).arrived, board.rate_at(now).scheduled) == (2, 2)
    assert board.rate_text(now).endswith("（试用期 1 人不计入）")

    # The workbook's summary and the sheet's 合计 carry the same figures, with the rule.
    review = tmp_path / "apr.xlsx"
    write_review(demo_store, apr1, review, now, shifts)
    summary = {
        r[1]: r for r in load_workbook(review)["汇总"].iter_rows(min_row=3, values_only=True)
    }
    assert summary["人员到达率"][3:5] == (3, 3)
    book = load_workbook(review)
    rules = [c for ws in book for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("只计正式人员" in str(c) for c in rules)
    attendance = tmp_path / "apr-sheet.xlsx"
    write_sheet(demo_store, apr1, attendance, now)
    cells = list(load_workbook(attendance).active.iter_rows(values_only=True))
    total = next(r for r in cells if r[0] == "合计")
    assert total[-2:] == (3, 3) and total[-4] == 1.0  # 计入 到岗/排班, and the rate 3/3
    assert any("只计正式人员" in str(r[0]) for r in cells)


def test_probation_keeps_its_dates_through_replacement_and_leaving(demo_store, clock):
    from datetime import date

    import pendulum
    import sqlalchemy as sa

    from hotline_tui.clock import BEIJING
    from hotline_tui.config import SlaSpec
    from hotline_tui.db.tables import Staff
    from hotline_tui.domain.attendance.arrival import probation_on
    from hotline_tui.domain.clocks.replacements import request_replacement
    from hotline_tui.domain.people.manage import add_person, end_probation, leave
    from hotline_tui.model.person_fields import PersonFields
    from hotline_tui.workdays import Calendar
    from tests.helpers import manager

    def on_probation(no: str, day: date) -> bool:
        with demo_store.read() as session:
            query = sa.select(probation_on(day)).select_from(Staff).where(Staff.staff_no == no)
            return bool(session.execute(query).scalar_one())

    head = manager(demo_store)
    clock.set(pendulum.datetime(2027, 3, 31, 9, tz=BEIJING))
    for no in ("9001", "9002"):
        add_person(
            demo_store, head, PersonFields(no, f"试{no}", "综合坐席", "组员", "试用",
                                           date(2027, 3, 1), "综合", "")
        )  # fmt: skip
    clock.set(pendulum.datetime(2027, 4, 5, 9, tz=BEIJING))
    # Asked to be replaced while on probation: never confirmed, so still not formal.
    request_replacement(demo_store, head, Calendar(), SlaSpec(), "9001", "两次有效投诉")
    assert on_probation("9001", date(2027, 4, 4)) and on_probation("9001", date(2027, 5, 1))
    end_probation(demo_store, head, "9002")  # formal from 04-05
    assert on_probation("9002", date(2027, 4, 4)) and not on_probation("9002", date(2027, 4, 5))
    clock.set(pendulum.datetime(2027, 4, 20, 9, tz=BEIJING))
    leave(demo_store, head, "9001", date(2027, 4, 20), "撤换")
    leave(demo_store, head, "9002", date(2027, 6, 1), "合同到期")  # ahead: dates stand
    assert on_probation("9001", date(2027, 4, 19))
    assert on_probation("9002", date(2027, 4, 4)) and not on_probation("9002", date(2027, 5, 31))


def test_back_dated_registrations_count_by_their_real_times(demo_store, clock, tmp_path):
    """补录 (docs/indicators.md, 2 and 6): May 2027 built by hand, seen on 05-10 09:00.

    Urgent: A opened 05-09 20:00, entered late, resolved at its real 20:20 (in time);
    B opened 05-09 21:00, entered late, resolved at its real 22:00 (late, with reason).
    Fault: F detected 05-08 08:00, entered late, reported at its real 08:10 (in time).
    By hand: urgent 1 of 2 in time, faults 1 of 1.
    """
    import pendulum
    import pytest
    import sqlalchemy as sa
    from openpyxl import load_workbook

    from hotline_tui.clock import BEIJING
    from hotline_tui.config import SlaSpec
    from hotline_tui.db.tables import AuditLog
    from hotline_tui.domain.clocks import faults, urgent
    from hotline_tui.domain.indicators.records import cell_text, fault_records, urgent_records
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.errors import DomainError
    from hotline_tui.exports.kpi_review import write_review
    from tests.helpers import chief

    def at(day: int, hour: int, minute: int = 0) -> pendulum.DateTime:
        return pendulum.datetime(2027, 5, day, hour, minute, tz=BEIJING)

    shifts, sla, boss = list_shifts(demo_store), SlaSpec(), chief(demo_store)
    clock.set(at(10, 9))
    with pytest.raises(DomainError, match="早于本班开始.*请写明补录原因"):
        urgent.open_issue(demo_store, boss, sla, shifts, "突发事件", "停水", "", at(9, 20))
    a = urgent.open_issue(demo_store, boss, sla, shifts, "突发事件", "停水", "", at(9, 20),
                          "夜班漏登记")  # fmt: skip
    b = urgent.open_issue(demo_store, boss, sla, shifts, "突发事件", "停电", "", at(9, 21),
                          "夜班漏登记")  # fmt: skip
    urgent.resolve(demo_store, boss, a, "已处理", at=at(9, 20, 20))
    with pytest.raises(DomainError, match="已超过时限 30 分钟"):
        urgent.resolve(demo_store, boss, b, "已处理", at=at(9, 22))
    with pytest.raises(DomainError, match="早于发生时间"):
        urgent.resolve(demo_store, boss, b, "已处理", "线路忙", at=at(9, 20))
    with pytest.raises(DomainError, match="在将来"):
        urgent.resolve(demo_store, boss, b, "已处理", "线路忙", at=at(10, 10))
    urgent.resolve(demo_store, boss, b, "已处理", "线路忙", at=at(9, 22))
    # Only a back-dated issue takes a real closing time.
    c = urgent.open_issue(demo_store, boss, sla, shifts, "突发事件", "燃气", "", at(10, 8, 30))
    with pytest.raises(DomainError, match="只有补录的紧急问题"):
        urgent.resolve(demo_store, boss, c, "已处理", at=at(10, 8, 40))
    with pytest.raises(DomainError, match="早于 62 天前"):
        urgent.open_issue(demo_store, boss, sla, shifts, "突发事件", "旧事", "",
                          pendulum.datetime(2027, 3, 1, 9, tz=BEIJING), "很久以前")  # fmt: skip

    with pytest.raises(DomainError, match="早于 24 小时前.*请写明补录原因"):
        faults.open_fault(demo_store, boss, sla, "网络", "断网", at(8, 8))
    f = faults.open_fault(demo_store, boss, sla, "网络", "断网", at(8, 8), (), "交接班中才发现")
    with pytest.raises(DomainError, match="早于发生时间"):
        faults.mark_reported(demo_store, boss, f, "采购人值班室", at(8, 7))
    faults.mark_reported(demo_store, boss, f, "采购人值班室", at(8, 8, 10))

    now, may = clock.now(), (pendulum.date(2027, 5, 1), pendulum.date(2027, 5, 31))
    issues = urgent_records(demo_store, may, now)
    counted = [r for r in issues if r.counted]
    assert (sum(r.ok for r in counted), len(counted)) == (1, 2)  # c is open, not yet due
    marks = [r.cells[8] for r in issues]
    assert marks == ["补录（05-10 09:00 登记）：夜班漏登记"] * 2 + [""]
    reports = fault_records(demo_store, may, now)
    assert [(r.counted, r.ok, cell_text(r.cells[4]), r.cells[7]) for r in reports] == [
        (True, True, "05-08 08:10", "补录（05-10 09:00 登记）：交接班中才发现")]  # fmt: skip
    with demo_store.read() as session:
        opened = session.execute(
            sa.select(AuditLog.after).where(AuditLog.action.in_(("urgent.open", "fault.open")))
            .order_by(AuditLog.id.desc()).limit(4)
        ).scalars().all()  # fmt: skip
    assert sum("夜班漏登记" in row or "交接班中才发现" in row for row in opened) == 3

    book = tmp_path / "may.xlsx"
    write_review(demo_store, may[0], book, now, shifts)
    sheet = [[c.value for c in r] for r in load_workbook(book)["时效性问题处置及时率"].iter_rows()]
    assert sheet[0][-1] == "补录" and [row[6] for row in sheet[1:4]] == [
        "超时",
        "及时",
        "未到期（不计）",
    ]
    assert sum(1 for row in sheet if row[-1] == "补录（05-10 09:00 登记）：夜班漏登记") == 2
