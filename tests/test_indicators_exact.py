"""The indicators, exact to the last record (#15): figures counted by hand in the tests.

docs/indicators.md states each rule these tests hold the code to.
"""

from __future__ import annotations

from hotline_tui.domain.attendance.arrival import Rate
from hotline_tui.domain.indicators.definitions import INDICATORS, Value
from hotline_tui.domain.indicators.report import Line, met_text, rate_text
from hotline_tui.domain.text import fraction_percent


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
    schedule(demo_store, boss, mar2, middle, "1023")  # begins at 12:00: not counted yet
    schedule(demo_store, boss, mar3, early, "1020")  # tomorrow: not counted yet
    now = clock.now()
    # By hand: counted 1020 (03-01), 1021 (03-01), 1022 (03-02); arrived only 1020.
    _, sheet = monthly_sheet(demo_store, mar1, now)
    by_no = {r.staff_no: (r.arrived, r.scheduled) for r in sheet}
    assert by_no == {"1020": (1, 1), "1021": (0, 1), "1022": (0, 1), "1023": (0, 0)}
    assert (sum(a for a, _ in by_no.values()), sum(s for _, s in by_no.values())) == (1, 3)
    rate = rates(demo_store, mar1, pendulum.date(2027, 3, 31), now, shifts)[""]
    assert (rate.arrived, rate.scheduled) == (1, 3)


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
    from hotline_tui.domain.clocks.timeliness import Timeliness

    assert Timeliness(3000, 2999).text == "2999/3000 = 99.9%"
    assert Timeliness(3, 3).text == "3/3 = 100.0%"
    assert Timeliness(0, 0).text == "本月无数据"
