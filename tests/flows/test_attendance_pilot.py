"""考勤 and 早班会 by keys: marking a board, and a meeting whose roll call is the attendance."""

from __future__ import annotations

import json

from textual.widgets import Static

from hotline_tui.domain import meetings
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.screens.attendance.board import AttendanceScreen
from hotline_tui.screens.attendance.meeting import MeetingScreen
from hotline_tui.screens.attendance.sheet import AttendanceSheetScreen
from hotline_tui.screens.kit.dialogs import Confirm
from hotline_tui.widgets.roll_call import RollCall
from tests.conftest import TODAY
from tests.helpers import audit_rows, chief, shift
from tests.pilot import build_app, dialog_error, press, run, settle, shown_text, wait_until

SIZE = (160, 48)


def board(store):
    return board_for(store, TODAY, shift(store))


def unmarked(store) -> list[str]:
    return [r.staff_no for r in board(store).rows if not r.status]


def test_marking_a_board_by_keys(demo_store, settings, clock, floorplan):
    waiting = unmarked(demo_store)
    rows = [r.staff_no for r in board(demo_store).rows]

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await settle(pilot)
            assert isinstance(app.screen, AttendanceScreen)
            table = app.screen.query_one(RollCall)
            # Walk to the first one not marked yet and mark them late at 08:17.
            while table.board.rows[table.cursor_row].staff_no != waiting[0]:
                await press(pilot, "down")
            await press(pilot, "2")
            await settle(pilot)
            await press(pilot, *"07:50", "enter")  # before the shift start: refused in place
            await wait_until(pilot, lambda: "不晚于班次开始" in dialog_error(app))
            await press(pilot, *["backspace"] * 5, *"08:17", "enter")  # mended there
            await settle(pilot)
            await press(pilot, "down", "5")  # the next one: 事假
            await settle(pilot)
            await press(pilot, "a")  # the question opens from a message the board posts
            await press(pilot, "enter")  # everyone left: present, once asked
            await settle(pilot)
            rates = str(app.screen.query_one("#attendance-rates").render())
            assert "未标记" not in rates

    run(scenario())
    after = {r.staff_no: r for r in board(demo_store).rows}
    assert after[waiting[0]].status_text == "迟到 17 分"
    next_row = rows[rows.index(waiting[0]) + 1]
    assert after[next_row].status == "事假"
    assert not unmarked(demo_store)


def test_a_meeting_roll_call_and_the_board_are_one_truth(demo_store, settings, clock, floorplan):
    waiting = unmarked(demo_store)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f6")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            # Type into 昨日回顾, then mark at roll call.
            await press(pilot, "enter", *"calm day")  # past the time, into 昨日回顾
            roll = screen.query_one(RollCall)
            roll.focus()
            await settle(pilot)
            while roll.board.rows[roll.cursor_row].staff_no != waiting[0]:
                await press(pilot, "down")
            await press(pilot, "6")  # 病假
            await settle(pilot)
            await press(pilot, "ctrl+s")
            await settle(pilot)
            # The attendance board shows the same mark, and a mark made there shows here.
            await press(pilot, "f4")
            await settle(pilot)
            board_rows = {r.staff_no: r.status for r in app.screen.query_one(RollCall).board.rows}
            assert board_rows[waiting[0]] == "病假"
            table = app.screen.query_one(RollCall)
            while table.board.rows[table.cursor_row].staff_no != waiting[1]:
                await press(pilot, "down")
            await press(pilot, "1")
            await settle(pilot)
            await press(pilot, "f6")
            await settle(pilot)
            rows = {r.staff_no: r.status for r in app.screen.query_one(RollCall).board.rows}
            assert (rows[waiting[0]], rows[waiting[1]]) == ("病假", "出勤")

    run(scenario())
    m = meetings.find_meeting(demo_store, TODAY, shift(demo_store))
    view = meetings.get_meeting(demo_store, m, [shift(demo_store)])
    assert view.sections["review"].startswith("calm day")


def test_the_monthly_sheet_opens_from_the_board(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await settle(pilot)
            await press(pilot, "m")
            await settle(pilot)
            assert isinstance(app.screen, AttendanceSheetScreen)
            assert "2026 年 11 月" in str(app.screen.query_one("#sheet-summary").render())
            await press(pilot, "p")
            await settle(pilot)
            assert "2026 年 10 月" in str(app.screen.query_one("#sheet-summary").render())

    run(scenario())


def test_meeting_history_search_opens_an_earlier_meeting(demo_store, settings, clock, floorplan):
    from textual.widgets import DataTable

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f6")
            await settle(pilot)
            await press(pilot, "ctrl+o")
            await settle(pilot)
            table = app.screen.query_one(DataTable)
            everything = table.row_count
            app.screen.query_one("#meeting-search").focus()
            await press(pilot, *"QC", "enter")  # no meeting mentions "QC": none found
            await settle(pilot)
            assert table.row_count == 0
            app.screen.query_one("#meeting-search").value = "结束语"
            app.screen.query_one("#meeting-search").focus()
            await press(pilot, "enter")
            await settle(pilot)
            assert 0 < table.row_count < everything
            day = app.screen.rows[0].day
            await press(pilot, "enter")  # open it
            await settle(pilot)
            assert isinstance(app.screen, MeetingScreen) and app.screen.day == day
            assert "结束语" in app.screen.query_one("#meeting-qc").text

    run(scenario())


def test_importing_a_rota_by_keys_lists_bad_rows_then_saves_a_good_file(
    demo_store, settings, clock, floorplan, tmp_path
):
    from textual.widgets import Input, Static

    from hotline_tui.screens.kit.dialogs import InfoDialog
    from tests.pilot import wait_until

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "工号,日期,班次\n1020,2027-01-05,早班\n9999,2027-01-05,早班\n1021,20270105,\x1b[2J夜班\n",
        encoding="utf-8",
    )
    good = tmp_path / "good.csv"
    good.write_text("工号,日期,班次\n1020,2027-01-05,早班\n1021,2027/1/5,中班\n", encoding="utf-8")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4", "i")
            app.screen.query_one(Input).value = str(bad)
            await press(pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, InfoDialog), what="problems")
            body = shown_text(app.screen.query_one(".dialog-body", Static))
            assert "第 3 行：工号 9999 不存在" in body
            assert "第 4 行：日期“20270105”无效" in body and "\\x1b[2J夜班" in body
            assert "\x1b" not in body
            await press(pilot, "escape", "i")
            app.screen.query_one(Input).value = str(good)
            await press(pilot, "enter")
            await wait_until(
                pilot,
                lambda: any("已导入排班：新增 2 条" in n.message for n in app.notices),
                what="the import",
            )

    run(scenario())
    from datetime import date

    from hotline_tui.domain.attendance.rota import shift_on
    from hotline_tui.domain.people.roster import staff_by_no

    day = date(2027, 1, 5)
    assert shift_on(demo_store, day, staff_by_no(demo_store, "1020").id) == "早班"
    assert shift_on(demo_store, day, staff_by_no(demo_store, "1021").id) == "中班"


def test_taking_someone_off_the_rota_is_asked_first(demo_store, settings, clock, floorplan):
    first = board(demo_store).rows[0]

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await settle(pilot)
            await press(pilot, "x")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
            body = shown_text(app.screen.query_one(".dialog-body", Static))
            assert f"把 {first.name}（{first.staff_no}）移出 2026-11-30 周一 早班的排班？" in body
            await press(pilot, "escape")  # a key pressed by mistake: nothing changes
            assert first.staff_no in [r.staff_no for r in board(demo_store).rows]
            await press(pilot, "x")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm), what="asked again")
            await press(pilot, "enter")
            await wait_until(pilot, lambda: any("移出排班" in n.message for n in app.notices))

    run(scenario())
    assert first.staff_no not in [r.staff_no for r in board(demo_store).rows]


def test_generating_over_holidays_asks_what_to_do(demo_store, settings, clock, floorplan):
    """#33: g over National Day lists the holidays and the Saturday worked and asks;
    over New Year 2027 it says that year's arrangement is unknown."""
    from textual.widgets import Input

    from hotline_tui.screens.kit.dialogs import ChoiceDialog, FormDialog

    def asked(app) -> str:
        return shown_text(app.screen.query_one(".dialog-title"))

    async def generate_over(pilot, app, since: str, until: str) -> None:
        await press(pilot, "g")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        app.screen.query_one("#field-since", Input).value = since
        app.screen.query_one("#field-until", Input).value = until
        await press(pilot, "enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), what="the question")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen))
            await generate_over(pilot, app, "2026-09-28", "2026-10-11")
            assert "放假日：10-01、10-02、10-05、10-06、10-07；调休上班日：10-10" in asked(app)
            await press(pilot, "down", "enter")  # 放假日不排班
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen))
            await wait_until(pilot, lambda: any("已生成" in n.message for n in app.notices))
            await generate_over(pilot, app, "2026-12-28", "2027-01-03")
            assert "2027 年的放假安排未知，暂按普通周计算" in asked(app)
            await press(pilot, "escape")

    run(scenario())
    (made, *_) = reversed(audit_rows(demo_store, "rota.generate"))
    assert json.loads(made.after)["skipped"] == [f"2026-10-0{d}" for d in (1, 2, 5, 6, 7)]


def test_one_weekly_pattern_for_a_whole_group(demo_store, settings, clock, floorplan):
    """#33: w offers the person at the cursor, their group, or the shift's people, each
    named; the pattern is saved for all of them at once."""
    import sqlalchemy as sa
    from textual.widgets import Input

    from hotline_tui.db.tables import RotaPattern, Staff
    from hotline_tui.domain.people.roster import list_staff
    from hotline_tui.screens.kit.dialogs import ChoiceDialog, FormDialog

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen))
            board = app.screen
            await wait_until(pilot, lambda: board.board is not None and board.board.rows)
            # An agent's row (the chiefs lead the board and belong to no group).
            at = next(i for i, r in enumerate(board.board.rows) if r.group)
            board.query_one(RollCall).move_cursor(row=at)
            first = board.board.rows[at]
            await press(pilot, "w")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            labels = [c.label for c in app.screen.choices]
            assert labels[0] == f"只设 {first.name}（{first.staff_no}）"
            assert labels[1].startswith(f"{first.group}全组（")
            assert labels[2] == f"本班排班的全部 {len(board.board.rows)} 人"
            await press(pilot, "down", "enter")  # the whole group
            await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
            assert "全组" in shown_text(app.screen.query_one(".dialog-title"))
            app.screen.query_one("#field-week", Input).value = "早 早 早 早 早 休 休"
            await press(pilot, "enter")
            await wait_until(pilot, lambda: app.screen is board, what="saved")
            await wait_until(pilot, lambda: any("每周模式已保存" in n.message for n in app.notices))
        return first.group

    group = run(scenario())
    members = {p.id for p in list_staff(demo_store) if p.group == group}
    with demo_store.read() as session:
        sundays = dict(session.execute(
            sa.select(RotaPattern.staff_id, RotaPattern.shift_id)
            .join(Staff, Staff.id == RotaPattern.staff_id)
            .where(RotaPattern.weekday == 6, RotaPattern.staff_id.in_(members))
        ).all())  # fmt: skip
    assert set(sundays) == members and set(sundays.values()) == {None}
    assert len([a for a in audit_rows(demo_store, "rota.pattern")]) >= len(members)
