"""#36: call traffic from the phone platform, imported by half-hour or by day, and the
人工接通率 computed from it; every figure below counted by hand."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from hotline_tui.config import SettingsError, TrafficSpec, _traffic_from
from hotline_tui.db.tables import CallTraffic
from hotline_tui.domain.indicators.figures import figures
from hotline_tui.domain.indicators.report import report
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.imports.traffic_file import TrafficFileError, parse_slot, read_traffic_file
from tests import server_db
from tests.helpers import DEMO_PIN, audit_rows
from tests.helpers import run_command as run

HEADER = "日期,时段,人工呼入量,人工接通量,放弃量,20秒内接通量,平均通话时长（秒）"
# Days before the demo's year of traffic (it starts 2025-12-01).
# 11-02 by half-hour: offered 100+120+80+60 = 360, answered 95+114+80+57 = 346.
# 11-03 as a whole day: offered 1000, answered 940.
GOOD = [
    HEADER,
    "2025-11-02,08:00-08:30,100,95,5,90,180.4",
    "2025-11-02,08:30-09:00,120,114,6,100,175",
    "2025-11-02,09:00-09:30,80,80,0,80,170",
    "2025-11-02,09:30-10:00,60,57,3,50,160",
    "2025-11-03,,1000,940,60,900,190",
]


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _import(capsys, store, path: Path, *more: str, who: str = "1001") -> tuple[int, str, str]:
    db = ["--db", server_db.store_text(store), "--as", who]
    return run(capsys, "import-traffic", str(path), *db, *more, stdin=DEMO_PIN)


def _count(store) -> int:
    """Intervals before the demo's year: the ones these tests bring in."""
    with store.read() as session:
        return session.execute(
            sa.select(sa.func.count())
            .select_from(CallTraffic)
            .where(CallTraffic.day < date(2025, 12, 1))
        ).scalar_one()


def test_a_hand_built_month_through_the_command_line_sets_the_answer_rate(
    demo_store, tmp_path, capsys, clock
):
    path = _csv(tmp_path / "话务.csv", GOOD)
    # The figures decide the contractor's pay: a 值班长 may not bring them in.
    code, _, err = _import(capsys, demo_store, path, who="1004")
    assert code == 2 and "值班长不能录入外部指标数据" in err
    code, out, err = _import(capsys, demo_store, path, "--check")
    assert code == 0, err
    assert out.strip() == "检查通过，未保存：5 个时段，2 天。" and _count(demo_store) == 0
    code, out, err = _import(capsys, demo_store, path)
    assert code == 0, err
    assert out.strip() == (
        "已导入话务数据 2025-11-02 至 2025-11-03：新增 5 个时段，更正 0 个，与已有相同 0 个。"
    )
    shifts, now = list_shifts(demo_store), clock.now()
    november = date(2025, 11, 1)
    (line,) = [x for x in report(demo_store, november, now, shifts) if x.name == "人工接通率"]
    # The month: 346 + 940 = 1286 answered of 360 + 1000 = 1360, from the records.
    assert (line.month.numerator, line.month.denominator) == (1286, 1360)
    assert line.source == "话务记录"
    assert line.detail.startswith("按电话平台话务记录计算（2 天）；10月 无数据；11月 话务记录")
    # The quarter: October has nothing; November these records; December the demo's
    # half-hours, whose sums are its typed totals.
    december = date(2025, 12, 1)
    typed_december = figures(demo_store, [december])[december]
    assert (line.quarter.numerator, line.quarter.denominator) == (
        1286 + typed_december["calls_answered"].value,
        1360 + typed_december["calls_offered"].value,
    )
    # The demo's months: their typed totals are the sums of its half-hours, so the
    # records give what was typed.
    october = date(2026, 10, 1)
    typed = figures(demo_store, [october])[october]
    (demo_line,) = [x for x in report(demo_store, october, now, shifts) if x.name == "人工接通率"]
    assert demo_line.source == "话务记录" and (
        demo_line.month.numerator,
        demo_line.month.denominator,
    ) == (typed["calls_answered"].value, typed["calls_offered"].value)
    # The KPI workbook says the same, as numbers.
    book_path = tmp_path / "kpi.xlsx"
    db = ["--db", server_db.store_text(demo_store), "--as", "1004"]
    code, _, err = run(capsys, "export", "kpi", *db, "--month", "2025-11", "-o", str(book_path),
                       stdin=DEMO_PIN)  # fmt: skip
    assert code == 0, err
    row = next(r for r in load_workbook(book_path)["汇总"].iter_rows(values_only=True)
               if r[1] == "人工接通率")  # fmt: skip
    assert row[3:5] == (1286, 1360) and row[9] == "话务记录"


def test_a_corrected_file_replaces_its_intervals_and_each_change_is_audited(
    demo_store, tmp_path, capsys
):
    assert _import(capsys, demo_store, _csv(tmp_path / "a.csv", GOOD))[0] == 0
    corrected = [*GOOD]
    corrected[4] = "2025-11-02,09:30-10:00,60,58,2,50,160"  # one more answered, one fewer lost
    code, out, err = _import(capsys, demo_store, _csv(tmp_path / "b.csv", corrected))
    assert code == 0, err
    assert "新增 0 个时段，更正 1 个，与已有相同 4 个" in out
    (change,) = audit_rows(demo_store, "traffic.replace")
    assert change.entity_key == "2025-11-02 09:30-10:00"
    assert '"answered": 57' in change.before and '"answered": 58' in change.after
    assert _count(demo_store) == 5
    # The same file again changes nothing.
    assert (
        "新增 0 个时段，更正 0 个，与已有相同 5 个"
        in _import(capsys, demo_store, tmp_path / "b.csv")[1]
    )


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("2025-11-04,08:00-08:30,100,101,0,90,180", "接通量 101 大于呼入量 100"),
        ("2025-11-04,08:00-08:30,-5,0,0,0,180", "人工呼入量“-5”应为不小于 0 的整数"),
        ("2025-11-04,08:15-08:45,100,95,5,90,180", "时段“08:15-08:45”不是整点或半点起的半小时"),
        ("2025-11-04,08:00-09:00,100,95,5,90,180", "时段“08:00-09:00”不是整点或半点起的半小时"),
        ("2025-11-31,08:00-08:30,100,95,5,90,180", "日期“2025-11-31”无效"),
        ("2026-12-25,,100,95,5,90,180", "日期 2026-12-25 在将来"),
        ("2025-11-04,08:00-08:30,100,95,5,96,180", "20 秒内接通量 96 大于接通量 95"),
        ("2025-11-04,08:00-08:30,100,95,5,90,abc", "平均通话时长（秒）“abc”应为秒数"),
        # The same half-hour twice with other figures; a day whose halves and total differ.
        ("2025-11-02,08:00-08:30,101,95,6,90,180", "与第 2 行是同一时段，数据却不同"),
        (
            "2025-11-02,,361,346,14,320,175",
            "2025-11-02 的全天数据（人工呼入 361、接通 346）与各时段之和（360、346）不一致",
        ),
    ],
)
def test_every_bad_row_is_named_and_nothing_is_saved(demo_store, tmp_path, capsys, line, says):
    code, _, err = _import(capsys, demo_store, _csv(tmp_path / "bad.csv", [*GOOD, line]))
    assert code == 2 and says in err, err
    assert "未导入任何一行" in err and _count(demo_store) == 0


def test_a_file_that_would_leave_a_day_apart_from_what_stands_is_refused(
    demo_store, tmp_path, capsys
):
    """The half-hours are in; a later file of whole days that disagrees with them is not."""
    assert _import(capsys, demo_store, _csv(tmp_path / "a.csv", GOOD[:5]))[0] == 0
    code, _, err = _import(
        capsys, demo_store, _csv(tmp_path / "b.csv", [HEADER, "2025-11-02,,400,346,54,320,175"])
    )
    assert code == 2 and "与各时段之和（360、346）不一致" in err
    assert _count(demo_store) == 4


def test_a_platform_with_its_own_headers_and_transfers(tmp_path):
    spec = _traffic_from(
        {"service_seconds": 15, "columns": {
            "统计日期": "day", "统计时段": "slot", "排队呼入": "offered", "坐席应答": "answered",
            "呼损": "abandoned", "15秒应答": "answered_in_time", "均通时长": "talk_seconds",
            "转接": "transfers", "转接合格": "transfers_ok"}}
    )  # fmt: skip
    path = _csv(tmp_path / "平台.csv", [
        "话务统计报表（按半小时）",  # a title above the header
        "统计日期,统计时段,排队呼入,坐席应答,呼损,15秒应答,均通时长,转接,转接合格",
        "2026/11/5,10:00,1,200,1,1,1,1,1",
    ])  # fmt: skip
    with pytest.raises(TrafficFileError) as refused:
        read_traffic_file(path, spec, date(2026, 11, 30))
    assert (
        "坐席应答" not in refused.value.message
        and "接通量 200 大于呼入量 1" in refused.value.message
    )
    _csv(path, [
        "统计日期,统计时段,排队呼入,坐席应答,呼损,15秒应答,均通时长,转接,转接合格",
        "2026/11/5,10:00,210,200,10,180,150,12,11",
    ])  # fmt: skip
    (row,) = read_traffic_file(path, spec, date(2026, 11, 30))
    assert (row.slot, row.service_seconds, row.transfers, row.transfers_ok) == ("10:00", 15, 12, 11)
    with pytest.raises(DomainError, match="缺少：人工接通量"):
        read_traffic_file(_csv(tmp_path / "x.csv", ["日期,人工呼入量", "2025-11-05,1"]),
                          TrafficSpec(), date(2026, 11, 30))  # fmt: skip
    for raw, says in (
        ({"columns": {"日期": "day"}}, "缺少必需的字段"),
        ({"columns": {"日期": "when"}}, "字段“when”未知"),
        ({"service_seconds": 0}, "1 到 600"),
    ):
        with pytest.raises(SettingsError, match=says):
            _traffic_from(raw)
    assert [parse_slot(t) for t in ("", "08:00", "23:30-24:00", "9:30~10:00")] == [
        "",
        "08:00",
        "23:30",
        "09:30",
    ]


def test_a_traffic_row_changed_outside_the_desk_is_named_by_check(demo_store, tmp_path, capsys):
    if server_db.on_server():
        pytest.skip("the check of a database file: the SQLite run covers it")
    from hotline_tui.domain.health import check_database

    assert _import(capsys, demo_store, _csv(tmp_path / "a.csv", GOOD))[0] == 0
    path = demo_store.path
    assert check_database(path, None).ok
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE call_traffic SET answered = 100 WHERE day = '2025-11-02' AND slot = '09:30'"
    )
    conn.commit()
    conn.close()
    problems = check_database(path, None).problems
    assert any("话务记录" in p and "人工接通量（answered）为 100" in p for p in problems), problems


def test_the_days_calls_in_the_daily_and_monthly_reports(demo_store, tmp_path, capsys, clock):
    from hotline_tui.domain.reports.day import compose_day
    from hotline_tui.domain.reports.rollup import compose_period
    from hotline_tui.model.report_period import ReportPeriod

    assert _import(capsys, demo_store, _csv(tmp_path / "a.csv", GOOD))[0] == 0
    shifts, now = list_shifts(demo_store), clock.now()
    day = compose_day(demo_store, shifts, date(2025, 11, 2), now)
    (calls,) = [s for s in day.sections() if s.title == "话务（电话平台）"]
    # 346/360 = 96.11 %; 90+100+80+50 = 320 within 20 s of 360 = 88.88 %; 08:30 the busiest.
    assert calls.lines == (
        "人工呼入 360 个，接通 346 个，人工接通率 96.1%（目标不低于 95.0%）；放弃 14 个；"
        "20 秒内接通 88.8%；最忙时段 08:30-09:00（呼入 120 个）",
    )
    (table,) = [t for t in day.tables() if t.title == "话务"]
    (row,) = table.rows
    assert row[:3] == (date(2025, 11, 2), 360, 346) and row[3].value == 0.961
    assert row[4:6] == (14, 320) and row[6].value == 0.888 and row[7:] == ("08:30-09:00", 120)
    month = compose_period(demo_store, shifts, ReportPeriod.month_of(date(2025, 11, 1)), now,
                           "10:00")  # fmt: skip
    # 1286 of 1360 over the two days: 94.55 %, cut to 94.5 %.
    assert month.sections()[0].lines[1] == (
        "人工接通率：1286/1360 = 94.5%（话务记录 2 天，按季度考核，目标不低于 95.0%）"
    )
    # Each day of the trend with its rate: 11-02 96.1 %, 11-03 940/1000 = 94.0 %.
    trend = next(s for s in month.sections() if s.title == "每日趋势")
    lines = {line[:5]: line for line in trend.lines[1:]}
    assert "接通 96.1%" in lines["11-02"] and "接通 94.0%" in lines["11-03"]
    assert "接通" not in lines["11-04"]
    summary = month.tables()[0]
    assert summary.rows[1][:3] == ("人工接通率", 1360, 1286) and summary.rows[1][5].value == 0.945
    # The daily report's workbook: the 话务 sheet with the same figures, as numbers.
    from hotline_tui.domain.reports.document import document
    from hotline_tui.exports.work_report import write_report

    book = tmp_path / "day.xlsx"
    write_report(
        document(demo_store, shifts, ReportPeriod.day(date(2025, 11, 2)), now, "10:00"), book
    )
    sheet = load_workbook(book)["话务"]
    header, values = list(sheet.iter_rows(values_only=True))
    assert header[:4] == ("日期", "人工呼入量", "人工接通量", "人工接通率")
    assert values[1:] == (360, 346, 0.961, 14, 320, 0.888, "08:30-09:00", 120)
    assert sheet["D2"].number_format == "0.0%"
    # A day without traffic says how to bring it in.
    empty = compose_day(demo_store, shifts, date(2025, 11, 4), now)
    (none,) = [s for s in empty.sections() if s.title == "话务（电话平台）"]
    assert "尚未导入话务数据" in none.lines[0]


def test_the_big_screen_says_todays_rate_so_far_and_when_it_came(demo_store, clock):
    from datetime import datetime

    from hotline_tui.domain.indicators.traffic import CallsSoFar, DayTraffic, calls_so_far
    from hotline_tui.wallboard import calls_tile

    assert calls_tile(None) == ("--", "今日尚未导入话务数据", "normal")
    came = datetime(2026, 11, 30, 2, 35, tzinfo=UTC)  # 10:35 in Beijing
    below = CallsSoFar(DayTraffic(date(2026, 11, 30), 200, 189, 11, 170, 20, None), "10:30", came)
    # 189/200 = 94.5 %, under the contract's 95 %; 190/200 is exactly 95 %, met.
    assert calls_tile(below) == ("94.5", "% 接通 189/200\n截至 10:30\n10:35 导入", "warning")
    met = CallsSoFar(DayTraffic(date(2026, 11, 30), 200, 190, 10, 170, 20, None), "", came)
    assert calls_tile(met) == ("95.0", "% 接通 190/200\n全天\n10:35 导入", "normal")
    # The demo's today (11-30 09:00): the two half-hours that have ended, 08:00 and 08:30.
    today = clock.now().date()
    with demo_store.read() as session:
        offered, answered = session.execute(
            sa.select(sa.func.sum(CallTraffic.offered), sa.func.sum(CallTraffic.answered)).where(
                CallTraffic.day == today
            )
        ).one()
    so_far = calls_so_far(demo_store, today)
    assert so_far is not None and so_far.until == "09:00"
    assert (so_far.traffic.offered, so_far.traffic.answered) == (offered, answered)


def test_a_days_half_hours_with_the_heads_on_the_rota(demo_store):
    from hotline_tui.domain.attendance.rota import scheduled
    from hotline_tui.domain.indicators.traffic import TrafficRow, intraday
    from hotline_tui.widgets.intraday_chart import _rate_row

    shifts = list_shifts(demo_store)
    early, middle, late = shifts  # 08:00-16:30, 12:00-20:30, 16:00-24:00
    day = date(2026, 11, 29)
    on = {s.code: len(scheduled(demo_store, day, s)) for s in shifts}
    chart = intraday(demo_store, day, shifts)
    assert len(chart.rows) == 32 and chart.rows[0].slot == "08:00" and not chart.whole_day_only
    # Counted by hand from the shift table: who covers each half-hour.
    assert chart.heads["07:30"] == 0
    assert chart.heads["08:00"] == on[early.code]
    assert chart.heads["12:00"] == on[early.code] + on[middle.code]
    assert chart.heads["16:00"] == on[early.code] + on[middle.code] + on[late.code]
    assert chart.heads["16:30"] == on[middle.code] + on[late.code]
    assert chart.heads["20:30"] == on[late.code] and chart.heads["23:30"] == on[late.code]
    # The rate band: 100 % on the top row, 96 % on 95 %'s, 94.9 % and 80 % at the bottom.
    rates = [TrafficRow(day, "08:00", 1000, answered, 0, 0, 20, 0) for answered in
             (1000, 960, 949, 800)]  # fmt: skip
    assert [_rate_row(r) for r in rates] == [0, 2, 3, 4]
    below = intraday(demo_store, date(2025, 1, 1), shifts)
    assert below.rows == [] and not below.whole_day_only
