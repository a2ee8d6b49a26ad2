"""The daily flows walked by keys, without their traps (#14); the database checked after."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pendulum
import sqlalchemy as sa
from textual.widgets import Input, OptionList, Static, TextArea

from hotline_tui.clock import BEIJING
from hotline_tui.db.tables import Attendance, AuditLog, SwapRequest
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.domain.attendance.rota import schedule, scheduled
from hotline_tui.domain.attendance.swaps import record_overtime
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.screens.attendance.board import AttendanceScreen
from hotline_tui.screens.kit.dialogs import (
    ChoiceDialog,
    Confirm,
    FormDialog,
    InfoDialog,
    StaffPicker,
    TextPrompt,
)
from tests.conftest import TODAY
from tests.helpers import chief, manager, shift
from tests.pilot import (
    build_app,
    dialog_error,
    footer_keys,
    notices,
    press,
    run,
    settle,
    shown_text,
    wait_until,
)

SIZE = (160, 48)


def at(hour: int, minute: int, day=TODAY) -> pendulum.DateTime:
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=BEIJING)


def on_shift(store, code: str) -> list[str]:
    sh = shift(store, code)
    return [r.staff_no for r in board_for(store, TODAY, sh).rows if r.group]


# --- swaps -----------------------------------------------------------------------------------------


def test_a_same_day_swap_asked_with_names_shown_then_approved(
    demo_store, settings, clock, floorplan
):
    early, late = on_shift(demo_store, "early")[0], on_shift(demo_store, "late")[0]
    giver, taker = staff_by_no(demo_store, early), staff_by_no(demo_store, late)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await press(pilot, "down", "down", "c")  # a row highlighted, not chosen
            assert isinstance(app.screen, FormDialog)
            # Nothing is prefilled from the highlighted row.
            assert app.screen.query_one("#field-giver", Input).value == ""
            await press(pilot, *early)
            note = str(app.screen.query_one("#note-giver", Static).render())
            assert note == f"{giver.name} · {giver.group} · 早班"
            await press(pilot, "enter", *late)
            assert "晚班" in str(app.screen.query_one("#note-taker", Static).render())
            await press(pilot, "enter", "enter", *"家中有事", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen), what="saved")
            # Asked, not done: the board lists it, the rota is as it was.
            flags = str(app.screen.query_one("#attendance-flags", Static).render())
            assert f"待批准：{TODAY:%Y-%m-%d}" in flags or "待批准" in flags
            assert giver.id in scheduled(demo_store, TODAY, shift(demo_store, "early"))
            await press(pilot, "v")
            assert isinstance(app.screen, ChoiceDialog)
            await press(pilot, "enter", "enter")  # the request, then 批准
            await wait_until(
                pilot, lambda: "已批准，排班已修改。" in notices(app), what="the approval"
            )

    run(scenario())
    assert giver.id in scheduled(demo_store, TODAY, shift(demo_store, "late"))
    assert taker.id in scheduled(demo_store, TODAY, shift(demo_store, "early"))


def test_a_team_leader_asks_and_a_chief_refuses(demo_store, settings, clock, floorplan):
    leader = staff_by_no(demo_store, "1009")
    mine = [
        no
        for no in on_shift(demo_store, "early")
        if staff_by_no(demo_store, no).group == leader.group
    ]
    spare = next(
        p.staff_no for p in [staff_by_no(demo_store, n) for n in on_shift(demo_store, "late")]
        if p.group == leader.group
    )  # fmt: skip

    async def ask():
        app = build_app(settings, demo_store, clock, floorplan, leader)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            keys = footer_keys(app)
            assert "c" in keys and "v" not in keys  # asks, does not approve
            await press(pilot, "c", *mine[0], "enter", *spare, "enter", "enter", *"看病", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen), what="saved")

    async def refuse():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            await press(pilot, "v", "enter", "down", "enter")  # the request, 驳回
            await press(pilot, *"当天人手不足", "enter")
            await wait_until(pilot, lambda: "已驳回。" in notices(app), what="refused")
            flags = str(app.screen.query_one("#attendance-flags", Static).render())
            assert "已驳回" in flags and "当天人手不足" in flags

    run(ask())
    run(refuse())
    with demo_store.read() as session:
        (row,) = session.execute(
            sa.select(SwapRequest).where(SwapRequest.day == TODAY)  # the demo's are ahead
        ).scalars()
    assert (row.status, row.requested_by, row.decision_note) == (
        "refused",
        leader.id,
        "当天人手不足",
    )
    assert staff_by_no(demo_store, mine[0]).id in scheduled(
        demo_store, TODAY, shift(demo_store, "early")
    )


# --- before and at the start of a shift ----------------------------------------------------------


def test_before_the_shift_the_board_shows_who_is_expected_and_bulk_marking_waits(
    demo_store, settings, clock, floorplan
):
    clock.set(at(7, 35))
    early = shift(demo_store, "early")
    expected = len(board_for(demo_store, TODAY, early).rows)
    with demo_store.read() as session:
        marked_first = session.execute(
            sa.select(sa.func.count())
            .select_from(Attendance)
            .where(Attendance.day == TODAY, Attendance.shift_id == early.id)
        ).scalar_one()

    # The clock jumps 15 minutes below: with the usual 10-minute idle lock, a tick landing
    # before the next key locked the terminal and the key went to the PIN (a flake).
    awake = replace(settings, lock_minutes=60)

    async def scenario():
        app = build_app(awake, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            rates = str(app.screen.query_one("#attendance-rates", Static).render())
            assert f"早班 11-30 08:00 开始：应到 {expected} 人" in rates
            assert "达标" not in rates.split("当月")[0] and "当日 尚无已开始的班次" in rates
            await press(pilot, "a")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm), what="the question")
            await press(pilot, "enter")  # refused in the question, which stays open
            await wait_until(pilot, lambda: "07:45 起才能" in dialog_error(app))
            await press(pilot, "escape")
            clock.set(at(7, 50))
            # The question opens from a message the board posts: answer once it is there.
            await press(pilot, "a")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm), what="asked again")
            await press(pilot, "escape")  # asked, and said no: nothing marked
            assert isinstance(app.screen, AttendanceScreen)
            with demo_store.read() as session:
                count = sa.select(sa.func.count()).select_from(Attendance).where(
                    Attendance.day == TODAY, Attendance.shift_id == shift(demo_store, "early").id
                )  # fmt: skip
                before = session.execute(count).scalar_one()
            assert before == marked_first < expected  # the demo marked a few already
            await press(pilot, "a")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm), what="a third time")
            await press(pilot, "enter")
            await wait_until(pilot, lambda: any("标记为出勤" in n for n in notices(app)))
            with demo_store.read() as session:
                assert session.execute(count).scalar_one() == expected

    run(scenario())


def test_a_late_arrival_in_the_future_is_refused(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            board = app.screen.query_one("#attendance-board").board
            row = next(i for i, r in enumerate(board.rows) if not r.status)
            for _ in range(row):
                await press(pilot, "down")
            await press(pilot, "2", *"09:30", "enter")  # it is 09:00
            await wait_until(pilot, lambda: "还没到" in dialog_error(app))
            assert isinstance(app.screen, TextPrompt)  # open, with the time still there
            assert app.screen.query_one(Input).value == "09:30"
            return board.rows[row].staff_no

    staff_no = run(scenario())
    rows = {r.staff_no: r for r in board_for(demo_store, TODAY, shift(demo_store, "early")).rows}
    assert rows[staff_no].status == ""


def test_keys_after_a_refused_time_never_land_on_the_board(demo_store, settings, clock, floorplan):
    """The floor's report (#30): 2, 09:30⏎ at 09:00 was refused, the dialog closed, and
    the correction 08:17⏎ went to the board as status keys. Now the refusal stays in the
    dialog and the whole burst, typed at once, lands there or nowhere: the attendance
    and its audit trail are as they were."""
    early = shift(demo_store, "early")

    def state():
        with demo_store.read() as session:
            marks = session.execute(
                sa.select(Attendance.staff_id, Attendance.status, Attendance.late_minutes)
                .where(Attendance.day == TODAY, Attendance.shift_id == early.id)
                .order_by(Attendance.staff_id)
            ).all()
            audits = session.execute(
                sa.select(sa.func.count()).select_from(AuditLog)
                .where(AuditLog.action.like("attendance.%"))
            ).scalar_one()  # fmt: skip
        return marks, audits

    before = state()

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            board = app.screen.query_one("#attendance-board").board
            row = next(i for i, r in enumerate(board.rows) if not r.status)
            for _ in range(row):
                await press(pilot, "down")
            # One burst, nothing waited for: the refused time, then the correction and
            # what a chief would type next on the board.
            await press(pilot, "2", *"09:30", "enter", *"08:17", "enter", "down", "1", "4")
            await settle(pilot)
            assert isinstance(app.screen, TextPrompt) and "还没到" in dialog_error(app)
            await press(pilot, "escape")
            await settle(pilot)
            assert isinstance(app.screen, AttendanceScreen)

    run(scenario())
    assert state() == before


def test_keys_made_while_a_dialog_was_open_are_not_handed_on_when_it_closes(
    demo_store, settings, clock, floorplan
):
    """Keys typed into a dialog in the instant it closes (made before it closed, not yet
    delivered) are the dialog's: dropped, not given to the board. Keys typed after it
    closed work as ever."""
    from textual import events

    early = shift(demo_store, "early")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            board = app.screen.query_one("#attendance-board").board
            row = next(i for i, r in enumerate(board.rows) if not r.status)
            for _ in range(row):
                await press(pilot, "down")
            await press(pilot, "2", *"08:17")
            await settle(pilot)
            typed_meanwhile = [events.Key("down", None), events.Key("1", "1")]
            await press(pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen))
            for key in typed_meanwhile:  # delivered only now, after the close
                app.post_message(key)
            await settle(pilot)
            rows = board_for(demo_store, TODAY, early).rows
            assert rows[row].status == "迟到" and rows[row + 1].status == ""
            await press(pilot, "down", "1")  # typed after the close: taken by the board
            await settle(pilot)
            return rows[row + 1].staff_no

    staff_no = run(scenario())
    rows = {r.staff_no: r for r in board_for(demo_store, TODAY, early).rows}
    assert rows[staff_no].status == "出勤"


def test_the_handover_chooser_says_when_the_next_one_opens(demo_store, settings, clock, floorplan):
    clock.set(at(7, 35))

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f3", "n")
            assert isinstance(app.screen, ChoiceDialog)
            title = shown_text(app.screen.query_one(".dialog-title", Static))
            assert "2026-11-30 周一 早班交中班：08:00 开班后才能开始写" in title

    run(scenario())


def test_the_author_hears_of_their_own_submit_and_is_not_offered_to_sign(
    demo_store, settings, clock, floorplan
):
    from tests.pilot import start_current_handover, submit, write_sections

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1005"))
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await write_sections(pilot, ("calm", "ok", "64 of 64"))
            await submit(pilot)  # at 09:00, hours early: with its reason
            await wait_until(
                pilot, lambda: "您的交接班已提交，等待接班的值班长签收。" in notices(app)
            )
            await settle(pilot)
            assert not any("其他终端" in n for n in notices(app))
            assert "s" not in footer_keys(app) and "w" in footer_keys(app)

    run(scenario())


# --- the seat picker, the copy, the meeting -----------------------------------------------------


def test_the_picker_lists_the_shift_rota_first_and_marks_the_rest(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.domain.floor.seating import unseat
    from tests.pilot import first_empty, go_to, plan

    label = first_empty(plan(demo_store))
    # One of the shift's rota stands up: they are the one offered first.
    on_rota = scheduled(demo_store, TODAY, shift(demo_store))
    free = next(s for s in plan(demo_store).seats.values() if s.staff_id in on_rota)
    unseat(demo_store, chief(demo_store), TODAY, shift(demo_store), free.label, None)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await go_to(pilot, label)
            await press(pilot, "enter")
            assert isinstance(app.screen, StaffPicker)
            options = app.screen.query_one(OptionList)
            lines = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            marked = [i for i, line in enumerate(lines) if "不在本班排班" in line]
            assert marked and marked[0] > 0 and marked == list(range(marked[0], len(lines)))
            assert free.staff_no in lines[0]

    run(scenario())


def test_an_arrow_and_enter_in_one_burst_choose_the_one_the_arrow_reached(
    demo_store, settings, clock, floorplan
):
    """↓⏎ arriving together (SSH, a paste) in the seat picker: the arrow moves first, and
    Enter chooses the second person offered, not the first."""
    from textual import events

    from tests.pilot import first_empty, go_to, plan

    label = first_empty(plan(demo_store))

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await go_to(pilot, label)
            await press(pilot, "enter")
            picker = app.screen
            assert isinstance(picker, StaffPicker)
            second = picker.query_one(OptionList).get_option_at_index(1).id
            for key in (events.Key("down", None), events.Key("enter", "\r")):
                app.post_message(key)  # as the terminal delivers a burst: nothing between
            await wait_until(pilot, lambda: app.screen is not picker)
            await settle(pilot)
            if isinstance(app.screen, ChoiceDialog):  # not on this shift's rota: seat only
                await press(pilot, "down", "enter")
                await settle(pilot)
            return second

    second = run(scenario())
    seat = plan(demo_store).seats[label]
    assert seat.staff_no == second


def test_copy_takes_only_the_shift_rota_and_lists_who_was_left_out(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.domain.attendance.rota import shift_on, unschedule
    from hotline_tui.domain.floor.seating import plan_for

    tomorrow = TODAY + timedelta(days=1)
    early = shift(demo_store, "early")
    today_plan = plan_for(demo_store, TODAY, early)
    seated = [s for s in today_plan.seats.values() if s.occupied]
    # Tomorrow: the first one seated today is off; the rest on the early rota where free.
    on_rota = scheduled(demo_store, tomorrow, early)
    if seated[0].staff_id in on_rota:
        unschedule(demo_store, chief(demo_store), tomorrow, early, seated[0].staff_no)
    for s in seated[1:]:
        if s.staff_id not in on_rota and shift_on(demo_store, tomorrow, s.staff_id) is None:
            schedule(demo_store, chief(demo_store), tomorrow, early, s.staff_no)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "n", "c")
            assert isinstance(app.screen, Confirm)
            body = shown_text(app.screen.query_one(".dialog-body", Static))
            assert "把 2026-11-30 周一 早班的座位安排复制到 2026-12-01 周二 早班" in body
            await press(pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, InfoDialog), what="skipped")
            text = shown_text(app.screen.query_one(".dialog-body", Static))
            assert f"{seated[0].label} {seated[0].name}（不在本班排班）" in text

    run(scenario())
    copied = plan_for(demo_store, tomorrow, early)
    people = {s.staff_id for s in copied.seats.values() if s.occupied}
    assert seated[0].staff_id not in people
    assert people and people <= scheduled(demo_store, tomorrow, early)


def test_the_meeting_starts_at_its_time(demo_store, settings, clock, floorplan):
    from hotline_tui.domain import meetings

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f6")
            app.screen.query_one("#meeting-time", Input).value = ""
            await press(pilot, *"08:15", "enter", *"review")
            review = app.screen.query_one(f"#meeting-{meetings.SECTIONS[0][0]}", TextArea)
            assert "review" in review.text and "08:15" not in review.text
            assert app.screen.query_one("#meeting-time", Input).value == "08:15"

    run(scenario())


# --- overtime shows where it is looked for --------------------------------------------------------


def test_overtime_shows_on_the_board_the_person_and_the_sheet(
    demo_store, settings, clock, floorplan
):
    person = staff_by_no(demo_store, on_shift(demo_store, "early")[0])
    record_overtime(demo_store, chief(demo_store), person.staff_no, at(16, 30), at(18, 30), "高峰")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f4")
            flags = str(app.screen.query_one("#attendance-flags", Static).render())
            assert f"加班：{person.name} 16:30-18:30" in flags
            await press(pilot, "m")
            grid = app.screen.query_one("SheetGrid")
            row = next(r for r in grid.rows if r.staff_no == person.staff_no)
            assert row.overtime == 2.0
            await press(pilot, "f8", "f", *person.staff_no, "enter")
            await wait_until(
                pilot,
                lambda: "本月加班 2 小时" in str(app.screen.query_one("#people-person").render()),
                what="the person's overtime",
            )

    run(scenario())


def test_the_wallboard_expects_people_before_the_shift_then_counts_them(demo_store, clock):
    from hotline_tui.wallboard import WallboardApp
    from hotline_tui.workdays import Calendar

    clock.set(at(7, 35))
    expected = len(board_for(demo_store, TODAY, shift(demo_store, "early")).rows)

    def tile(app) -> str:
        return str(app.query_one("#tile-arrival .tile-note", Static).render())

    async def scenario():
        app = WallboardApp(demo_store, clock, 94, Calendar(), poll_seconds=0.05)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "人应到" in tile(app), what="expected")
            assert str(app.query_one("#tile-arrival Digits").value) == str(expected)
            clock.set(at(8, 1))  # the shift begins, its roll call not over: a count, no rate
            await wait_until(pilot, lambda: "点名中" in tile(app), what="the roll call")
            board = board_for(demo_store, TODAY, shift(demo_store, "early"))
            counted = [r for r in board.counted if r.status]
            assert str(app.query_one("#tile-arrival Digits").value) == str(
                sum(r.arrived for r in counted)
            )
            calling = len(board.counted) - len(counted)
            assert f"未标记 {calling}\n排班 {len(board.counted)}" in tile(app)
            assert "%" not in tile(app) and "今天没有排班" not in tile(app)

    run(scenario())


def test_the_meeting_roll_call_before_the_shift_shows_no_rate(
    demo_store, settings, clock, floorplan
):
    clock.set(at(7, 35))
    expected = len(board_for(demo_store, TODAY, shift(demo_store, "early")).rows)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f6")
            counts = str(app.screen.query_one("#meeting-counts", Static).render())
            assert f"08:00 开始：应到 {expected} 人" in counts
            assert "%" not in counts and "达标" not in counts

    run(scenario())
