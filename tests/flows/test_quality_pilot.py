"""质检 by keys: from 指标, the month's records; a record entered (a bad checker refused in
place); the people and group views; a team leader sees their own group only."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from hotline_tui.domain.quality.records import list_records
from hotline_tui.screens.indicators.indicators import IndicatorsScreen
from hotline_tui.screens.quality.checks import QualityScreen
from tests import server_db
from tests.helpers import chief
from tests.pilot import build_app, notices, press, run, settle, shown_text, wait_until

# The screen flows are driven on the SQLite run; the rules they call are tested on
# both runs (test_reports.py, test_quality.py, test_exams.py), which keeps the
# PostgreSQL run within its four minutes.
pytestmark = pytest.mark.skipif(
    server_db.on_server(), reason="screen flows: driven on the SQLite run"
)

SIZE = (160, 48)
NOVEMBER = date(2026, 11, 1)


def test_enter_a_qc_record_by_keys_and_see_it_per_person(demo_store, settings, clock, floorplan):
    before = len(list_records(demo_store, NOVEMBER))

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7")
            await settle(pilot)
            assert isinstance(app.screen, IndicatorsScreen)
            await press(pilot, "q")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, QualityScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            assert len(screen.data.rows) == before
            await press(pilot, "a")
            await settle(pilot)
            await press(pilot, *"1023", "enter")  # the agent, found by 工号
            await settle(pilot)
            await press(pilot, *"2026-11-30 08:20", "enter", *"LY-T1", "enter", *"1021", "enter")
            await press(pilot, *"3", "enter", *"1", "enter", "enter")
            await settle(pilot)
            assert "不是质检组的人员" in shown_text(app.screen.query_one("#form-error"))
            await press(pilot, "shift+tab", "shift+tab", "shift+tab")  # back to the checker
            await press(pilot, *["backspace"] * 4, *"1093", "enter", "enter", "enter", "enter")
            await settle(pilot)
            await wait_until(
                pilot, lambda: screen.data is not None and len(screen.data.rows) == before + 1
            )
            newest = screen.data.rows[0]
            assert (newest.call_ref, newest.score, newest.passed) == ("LY-T1", 60, False)
            await press(pilot, "v")  # per person
            await settle(pilot)
            table = screen.query_one(DataTable)
            keys = [row.value for row in table.rows]
            assert "1023" in keys
            await press(pilot, "v")  # per group
            await settle(pilot)
            assert table.row_count >= 2

    run(scenario())


def test_a_team_leader_sees_their_own_group(demo_store, settings, clock, floorplan):
    from hotline_tui.domain.people.roster import staff_by_no

    leader = staff_by_no(demo_store, "1009")  # 班长 of 综合坐席

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, leader)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7", "q")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, QualityScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            groups = {r.group for r in screen.data.rows}
            assert groups == {leader.group}
            everyone = {r.group for r in list_records(demo_store, NOVEMBER)}
            assert len(everyone) > 1  # others exist; the leader does not see them

    run(scenario())


def test_an_exam_and_a_score_by_keys(demo_store, settings, clock, floorplan):
    from hotline_tui.domain.quality import exams
    from hotline_tui.screens.quality.exams import ExamsScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7", "k")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ExamsScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            before = len(screen.data.sittings)
            await press(pilot, "a")
            await settle(pilot)
            await press(pilot, "enter")  # 在职考试
            await settle(pilot)
            await press(pilot, *"key test", "enter", "enter", "enter", "enter")  # today, 60/100
            await settle(pilot)
            await wait_until(pilot, lambda: len(screen.data.sittings) == before + 1)
            new = screen.data.sittings[0]
            assert (new.topic, new.day) == ("key test", clock.now().date())
            assert screen.selected is not None and screen.selected.id == new.id
            await press(pilot, "s")
            await settle(pilot)
            await press(pilot, *"1023", "enter")
            await settle(pilot)
            await press(pilot, *"55", "enter")
            await settle(pilot)
            await wait_until(pilot, lambda: screen.data.sittings[0].taken == 1)
        return new.id

    exam_id = run(scenario())
    assert [(s.staff_no, s.score, s.passed) for s in exams.scores(demo_store, exam_id)] == [
        ("1023", 55, False)
    ]


def test_the_pick_list_marks_who_has_not_passed_a_live_business_test(
    demo_store, settings, clock, floorplan
):
    """The demo's 医保 test is live on the F seats since 11-15: those who did not pass it
    are marked when a chief seats someone there; on an A seat nobody is."""
    from textual.widgets import OptionList

    from hotline_tui.domain.floor.seating import plan_for, unseat
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.screens.kit.dialogs import StaffPicker
    from tests.pilot import go_to

    day, early = clock.now().date(), list_shifts(demo_store)[0]
    plan = plan_for(demo_store, day, early)
    free = {}
    for zone in "FA":  # a seat of each zone made free, if the demo filled them all
        seat = next(s for s in plan.seats.values() if s.label[0] == zone and not s.out_of_service)
        if seat.occupied:
            unseat(demo_store, chief(demo_store), day, early, seat.label)
        free[zone] = seat.label

    async def picker_lines(pilot, label: str) -> list[str]:
        await go_to(pilot, label)
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, StaffPicker)
        options = pilot.app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        await press(pilot, "escape")
        return lines

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            f_lines = await picker_lines(pilot, free["F"])
            a_lines = await picker_lines(pilot, free["A"])
        return f_lines, a_lines

    f_lines, a_lines = run(scenario())
    assert any("未通过业务测试：医保门诊共济新政" in line for line in f_lines)
    assert not any("未通过业务测试" in line for line in a_lines)


def test_a_training_by_keys_with_its_roll_call(demo_store, settings, clock, floorplan):
    """From 指标, t: a session for the 质检 group and 1020 today; the roll called by keys
    (1 出席, ↓ 2 迟到, a 其余出席 after asking), then a session ahead refused a mark."""
    from hotline_tui.domain.quality import training
    from hotline_tui.screens.quality.training import TrainingScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f7", "t")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, TrainingScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            before = len(screen.data.sessions)
            await press(pilot, "a")
            await settle(pilot)
            await press(pilot, *"消防演练", "enter", "enter", *"安保部", "enter")
            await press(pilot, *"质检", "enter", *"1020", "enter", "enter")
            await settle(pilot)
            await wait_until(pilot, lambda: len(screen.data.sessions) == before + 1)
            new = screen.data.sessions[0]
            assert (new.topic, new.invited, new.marked) == ("消防演练", 8, 0)
            assert screen.chosen == new.id and len(screen.data.roll) == 8
            await press(pilot, "r", "1", "down", "2")
            await wait_until(pilot, lambda: screen.data.sessions[0].marked == 2)
            await press(pilot, "a")
            await settle(pilot)
            assert "还未标记的 6 人" in shown_text(app.screen.query_one(".dialog-body"))
            await press(pilot, "enter")
            await wait_until(pilot, lambda: screen.data.sessions[0].marked == 8)
            # A session ahead: the roll call waits for its day, in words.
            await press(pilot, "escape", "a")
            await settle(pilot)
            await press(pilot, *"复训", "enter", *"2026-12-03", "enter", *"业务培训组", "enter")
            await press(pilot, "enter", *"1021", "enter", "enter")
            await settle(pilot)
            await press(pilot, "n")  # December: the new session is the latest there
            await wait_until(
                pilot,
                lambda: screen.data is not None and screen.data.month.month == 12 and screen.data.roll
                and screen.data.sessions[0].topic == "复训",
            )  # fmt: skip
            await press(pilot, "r", "1")
            await wait_until(pilot, lambda: any("还没有到" in n for n in notices(app)))
        return new.id

    session_id = run(scenario())
    assert [(r.staff_no, r.status) for r in training.roll(demo_store, session_id)][:3] == [
        ("1020", "出席"), ("1092", "迟到"), ("1093", "出席"),
    ]  # fmt: skip
