"""按排班排座 by keys: the preview from the floor, changed and accepted; a disagreement
between plan and rota fixed from the floor; a zone changed over the floor map."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rota import unschedule
from hotline_tui.domain.floor import seating, zones
from hotline_tui.screens.floor.fill import FillScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.floor.zones import ZonesScreen
from hotline_tui.screens.kit.dialogs import ChoiceDialog
from tests import server_db
from tests.conftest import TODAY
from tests.helpers import chief, seated_count, shift
from tests.pilot import build_app, footer_keys, notices, press, run, settle, wait_until

# The screen flows are driven on the SQLite run; the rules they call are tested on
# both runs (test_fill.py).
pytestmark = pytest.mark.skipif(
    server_db.on_server(), reason="screen flows: driven on the SQLite run"
)

SIZE = (160, 48)
TOMORROW = TODAY + timedelta(days=1)


def summary(app) -> str:
    """What the fill's summary above the table says."""
    return str(app.screen.query_one("#fill-summary").render())


def test_preview_change_and_accept_by_keys(demo_store, settings, clock, floorplan):
    early = shift(demo_store, "early")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "n", "f")  # tomorrow's early shift, filled from its rota
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, FillScreen)
            await wait_until(pilot, lambda: screen.preview is not None)
            due = len(screen.preview.placements)
            assert due > 30 and seated_count(demo_store, TOMORROW, early) == 0
            dropped = screen.preview.placements[0]
            await press(pilot, "x")  # not this one
            await settle(pilot)
            assert len(screen.preview.placements) == due - 1
            moving = screen.preview.placements[0]
            target = next(x for x in screen.preview.free if x[0] == "C")  # needs no skill
            await press(pilot, "enter", *target, "enter")  # another free seat for the next
            await settle(pilot)
            assert screen.preview.placements[0].label == target
            await press(pilot, "ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen))
            await wait_until(pilot, lambda: any("已按排班安排" in n for n in notices(app)))
        return due, dropped, moving, target

    due, dropped, moving, target = run(scenario())
    plan = seating.plan_for(demo_store, TOMORROW, early)
    assert plan.occupied == due - 1
    assert plan.seats[target].staff_no == moving.staff_no
    assert all(s.staff_no != dropped.staff_no for s in plan.seats.values())


def test_a_disagreement_is_fixed_from_the_floor(demo_store, settings, clock, floorplan):
    """Someone seated today is taken off the rota: y lists them, and choosing them takes
    the seat back."""
    early = shift(demo_store, "early")
    plan = seating.plan_for(demo_store, TODAY, early)
    off = sorted((v for v in plan.seats.values() if v.occupied), key=lambda v: v.label)[0]
    unschedule(demo_store, chief(demo_store), TODAY, early, off.staff_no)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            floor = app.screen
            await wait_until(pilot, lambda: floor.plan is not None and floor.plan.off_rota)
            await press(pilot, "y")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await press(pilot, "enter")
            await wait_until(pilot, lambda: not floor.plan.off_rota)

    run(scenario())
    assert seating.plan_for(demo_store, TODAY, early).seats[off.label].occupied is False


def test_someone_who_arrived_without_a_seat_is_seated_by_the_zone(
    demo_store, settings, clock, floorplan
):
    early = shift(demo_store, "early")
    plan = seating.plan_for(demo_store, TODAY, early)
    view = next(v for v in plan.seats.values() if v.occupied and v.label.startswith("E"))
    seating.unseat(demo_store, chief(demo_store), TODAY, early, view.label, None)
    mark(demo_store, chief(demo_store), TODAY, early, view.staff_no, "出勤")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            floor = app.screen
            await wait_until(pilot, lambda: floor.plan is not None and floor.plan.unseated)
            await press(pilot, "y", "enter")
            await wait_until(pilot, lambda: not floor.plan.unseated)

    run(scenario())
    seat = seating.plan_for(demo_store, TODAY, early).seat_of(view.staff_id)
    assert seat is not None and seat.label.startswith("E")  # 社保 seats for a 社保 agent


def test_a_seat_leaves_a_zone_by_keys(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "z")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, ZonesScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            assert screen.group == "综合坐席"
            await press(pilot, "tab", "space")  # A01, under the map's cursor
            await wait_until(pilot, lambda: any("A01 已移出" in n for n in notices(app)))

    run(scenario())
    assert "A01" not in zones.read_zones(demo_store).seats_of["综合坐席"]


def test_a_seat_of_someone_marked_away_is_freed_from_the_floor(
    demo_store, settings, clock, floorplan
):
    """The demo's morning: one seated agent has called in sick. The plan names the seat
    under 与排班不符, and y frees it."""
    early = shift(demo_store, "early")
    (label,) = seating.plan_for(demo_store, TODAY, early).away

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            floor = app.screen
            await wait_until(pilot, lambda: floor.plan is not None and floor.plan.away)
            await press(pilot, "y")
            await settle(pilot)
            assert isinstance(app.screen, ChoiceDialog)
            await press(pilot, "enter")
            await wait_until(pilot, lambda: not floor.plan.away)

    run(scenario())
    assert seating.plan_for(demo_store, TODAY, early).seats[label].occupied is False


def test_an_empty_rota_and_a_group_without_seats_say_which_key_brings_them_in(
    demo_store, settings, clock, floorplan
):
    """#33: nothing to fill says where the rota comes from (F4: i, w, g); a group
    without a zone points to z; the board says the same of a shift with no rota."""
    from hotline_tui.domain.attendance.rota import replace_entries, scheduled
    from hotline_tui.screens.attendance.board import AttendanceScreen

    store = demo_store
    early = shift(store, "early")
    # Tomorrow's early shift without a rota; tomorrow's middle shift with one, but the
    # first group's zone emptied.
    off = [(TOMORROW, p) for p in scheduled(store, TOMORROW, early)]
    replace_entries(store, chief(store), [], "test", off)
    group = zones.read_zones(store).groups[0][0]
    zones.set_zone_seats(store, chief(store), group, zones.read_zones(store).seats_of[group], False)

    async def scenario():
        app = build_app(settings, store, clock, floorplan, chief(store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "n", "f")
            await wait_until(pilot, lambda: isinstance(app.screen, FillScreen))
            await wait_until(pilot, lambda: "本班还没有排班" in summary(app), what="the hint")
            assert "按 i 导入排班表，或按 w 设每周排班、g 生成" in summary(app)
            await press(pilot, "escape", "s", "f")  # tomorrow's middle shift
            await wait_until(pilot, lambda: isinstance(app.screen, FillScreen))
            await wait_until(pilot, lambda: "按 z 给各组划座位区" in summary(app), what="z")
            await press(pilot, "escape", "f4")
            await wait_until(pilot, lambda: isinstance(app.screen, AttendanceScreen))
            await press(pilot, "n")  # tomorrow's early shift
            rates = app.screen.query_one("#attendance-rates")
            await wait_until(
                pilot, lambda: "本班：无排班 —— 按 i 导入排班表" in str(rates.render()),
                what="the board's hint",
            )  # fmt: skip

    run(scenario())


def test_a_key_shown_disabled_says_why_when_pressed(empty_store, clock, floorplan):
    """#34: on a floor with no rota, y (nothing to check), and in the fill Ctrl+S
    (nothing to save), o (nobody standing) and x (nobody chosen) each say why."""
    from hotline_tui.config import Settings
    from hotline_tui.domain.people.manage import init_floor
    from hotline_tui.domain.people.roster import staff_by_no
    from tests.conftest import REPO

    init_floor(empty_store, "2001", "王芳", "135790", "135790")
    settings = Settings(db=server_db.store_text(empty_store),
                        floorplan=REPO / "data" / "floorplan.toml")  # fmt: skip

    def said(text: str):
        return lambda: any(text in n.message for n in app.notices)

    app = build_app(settings, empty_store, clock, floorplan, staff_by_no(empty_store, "2001"))

    async def scenario():
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: type(app.screen).__name__ == "SetupChecklistScreen")
            await press(pilot, "escape")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen))
            await press(pilot, "y")
            await wait_until(pilot, said("本班座位与排班一致，没有需要核对的。"))
            await press(pilot, "f")
            await wait_until(pilot, lambda: isinstance(app.screen, FillScreen))
            await wait_until(pilot, lambda: app.screen.preview is not None)
            await press(pilot, "ctrl+s")
            await wait_until(pilot, said("预览中没有要安排的人，不需要保存。"))
            await press(pilot, "o")
            await wait_until(pilot, said("没有无座的人，不需要安排到其他区。"))
            await press(pilot, "x")
            await wait_until(pilot, said("请先把光标移到一位将安排的人。"))
            assert isinstance(app.screen, FillScreen)  # nothing else happened

    run(scenario())


def test_people_without_a_seat_go_to_the_nearest_zone_by_o_once(
    demo_store, settings, clock, floorplan
):
    """The 医保 zone cut to two seats: the preview offers the nearest free zone by o; once
    o has seated them there, the summary says so and o says it has been done."""
    insured = "专业坐席（医保）"
    f_seats = [f"F{n:02d}" for n in range(3, 11)]
    assert zones.set_zone_seats(demo_store, chief(demo_store), insured, f_seats, member=False)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "n", "f")
            screen = app.screen
            assert isinstance(screen, FillScreen)
            await wait_until(pilot, lambda: screen.preview is not None)
            standing = [s for s in screen.preview.standing if s.group == insured]
            assert standing and "按 o 把他们安排到那里" in summary(app)
            await press(pilot, "o")
            await wait_until(pilot, lambda: screen.overflow and not screen.changed)
            await wait_until(
                pilot, lambda: not [s for s in screen.preview.standing if s.group == insured]
            )
            assert "按 o" not in summary(app)
            assert f"{insured} {len(standing)} 人：本组座位区已满，已安排到最近的空闲区" in summary(
                app
            )
            assert "o" not in footer_keys(app)
            await press(pilot, "o")
            await wait_until(
                pilot, lambda: any("已经按 o 安排到最近的空闲区" in n for n in notices(app))
            )

    run(scenario())
