"""指标 by keys: figures entered with validation, a drill-down, the workbook from the app."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook
from textual.widgets import Input

from hotline_tui.domain.indicators.figures import figures
from hotline_tui.screens.indicators.indicators import IndicatorRecordsScreen, IndicatorsScreen
from tests.helpers import chief, manager
from tests.pilot import build_app, dialog_error, press, run, settle, shown_text, wait_until

SIZE = (160, 48)
NOV = date(2026, 11, 1)


def test_entering_figures_is_checked_in_place(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await settle(pilot)
            assert isinstance(app.screen, IndicatorsScreen)
            await press(pilot, "i")
            await settle(pilot)
            dialog = app.screen
            # November's exams and QC are counted from their records: the form says so.
            labels = [shown_text(label) for label in dialog.query(".dialog-label")]
            assert "在职考试人次（本月按记录计算，此项只作备查）" in labels
            # The demo's call traffic replaces the platform's totals; no records replace
            # the complaints.
            assert "人工接通量（本月按记录计算，此项只作备查）" in labels
            assert "有效投诉量" in labels
            # Exams: 113 sat, 120 passed: refused, and nothing typed is lost.
            dialog.query_one("#field-exam_taken", Input).value = "113"
            dialog.query_one("#field-exam_passed", Input).value = "120"
            dialog.query_one("#field-qc_passed", Input).focus()
            await press(pilot, "enter", "enter")  # to the last field, then save
            await settle(pilot)
            error = shown_text(dialog.query_one("#form-error"))
            assert "“考试合格人次”（120）不能大于“在职考试人次”（113）" in error
            dialog.query_one("#field-exam_passed", Input).value = "110"
            dialog.query_one("#field-qc_passed", Input).focus()
            await press(pilot, "enter", "enter")
            await settle(pilot)
            assert isinstance(app.screen, IndicatorsScreen)
            row = [str(c) for c in app.screen.query_one("#indicators-table").get_row_at(2)]
            assert row[-1].startswith("考试记录：按考试成绩计算")  # the records still count

    run(scenario())
    entered = figures(demo_store, [NOV])[NOV]
    assert (entered["exam_taken"].value, entered["exam_passed"].value) == (113, 110)


def test_drill_down_to_the_late_urgent_issues(demo_store, settings, clock, floorplan, tmp_path):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await settle(pilot)
            for _ in range(5):
                await press(pilot, "down")  # to 6 时效性问题处置及时率
            await press(pilot, "enter")
            await settle(pilot)
            assert isinstance(app.screen, IndicatorRecordsScreen)
            summary = str(app.screen.query_one("#records-summary").render())
            assert "时效性问题处置及时率" in summary and "不利 3 条" in summary
            first = [str(c) for c in app.screen.query_one("#records-table").get_row_at(0)]
            assert first[6] == "超时" and first[7]  # the late ones first, with their reason
            assert "计算规则：在类别时限内" in summary
            table = app.screen.query_one("#records-table")
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

    shown = run(scenario())
    # The workbook lists exactly these records, in this order.
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.exports.kpi_review import write_review

    path = tmp_path / "review.xlsx"
    write_review(demo_store, NOV, path, clock.now(), list_shifts(demo_store))

    def as_shown(v):  # the workbook's times are dated cells; the screen writes 11-02 12:00
        return "" if v is None else f"{v:%m-%d %H:%M}" if isinstance(v, datetime) else str(v)

    rows = [
        [as_shown(v) for v in row]
        for row in load_workbook(path)["时效性问题处置及时率"].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert rows[: len(shown)] == shown
    assert len(rows) == len(shown) + 2 and rows[-1][0].startswith("计算规则：")


def test_the_review_workbook_is_written_in_the_background(
    demo_store, settings, clock, floorplan, tmp_path
):
    out = tmp_path / "考核.xlsx"

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await settle(pilot)
            await press(pilot, "e")
            await settle(pilot)
            app.screen.query_one(Input).value = str(out)
            await press(pilot, "enter")
            await app.workers.wait_for_complete()
            await settle(pilot)
            assert any("已导出 2026-11 考核报表" in n.message for n in app.notices)

    run(scenario())
    assert load_workbook(out).sheetnames[0] == "汇总"


def test_an_export_to_a_bad_path_is_refused_and_writes_nothing(
    demo_store, settings, clock, floorplan, tmp_path
):
    exports = tmp_path / "exports"
    exports.mkdir()

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await settle(pilot)
            await press(pilot, "e")
            await settle(pilot)
            app.screen.query_one(Input).value = str(exports / "nope" / "kpi.xlsx")
            await press(pilot, "enter")  # said in the dialog, where the path can be mended
            await wait_until(pilot, lambda: "要写入的目录不存在" in dialog_error(app))
            await press(pilot, "escape")

    run(scenario())
    assert list(exports.iterdir()) == []


def test_an_incomplete_quarter_is_said_on_the_screen(demo_store, settings, clock, floorplan):
    import pendulum

    from hotline_tui.clock import BEIJING
    from hotline_tui.domain.indicators.figures import save_figures
    from tests.helpers import manager

    clock.set(pendulum.datetime(2027, 3, 10, 9, tz=BEIJING))
    save_figures(demo_store, manager(demo_store), pendulum.date(2027, 1, 1),
                 {"calls_offered": 1000, "calls_answered": 960})  # fmt: skip

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await app.workers.wait_for_complete()
            table = app.screen.query_one("IndicatorTable")
            row = [str(c) for c in table.get_row_at(0)]
            assert row[1] == "人工接通率"
            assert "本季缺 2027-02、2027-03 的数据（按已有月份计）" in row[9]

    run(scenario())


def test_at_80_columns_every_indicator_shows_whole_up_to_its_result(
    demo_store, settings, clock, floorplan
):
    """#34: 结果 was cut to one character (达 / 未 / 无) and 撤换响应（3 个工作日内 lost its
    end: the seven columns that decide the payment fit 80 columns, each holding its
    widest cell."""
    from rich.cells import cell_len
    from textual.widgets import DataTable

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(80, 24)) as pilot:
            await press(pilot, "f7")
            screen = app.screen
            assert isinstance(screen, IndicatorsScreen)
            await wait_until(pilot, lambda: screen.lines)
            table = screen.query_one(DataTable)
            columns = list(table.columns.values())[:7]
            # To the end of 结果's text (its right padding may lie past the edge).
            used = sum(c.width + 2 * table.cell_padding for c in columns) - table.cell_padding
            assert used <= table.scrollable_content_region.width, used
            for n, column in enumerate(columns):
                widest = max(cell_len(str(table.get_row_at(r)[n])) for r in range(table.row_count))
                assert widest <= column.width, (str(column.label), widest, column.width)

    run(scenario())


def test_call_traffic_imported_by_keys_is_refused_in_place_then_counted(
    demo_store, settings, clock, floorplan, tmp_path
):
    """#36: c on 指标 asks for the platform's report; a bad row is said in the dialog and
    nothing is saved; a good file is imported and 2025-11's rate is then its records'."""
    from tests.pilot import notices

    header = "日期,时段,人工呼入量,人工接通量,放弃量,20秒内接通量,平均通话时长（秒）"
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\n2025-11-02,08:00-08:30,100,101,0,90,180\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(f"{header}\n2025-11-02,08:00-08:30,100,95,5,90,180\n", encoding="utf-8")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            screen = app.screen
            assert isinstance(screen, IndicatorsScreen)
            await press(pilot, "c", *str(bad), "enter")
            await wait_until(pilot, lambda: "接通量 101 大于呼入量 100" in dialog_error(app))
            await press(pilot, "ctrl+a", "ctrl+k", *str(good), "enter")
            await wait_until(
                pilot, lambda: any("已导入话务数据 2025-11-02" in n for n in notices(app))
            )
            assert app.screen is screen
            await press(pilot, *"p" * 12)  # back to 2025-11
            await wait_until(pilot, lambda: screen.month == date(2025, 11, 1) and screen.lines)
            (line,) = [x for x in screen.lines if x.name == "人工接通率"]
            assert (line.month.numerator, line.month.denominator) == (95, 100)
            assert line.source == "话务记录"

    run(scenario())


def test_a_days_half_hours_from_the_indicators(demo_store, settings, clock, floorplan):
    """#36: d on 指标 shows today's half-hours so far; p the day before; a day without
    traffic (tomorrow) says how to bring it in; Esc goes back."""
    from hotline_tui.screens.indicators.intraday import IntradayScreen
    from hotline_tui.widgets.intraday_chart import IntradayChart

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(80, 24)) as pilot:
            await press(pilot, "f7", "d")
            screen = app.screen
            assert isinstance(screen, IntradayScreen)
            chart = screen.query_one(IntradayChart)
            # 11-30 09:00: the two half-hours that have ended.
            await wait_until(pilot, lambda: chart.data is not None and len(chart.data.rows) == 2)
            await press(pilot, "p")
            await wait_until(pilot, lambda: chart.data is not None and len(chart.data.rows) == 32)
            assert "2026-11-29" in shown_text(screen.query_one("#intraday-title"))
            await press(pilot, "n", "n")  # tomorrow: nothing yet
            await wait_until(pilot, lambda: chart.data is not None and not chart.data.rows)
            assert "没有话务数据。在指标屏按 c 导入" in shown_text(
                screen.query_one("#intraday-title")
            )
            assert not chart.display
            await press(pilot, "escape")
            assert isinstance(app.screen, IndicatorsScreen)

    run(scenario())
