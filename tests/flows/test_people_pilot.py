"""The first run and the people screen, driven by keys, with the database checked after."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from textual.widgets import DataTable, Input, Static

from hotline_tui.db.tables import ReplacementRequest, RotaEntry
from hotline_tui.domain.people.pins import PinRefused, verify
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.screens.access.first_run import FirstRunScreen
from hotline_tui.screens.access.sign_in import SignInScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.kit.dialogs import ChoiceDialog, FormDialog, InfoDialog
from hotline_tui.screens.people.people import PeopleScreen
from tests.conftest import TODAY
from tests.pilot import (
    build_app,
    close_checklist,
    press,
    run,
    settle,
    shown_text,
    until,
    wait_until,
)

SIZE = (160, 48)


def manager(store):
    return staff_by_no(store, "1001")


def test_the_first_run_creates_the_manager_then_adds_a_chief_by_hand(
    empty_store, settings, clock, floorplan
):
    temporary: list[str] = []

    async def scenario():
        app = build_app(settings, empty_store, clock, floorplan)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FirstRunScreen)
            # In one burst, as a paste or a busy SSH link would deliver it.
            await press(pilot, *"2001", "enter", *"wang", "enter", *"135790", "enter",
                        *"135790", "enter")  # fmt: skip
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog), what="next step")
            assert app.actor is not None and app.actor.post == "项目经理"
            await press(pilot, "down", "enter")  # 逐个添加人员
            assert isinstance(app.screen, FormDialog)
            # 工号, 姓名, 组 (none for a chief), 岗位; the rest as offered.
            await press(pilot, *"2002", "enter", *"li", "enter", "enter", *"值班长", "enter")
            await press(pilot, "enter", "enter", "enter", "enter")
            assert isinstance(app.screen, PeopleScreen)
            # The new chief's first PIN: a temporary one, shown once to the manager.
            await press(pilot, "f", *"2002", "enter", "k", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, InfoDialog), what="the PIN")
            shown = shown_text(app.screen.query_one(".dialog-body", Static))
            temporary.append(re.search(r"\b(\d{6})\b", shown)[1])
            await press(pilot, "escape", "f12")
            await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
            # The chief signs in with it and must choose their own before anything else.
            await press(pilot, *"2002", "enter", *temporary[0], "enter")
            await wait_until(
                pilot, lambda: app.screen.query_one("#pin-new", Input).has_focus, what="new PIN"
            )
            await press(pilot, *"246802", "enter", *"246802", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor is not None and app.actor.staff_no == "2002"

    run(scenario())
    chief = staff_by_no(empty_store, "2002")
    assert (chief.name, chief.post, chief.group, chief.hire_date) == ("li", "值班长", "", TODAY)
    assert staff_by_no(empty_store, "2001").post == "项目经理"
    with pytest.raises(PinRefused):
        verify(empty_store, "2002", temporary[0])
    assert verify(empty_store, "2002", "246802").must_change is False


async def open_people(pilot, staff_no: str | None = None) -> PeopleScreen:
    await press(pilot, "f8")
    screen = pilot.app.screen
    assert isinstance(screen, PeopleScreen)
    if staff_no is not None:
        await press(pilot, "f", *staff_no, "enter")
        assert [p.staff_no for p in screen.shown] == [staff_no]
    return screen


def test_add_a_person_and_move_them_to_another_group(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await open_people(pilot)
            await press(pilot, "a")
            await press(pilot, *"3001", "enter", *"zhao", "enter", *"综合坐席", "enter")
            await press(pilot, *"组员", "enter", "enter", "enter", "enter", *"13800138000", "enter")
            assert isinstance(app.screen, PeopleScreen)
            await press(pilot, "f", *"3001", "enter", "m")
            assert isinstance(app.screen, FormDialog)
            await press(pilot, *"质检", "enter", "enter")

    run(scenario())
    person = staff_by_no(demo_store, "3001")
    assert (person.group, person.post, person.phone) == ("质检", "组员", "13800138000")


def test_leaving_offers_to_clear_the_rota_after_the_day(demo_store, settings, clock, floorplan):
    agent = next(
        p for p in list_staff(demo_store) if p.post == "组员" and p.group == "专业坐席（社保）"
    )
    tomorrow = TODAY + timedelta(days=1)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await open_people(pilot, agent.staff_no)
            await press(pilot, "l")
            form = app.screen
            assert isinstance(form, FormDialog)
            assert form.query_one("#field-on", Input).value == tomorrow.isoformat()
            await press(pilot, "enter", *"合同到期", "enter")
            # Still scheduled next week: the screen lists it and offers to remove it.
            assert "仍安排了" in shown_text(app.screen.query_one(".dialog-body"))
            await press(pilot, "enter")

    run(scenario())
    assert staff_by_no(demo_store, agent.staff_no).left_on == tomorrow
    assert agent.staff_no not in {p.staff_no for p in list_staff(demo_store, on=tomorrow)}
    with demo_store.read() as session:
        after = session.execute(
            sa.select(sa.func.count())
            .select_from(RotaEntry)
            .where(RotaEntry.staff_id == agent.id, RotaEntry.day >= tomorrow)
        ).scalar()
    assert after == 0


def test_marking_someone_to_be_replaced_starts_the_clock(demo_store, settings, clock, floorplan):
    agent = next(p for p in list_staff(demo_store) if p.post == "组员" and p.status == "在职")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await open_people(pilot, agent.staff_no)
            await press(pilot, "r", *"一个月内两次有效投诉", "enter")
            row = app.screen.query_one(DataTable).get_row_at(0)
            assert str(row[4]) == "待撤换"
            await press(pilot, "f5")
            assert any(c.kind == "replacement" and agent.name in c.who for c in app.clocks)

    run(scenario())
    with demo_store.read() as session:
        request = session.execute(
            sa.select(ReplacementRequest).where(ReplacementRequest.staff_id == agent.id)
        ).scalar_one()
    assert request.reason == "一个月内两次有效投诉" and request.responded_at is None


def test_a_duty_chief_sees_the_list_but_may_not_change_it(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1004"))
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_people(pilot)
            await press(pilot, "a")
            assert app.screen is screen  # no form: the key is not offered
            assert screen.check_action("add", ()) is False

    run(scenario())


def test_a_manager_unlocks_a_chief_locked_by_wrong_pins(demo_store, settings, clock, floorplan):
    """The chief keeps their PIN: the count is cleared and the lock lifted, by key."""
    from contextlib import suppress

    from hotline_tui.domain.people.pins import pin_state
    from tests.helpers import DEMO_PIN, audit_rows, manager

    for _ in range(5):
        with suppress(PinRefused):
            verify(demo_store, "1004", "111111", lock_after=5)
    assert pin_state(demo_store, "1004").locked_until is not None

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f8", "f", *"1004", "enter", "u")
            await wait_until(
                pilot, lambda: any("解除锁定" in n.message for n in app.notices), what="notice"
            )

    run(scenario())
    assert pin_state(demo_store, "1004").locked_until is None
    assert verify(demo_store, "1004", DEMO_PIN).person.staff_no == "1004"
    assert len(audit_rows(demo_store, "pin.unlock")) == 1


def test_a_mistyped_group_is_deleted_or_merged_from_the_groups_screen(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.domain.people.manage import add_group, list_groups
    from hotline_tui.screens.kit.dialogs import ChoiceDialog, Confirm
    from hotline_tui.screens.people.checklist import SetupChecklistScreen
    from hotline_tui.screens.people.groups import GroupsScreen

    for name in ("综合座席", "投诉回访组", "投诉回访"):  # the last in the order
        add_group(demo_store, manager(demo_store), name)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            # A group without a leader or seats: the manager is shown what is missing.
            await wait_until(pilot, lambda: isinstance(app.screen, SetupChecklistScreen))
            await wait_until(pilot, lambda: "综合座席、投诉回访组、投诉回访还没有组长"
                             in app.export_screenshot(),
                             what="the checklist")  # fmt: skip
            await close_checklist(pilot)
            await press(pilot, "f8")
            await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
            await press(pilot, "w")
            await wait_until(pilot, lambda: isinstance(app.screen, GroupsScreen))
            screen = app.screen
            await wait_until(pilot, lambda: len(screen.groups) == 11, what="the groups")
            await press(pilot, "x")  # the first group has people: refused at once
            assert not isinstance(app.screen, Confirm)
            await wait_until(pilot, lambda: any("请先把他们调到别的组" in n.message
                                                for n in app.notices))  # fmt: skip
            screen.query_one(DataTable).move_cursor(row=8)
            await press(pilot, "x")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
            await press(pilot, "enter")
            await wait_until(pilot, lambda: len(screen.groups) == 10, what="one group fewer")
            await press(pilot, "m")  # 投诉回访组, now in 综合座席's row, into 投诉回访, the last
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await press(pilot, "end", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, Confirm))
            assert "“投诉回访组”的 0 人调到“投诉回访”" in app.screen.body
            await press(pilot, "enter")
            await wait_until(pilot, lambda: len(screen.groups) == 9, what="merged")
            await wait_until(pilot, lambda: any("已把“投诉回访组”并入“投诉回访”" in n.message
                                                for n in app.notices))  # fmt: skip

    run(scenario())
    assert "综合座席" not in {g.name for g in list_groups(demo_store)}


def test_the_checklist_rechecks_on_r_and_opens_again_on_o(demo_store, settings, clock, floorplan):
    """#33: the checklist met at sign-in ticks its lines from the data: a change made at
    another terminal shows on r; F8 o opens it again later."""
    from hotline_tui.domain.people.manage import add_group, delete_group
    from hotline_tui.screens.people.checklist import SetupChecklistScreen

    boss = manager(demo_store)
    add_group(demo_store, boss, "夜间专席")

    def lines(app) -> str:
        return "\n".join(item.text for item in app.screen.items)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, boss)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, SetupChecklistScreen))
            await wait_until(pilot, lambda: "夜间专席还没有组长" in lines(app), what="the line")
            delete_group(demo_store, boss, "夜间专席")  # at another terminal
            await press(pilot, "r")
            await wait_until(pilot, lambda: "夜间专席" not in lines(app), what="rechecked")
            await close_checklist(pilot)
            await press(pilot, "f8")
            await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
            await press(pilot, "o")
            await wait_until(pilot, lambda: isinstance(app.screen, SetupChecklistScreen))

    run(scenario())


async def _nothing() -> None:
    """A worker's work that is done at once."""


def test_an_answer_for_a_screen_already_closing_is_dropped(demo_store, settings, clock, floorplan):
    """Esc on the checklist while its check is still reading: once the screen has left
    the stack its widgets are going, and an answer arriving then is dropped (it was
    shown into them once, and failed: an error box on the floor)."""
    from hotline_tui.domain.people.manage import add_group
    from hotline_tui.screens.people.checklist import SetupChecklistScreen

    add_group(demo_store, manager(demo_store), "夜间专席")  # no leader: the checklist is met

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, SetupChecklistScreen))
            await wait_until(pilot, lambda: app.screen.loads_done > 0, what="the first check")
            checklist = app.screen
            done, items = checklist.loads_done, checklist.items
            late = app.run_worker(_nothing(), group="test")  # an answer's worker
            await late.wait()
            app.pop_screen()  # as Esc does: out of the stack at once, its widgets go after
            assert checklist not in app.screen_stack and checklist.is_attached
            checklist.deliver(late, items)  # the answer arrives now
            assert checklist.loads_done == done  # dropped, not shown
            await until(lambda: isinstance(app.screen, FloorScreen), "the floor")
            await settle(pilot)
            assert app.return_code is None

    run(scenario())
