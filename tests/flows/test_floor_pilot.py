"""The floor screen driven by keys, the way a duty chief works it."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Input

from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.rota import scheduled
from hotline_tui.domain.floor import seating
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.screens.access.sign_in import SignInScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.kit.dialogs import InfoDialog
from hotline_tui.widgets.app_header import AppHeader
from hotline_tui.widgets.seat_map import SeatMap
from tests.conftest import TODAY
from tests.helpers import DEMO_PIN, chief, shift, unseated
from tests.pilot import build_app, first_empty, go_to, plan, press, run, settle, wait_until


def test_sign_in_by_pinyin_initials(demo_store, settings, clock, floorplan):
    person = chief(demo_store)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        async with app.run_test(size=(160, 48)) as pilot:
            assert isinstance(app.screen, SignInScreen)
            await press(pilot, *person.pinyin_initials)
            await press(pilot, "enter", *DEMO_PIN, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor == person
            assert person.name in app.screen.query_one(AppHeader).actor.full
            assert "2026-11-30 周一  早班 08:00-16:30" in app.screen.query_one(AppHeader).context

    run(scenario())


def test_sign_in_filter_with_no_match_keeps_the_screen(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        async with app.run_test(size=(160, 48)) as pilot:
            await press(pilot, "q", "x", "q", "enter")
            await settle(pilot)
            assert isinstance(app.screen, SignInScreen)
            assert app.actor is None

    run(scenario())


def test_assign_a_seat_through_the_picker(demo_store, settings, clock, floorplan):
    actor = chief(demo_store)
    label = first_empty(plan(demo_store))
    on_rota = scheduled(demo_store, TODAY, shift(demo_store))
    person = next(p for p in unseated(demo_store, TODAY, shift(demo_store)) if p.id not in on_rota)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, actor)
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, label)
            await press(pilot, "enter")
            await press(pilot, *person.staff_no, "enter")
            await settle(pilot)
            # Not on the early shift's rota: asked first, then seated by the first choice.
            assert "不在 2026-11-30 周一 早班的排班中" in str(
                app.screen.query_one(".dialog-title").render()
            )
            await press(pilot, "enter")
            await settle(pilot)
            assert isinstance(app.screen, FloorScreen)
            assert app.screen.plan.seats[label].staff_no == person.staff_no

    run(scenario())
    seat = plan(demo_store).seats[label]
    assert (seat.staff_no, seat.assigned_by) == (person.staff_no, actor.name)


def test_the_picker_only_offers_people_without_a_seat(demo_store, settings, clock, floorplan):
    seated = {s.staff_no for s in plan(demo_store).seats.values() if s.occupied}

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, first_empty(plan(demo_store)))
            await press(pilot, "enter")
            await settle(pilot)
            from hotline_tui.widgets.staff_finder import StaffFinder

            offered = {p.staff_no for p in app.screen.query_one(StaffFinder).shown}
            assert offered and not offered & seated
            await press(pilot, "escape")
            assert isinstance(app.screen, FloorScreen)

    run(scenario())


def test_a_mouse_click_selects_a_seat(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            seat_map = app.screen.query_one(SeatMap)
            box = seat_map.floor_layout.box("C05")
            await pilot.click(SeatMap, offset=(box.x + 4, box.y + 1))
            assert seat_map.cursor == "C05"
            assert "当前座位  C05" in str(app.screen.query_one("#plan-panel").render())

    run(scenario())


def test_unseat_by_key(demo_store, settings, clock, floorplan):
    seat = next(s for s in plan(demo_store).seats.values() if s.occupied)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, seat.label)
            await press(pilot, "d")
            await settle(pilot)

    run(scenario())
    assert not plan(demo_store).seats[seat.label].occupied


def test_swap_and_move_by_keys(demo_store, settings, clock, floorplan):
    before = plan(demo_store)
    a, b = "A01", "A02"
    assert before.seats[a].occupied and before.seats[b].occupied
    empty = first_empty(before)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, a)
            await press(pilot, "m")
            assert app.screen.query_one(SeatMap).marked == a
            await press(pilot, "right", "m")
            await settle(pilot)
            assert app.screen.query_one(SeatMap).marked is None
            # Move: mark, walk to an empty seat, Enter.
            await press(pilot, "m")
            await go_to(pilot, empty)
            await press(pilot, "enter")
            await settle(pilot)

    run(scenario())
    after = plan(demo_store)
    assert after.seats[a].staff_no == before.seats[b].staff_no
    assert after.seats[empty].staff_no == before.seats[a].staff_no
    assert not after.seats[b].occupied


def test_escape_cancels_a_move(demo_store, settings, clock, floorplan):
    before = plan(demo_store)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await press(pilot, "m", "escape", "right", "m", "escape")
            assert app.screen.query_one(SeatMap).marked is None

    run(scenario())
    assert {k: v.staff_no for k, v in plan(demo_store).seats.items()} == {
        k: v.staff_no for k, v in before.seats.items()
    }


def test_out_of_service_with_a_reason_and_back(demo_store, settings, clock, floorplan):
    label = "D18"
    assert all(
        not plan(demo_store, code=c).seats[label].occupied for c in ("early", "middle", "late")
    )

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, label)
            await press(pilot, "o")
            await press(pilot, "enter")  # an empty reason is refused in place
            assert app.screen.query_one(Input).value == ""
            await press(pilot, *"耳机坏了", "enter")
            await settle(pilot)
            assert app.screen.plan.seats[label].out_reason == "耳机坏了"
            await press(pilot, "enter")  # assigning onto it is refused
            await settle(pilot)
            assert isinstance(app.screen, FloorScreen)
            await press(pilot, "o")
            await settle(pilot)
            assert not app.screen.plan.seats[label].out_of_service

    run(scenario())


def test_an_occupied_seat_is_not_taken_out_of_service(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await press(pilot, "o")  # the cursor starts on A01, which is occupied
            assert isinstance(app.screen, FloorScreen)
            assert any("请先按 d 取消安排" in n.message for n in app.notices)
            assert not app.screen.plan.seats["A01"].out_of_service

    run(scenario())


def test_copy_the_previous_plan_onto_tomorrow(demo_store, settings, clock, floorplan):
    tomorrow = TODAY + timedelta(days=1)
    # By hand: today's seated people who are on tomorrow's early rota, on seats in service.
    on_rota = scheduled(demo_store, tomorrow, shift(demo_store))
    out = {s.label for s in plan(demo_store, tomorrow).out_of_service}
    expected = {
        s.staff_id
        for s in plan(demo_store).seats.values()
        if s.occupied and s.staff_id in on_rota and s.label not in out
    }
    assert expected

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await press(pilot, "n")
            floor = app.screen
            assert floor.day == tomorrow
            assert floor.plan.occupied == 0
            await press(pilot, "c", "enter")
            await settle(pilot)
            if isinstance(app.screen, InfoDialog):  # who was left out, and why
                await press(pilot, "escape")
            assert floor.plan.occupied == len(expected)

    run(scenario())
    copied = plan(demo_store, tomorrow)
    assert {s.staff_id for s in copied.seats.values() if s.occupied} == expected


def test_days_and_shifts_by_keys(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            header = app.screen.query_one(AppHeader)
            await press(pilot, "s")
            assert "中班 12:00-20:30" in header.context
            await press(pilot, "p")
            assert "2026-11-29 周日" in header.context
            await press(pilot, "t")
            assert "2026-11-30 周一  早班" in header.context

    run(scenario())


def test_a_change_from_another_terminal_shows_up(demo_store, settings, clock, floorplan):
    label = first_empty(plan(demo_store))
    person = unseated(demo_store, TODAY, shift(demo_store))[0]

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            other = Store(demo_store.target, clock)  # a second terminal's own connection
            seating.assign(other, chief(other), TODAY, shift(other), label, person.staff_no)
            other.close()
            await wait_until(
                pilot,
                lambda: (
                    app.screen.plan is not None
                    and app.screen.plan.seats[label].staff_no == person.staff_no
                ),
                what="the other terminal's seat",
            )

    run(scenario())


def test_a_seat_taken_meanwhile_by_another_terminal(demo_store, settings, clock, floorplan):
    label = first_empty(plan(demo_store))
    mine, theirs = unseated(demo_store, TODAY, shift(demo_store))[:2]

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, label)
            await press(pilot, "enter")
            await press(pilot, *mine.staff_no)
            elsewhere = Store(demo_store.target, clock)
            seating.assign(
                elsewhere,
                chief(elsewhere),
                TODAY,
                shift(demo_store),
                label,
                theirs.staff_no,
            )
            await press(pilot, "enter")
            await settle(pilot)
            await press(pilot, "enter")  # seat only (they are on another shift's rota)
            await settle(pilot)
            messages = [n.message for n in app.notices]
            assert any(f"座位 {label} 已由 {theirs.name}" in m for m in messages)
            assert app.screen.plan.seats[label].staff_no == theirs.staff_no

    run(scenario())


def test_user_text_is_never_markup(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, "D18")
            await press(pilot, "o", *"[red]x[/", "enter")
            await settle(pilot)
            assert app.screen.plan.seats["D18"].out_reason == "[red]x[/"
            panel_text = str(app.screen.query_one("#plan-panel").render())
            assert "[red]x[/" in panel_text

    run(scenario())


def test_palette_lists_the_screen_keys(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)):
            titles = [c.title for c in app.get_system_commands(app.screen)]
            for title in (
                "安排",
                "取消安排",
                "移动/交换",
                "停用/恢复",
                "复制前一天同班",
                "前一天",
                "后一天",
                "退出",
            ):
                assert title in titles

    run(scenario())


def test_everyone_listed_for_sign_in_may_sign_in(demo_store):
    for person in list_staff(demo_store, sign_in_only=True):
        assert person.may_sign_in


def test_seating_someone_not_on_the_rota_asks_whether_to_schedule_them(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.domain.attendance.rota import scheduled, shift_on, unschedule

    label = first_empty(plan(demo_store))
    # Someone on another shift's rota today, taken off it: then off the rota altogether.
    person = next(
        p
        for p in unseated(demo_store, TODAY, shift(demo_store))
        if shift_on(demo_store, TODAY, p.id)
    )
    unschedule(
        demo_store, chief(demo_store), TODAY, _rota_shift(demo_store, person), person.staff_no
    )

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await go_to(pilot, label)
            await press(pilot, "enter")
            await press(pilot, *person.staff_no, "enter")
            await settle(pilot)
            assert "不在 2026-11-30 周一 早班的排班中" in str(
                app.screen.query_one(".dialog-title").render()
            )
            await press(pilot, "enter")  # the first choice: schedule and seat
            await settle(pilot)

    run(scenario())
    assert plan(demo_store).seats[label].staff_no == person.staff_no
    assert person.id in scheduled(demo_store, TODAY, shift(demo_store))


def _rota_shift(store, person):
    from hotline_tui.domain.attendance.rota import shift_on
    from hotline_tui.domain.shifts import list_shifts

    name = shift_on(store, TODAY, person.id)
    return next(s for s in list_shifts(store) if s.name == name)


def test_the_cursors_seat_and_its_occupant_stay_in_view_at_every_size(
    demo_store, settings, clock, floorplan
):
    """#34: at 100x30 and 80x24 the map is wider than its room; moving to the far
    corner and back keeps the cursor's seat and who sits there on screen, and no line
    is left with half a wide character at either edge."""
    from rich.cells import cell_len

    seated = plan(demo_store)

    def shown(seat_map: SeatMap) -> list[str]:
        return [
            "".join(s.text for s in seat_map.render_line(y)) for y in range(seat_map.size.height)
        ]

    async def scenario(size):
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            seat_map = app.screen.query_one(SeatMap)
            assert seat_map.virtual_size.width > seat_map.size.width  # it must scroll
            for label in ("B05", "F10", "D01", "A01", "B06"):
                seat_map.set_cursor(label)  # as the arrows do, without walking there
                await settle(pilot)
                lines = shown(seat_map)
                assert any(label in line for line in lines), (size, label)
                occupant = seated.seats[label].name
                if occupant:
                    assert any(occupant in line for line in lines), (size, label, occupant)
                assert all(cell_len(line) == seat_map.size.width for line in lines), size

    for size in ((100, 30), (80, 24)):
        run(scenario(size))
