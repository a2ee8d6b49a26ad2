"""#34: one way to write a rate. Figures on the edge of rounding (8/9 is 88.888…%,
28/29 is 96.551…%, 1 complaint in 30,000 calls 0.00333…%) are read from one month of
records at every place that shows them, and every place writes the same digits: cut
toward the judgement (88.8, not 88.9; the complaint rate up, 0.004), never rounded."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest
from openpyxl import load_workbook

from hotline_tui.clock import BEIJING
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.attendance.rota import schedule
from hotline_tui.domain.indicators.figures import parse_figures, save_figures
from hotline_tui.domain.indicators.report import judged, rate_text, report
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.domain.reports.day import compose_day
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.exports.attendance_sheet import write_sheet
from hotline_tui.exports.kpi_review import csv_text, write_review
from hotline_tui.model.percent import cut_fraction, fraction_percent, percent_figure
from hotline_tui.wallboard import arrival_tile
from hotline_tui.widgets.trend_strip import strip_figure

JAN = date(2027, 1, 1)
DAY = date(2027, 1, 12)  # untouched by the demo


def test_the_cut_by_hand():
    assert fraction_percent(8, 9) == "88.8%"  # 88.888…
    assert fraction_percent(2849, 3000) == "94.9%"  # 94.966…, not 95.0 beside 未达标
    assert fraction_percent(1, 30000, 3, up=True) == "0.004%"  # 0.00333…, over 0.003
    assert fraction_percent(9, 10, 0) == "90%"
    assert percent_figure(17, 45) == "37.7"  # 37.777…
    assert cut_fraction(2195, 2290) == 0.958  # 95.85…: a cell under "0.0%" shows 95.8 %
    assert cut_fraction(28, 29, 3) == 0.96551


@pytest.fixture
def month(demo_store, clock):
    """January 2027: nine agents on one early shift, eight arrived; figures from outside."""
    store, shifts = demo_store, list_shifts(demo_store)
    early = shifts[0]
    chief, boss = staff_by_no(store, "1004"), staff_by_no(store, "1001")
    agents = [p.staff_no for p in list_staff(store) if p.post == "组员" and p.status == "在职"]
    clock.set(pendulum.datetime(2027, 1, 12, 9, tz=BEIJING))
    for n, no in enumerate(agents[:9]):
        schedule(store, chief, DAY, early, no)
        mark(store, chief, DAY, early, no, "旷工" if n == 8 else "出勤", None)
    figures = {"qc_passed": "28", "qc_sampled": "29", "complaints": "1", "calls_handled": "30000"}
    save_figures(store, boss, JAN, parse_figures(figures))
    clock.set(pendulum.datetime(2027, 1, 12, 20, tz=BEIJING))
    return store


def test_every_place_writes_a_rate_the_same_way(month, clock, tmp_path):
    now, shifts = clock.now(), list_shifts(month)
    lines = {line.indicator.no: line for line in report(month, JAN, now, shifts) if line.indicator}
    arrival, qc, complaints = lines[4], lines[9], lines[8]
    # 指标 (F7): the table, and the twelve months' strip under it.
    assert rate_text(arrival, judged(arrival)) == "88.8%"
    assert rate_text(qc, qc.month) == "96.5%"
    assert rate_text(complaints, complaints.month) == "0.004%"
    assert strip_figure(arrival, judged(arrival)) == "88.8"
    assert strip_figure(qc, qc.month) == "96.5"
    assert strip_figure(complaints, complaints.month) == "0.004"
    # 考勤 (F4) and the wallboard, on the day.
    board = board_for(month, DAY, shifts[0])
    assert board.rate_text(now) == "本班 8/9 = 88.8%（未达标）"
    assert arrival_tile(rates(month, DAY, DAY, now, shifts)[""]) == ("88.8", "% 到岗 8 / 排班 9")
    # 运营日报.
    day_text = "\n".join(
        line for s in compose_day(month, shifts, DAY, now).sections() for line in s.lines
    )
    assert "8/9 = 88.8%" in day_text and "88.9" not in day_text
    # The review's CSV writes the screen's text; its workbook numbers cut the same way,
    # two digits closer, under a format that shows exactly those digits.
    csv = csv_text(report(month, JAN, now, shifts))
    assert "88.8%" in csv and "96.5%" in csv and "0.004%" in csv
    assert "88.9" not in csv and "96.6" not in csv
    write_review(month, JAN, tmp_path / "kpi.xlsx", now, shifts)
    summary = load_workbook(tmp_path / "kpi.xlsx")["汇总"]
    cells = {row[1].value: row for row in summary.iter_rows(min_row=3)}
    assert (cells["质检合格率"][5].value, cells["质检合格率"][5].number_format) == (
        0.96551,
        "0.000%",
    )
    assert (cells["人员到达率"][6].value, cells["人员到达率"][6].number_format) == (
        0.88888,
        "0.000%",
    )
    assert (cells["有效投诉率"][5].value, cells["有效投诉率"][5].number_format) == (
        0.0000334,
        "0.00000%",
    )
    # The month's attendance sheet: its total is the indicator's 88.8 %.
    write_sheet(month, JAN, tmp_path / "att.xlsx", now)
    sheet = load_workbook(tmp_path / "att.xlsx").active
    (total,) = [r for r in sheet.iter_rows() if r[0].value == "合计"]
    rate = next(c for c in total if isinstance(c.value, float) and c.value < 1)
    assert (rate.value, rate.number_format) == (0.888, "0.0%")
