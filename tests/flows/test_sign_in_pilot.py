"""Sign-in, the idle lock, signing out and the audit screen, driven by keys."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from textual.widgets import DataTable, Input, Static, TextArea

from hotline_tui.db.tables import Handover
from hotline_tui.domain.people.pins import verify
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.screens.access.pins import ChangePinDialog, LockScreen
from hotline_tui.screens.access.sign_in import SignInScreen
from hotline_tui.screens.audit.audit import AuditScreen
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.handover.form import HandoverFormScreen
from hotline_tui.screens.kit.dialogs import InfoDialog
from tests.helpers import DEMO_PIN, audit_rows, chief, manager
from tests.pilot import (
    build_app,
    footer_keys,
    press,
    run,
    settle,
    shown_text,
    start_current_handover,
    until,
    wait_until,
)

SIZE = (160, 48)


def _error(app) -> str:
    return str(app.screen.query_one("#sign-in-error", Static).render())


# Typed while the program starts, Enter reaches it through the terminal's line
# discipline as a newline (Ctrl+J): the same key.
@pytest.mark.parametrize("enter", ["enter", "ctrl+j"])
def test_a_burst_of_keys_signs_in_the_person_typed(demo_store, settings, clock, floorplan, enter):
    """工号, Enter, PIN, Enter in one burst, before the list of people has even arrived."""

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"1004", enter, *DEMO_PIN, enter)
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor is not None and app.actor.staff_no == "1004"

    run(scenario())
    (signed,) = audit_rows(demo_store, "session.sign_in")
    assert signed.entity_key == "1004"


async def wait_until_pin_is(app, value: str) -> None:
    """The PIN field holds ``value`` (looked at while a check holds the sign-in's flow, so
    settle, which waits for flows, cannot be used)."""
    await until(lambda: app.screen.query_one("#pin", Input).value == value, f"PIN {value!r}")


def test_a_pin_typed_while_a_wrong_one_is_checked_is_kept_for_the_next_try(
    demo_store, settings, clock, floorplan
):
    """The next PIN typed while a wrong one is still being checked is neither joined to
    it nor wiped by its refusal: one Enter then signs in."""
    gate = threading.Event()

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        checked = app.verify_pin
        app.verify_pin = lambda no, pin: gate.wait(30) and checked(no, pin)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*"1004", "enter", *"000001", "enter")  # held at the check
            await wait_until_pin_is(app, "")  # taken at the Enter
            await pilot.press(*DEMO_PIN)  # while 000001 is still being checked
            await wait_until_pin_is(app, DEMO_PIN)
            gate.set()
            await wait_until(pilot, lambda: _error(app) == "工号或 PIN 不正确。", what="refused")
            assert app.screen.query_one("#pin", Input).value == DEMO_PIN
            await press(pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor is not None and app.actor.staff_no == "1004"

    run(scenario())
    assert len(audit_rows(demo_store, "pin.wrong")) == 1


def test_a_click_in_the_list_chooses_nobody_and_the_typing_stays_in_the_filter(
    demo_store, settings, clock, floorplan
):
    """#34: in a browser, the click that focuses the page once chose the person under the
    pointer, and the 1004⏎ typed next went on to that person's PIN. A click only moves
    the highlight; the keys go to the filter; Enter chooses the one typed."""

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SignInScreen)
            options = screen.query_one("#staff-options")
            await pilot.click(options, offset=(4, 3))
            await settle(pilot)
            assert screen.stage == "who" and options.highlighted == 3
            assert app.focused is screen.query_one("#staff-query", Input)
            await press(pilot, *"1004", "enter", *DEMO_PIN, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor is not None and app.actor.staff_no == "1004"

    run(scenario())


def test_wrong_pins_slow_the_terminal_then_lock_the_person(demo_store, settings, clock, floorplan):
    """After three wrong PINs in a row the terminal makes the next try wait (uncounted),
    longer each time; the person is locked only at pin_lock_after (5 here)."""
    from dataclasses import replace

    async def scenario():
        app = build_app(replace(settings, pin_lock_after=5), demo_store, clock, floorplan)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, *"1004", "enter", *"111111", "enter")
            assert _error(app) == "工号或 PIN 不正确。"
            assert app.screen.query_one("#pin", Input).value == ""  # typed again from empty
            for _ in range(2):
                await press(pilot, *"111111", "enter")
            await press(pilot, *"111111", "enter")
            assert "请 1 秒后再试" in _error(app)  # the guess was not even tried
            clock.advance(seconds=1)
            await press(pilot, *"111111", "enter")  # the fourth, counted
            await press(pilot, *DEMO_PIN, "enter")
            assert "请 2 秒后再试" in _error(app)
            clock.advance(seconds=2)
            await press(pilot, *"111111", "enter")  # the fifth: the person is locked
            assert "已锁定到 09:15" in _error(app)
            clock.advance(minutes=15)
            await press(pilot, *DEMO_PIN, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")

    run(scenario())
    assert len(audit_rows(demo_store, "pin.wrong")) == 5
    assert len(audit_rows(demo_store, "pin.lock")) == 1


def test_letters_and_an_unknown_number_are_told_in_place(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, *"9999", "enter", *DEMO_PIN, "enter")
            # The PIN typed after it stays hidden and unused: never in the filter, in clear.
            assert app.screen.stage == "pin" and app.actor is None
            assert app.screen.query_one("#pin", Input).value == ""
            person = str(app.screen.query_one("#sign-in-person", Static).render())
            assert "没有符合“9999”的可登录人员" in person
            assert "Esc" in _error(app)
            await press(pilot, "escape")
            assert app.screen.stage == "who"
            assert app.screen.query_one("#staff-query", Input).value == "9999"
            await press(pilot, *["backspace"] * 4)
            await press(pilot, *"1004", "enter", "enter")
            assert "请输入 PIN" in _error(app)

    run(scenario())
    assert audit_rows(demo_store, "pin.wrong") == []


def test_the_idle_lock_keeps_a_half_written_handover(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1005"))
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await press(pilot, *"half a sentence")
            form = app.screen
            clock.advance(minutes=settings.lock_minutes)
            await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), what="the lock")
            # Nothing under the lock is reachable: no areas, no palette.
            await press(pilot, "f2", "ctrl+p")
            assert isinstance(app.screen, LockScreen)
            await press(pilot, *"111111", "enter")
            assert "还可以再试 19 次" in shown_text(app.screen.query_one("#lock-error"))
            await press(pilot, *DEMO_PIN, "enter")
            await wait_until(pilot, lambda: app.screen is form, what="the form again")
            assert form.query_one("#section-traffic", TextArea).text == "half a sentence"
            assert not app.idle.locked

    run(scenario())
    assert len(audit_rows(demo_store, "session.unlock")) == 1


def test_f12_on_the_lock_saves_the_draft_and_lets_the_next_chief_in(
    demo_store, settings, clock, floorplan
):
    from hotline_tui.domain.handover.queries import find_handover, get_handover
    from hotline_tui.domain.shifts import list_shifts
    from tests.conftest import TODAY

    shifts = list_shifts(demo_store)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, staff_by_no(demo_store, "1005"))
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await press(pilot, *"left unlocked")
            clock.advance(minutes=settings.lock_minutes)
            await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), what="the lock")
            assert "f12" in footer_keys(app)
            await press(pilot, "f12")
            await wait_until(pilot, lambda: isinstance(app.screen, SignInScreen), what="sign-in")
            assert app.actor is None
            await press(pilot, *"1004", "enter", *DEMO_PIN, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="the floor")
            assert app.actor.staff_no == "1004"
            # The first chief's form is gone with them, not under the second one's floor.
            await press(pilot, "f3")
            assert not isinstance(app.screen, HandoverFormScreen)

    run(scenario())
    h = find_handover(demo_store, TODAY, shifts[0])
    assert get_handover(demo_store, h, shifts).sections["traffic"] == "left unlocked"


def test_change_my_pin_from_the_palette(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "ctrl+p", *"修改我的")
            await wait_until(
                pilot,
                lambda: "修改我的 PIN" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt),
                what="the command",
            )  # fmt: skip
            await press(pilot, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ChangePinDialog), what="dialog")
            await press(pilot, *"000001", "enter", *"580214", "enter", *"580214", "enter")
            assert "PIN 不正确" in shown_text(app.screen.query_one("#pin-error"))
            await press(pilot, *DEMO_PIN, "enter", *"580214", "enter", *"580214", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, FloorScreen), what="closed")

    run(scenario())
    assert verify(demo_store, "1004", "580214").person.staff_no == "1004"
    assert len(audit_rows(demo_store, "pin.change")) == 1


def test_a_team_leader_sees_only_the_keys_of_their_post(demo_store, settings, clock, floorplan):
    leader = staff_by_no(demo_store, "1009")
    assert leader.post == "班长"

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, leader)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            keys = footer_keys(app)
            assert "f9" not in keys and "f12" in keys
            assert not {"enter", "m", "o"} & keys  # no seat planning on the floor
            await press(pilot, "f9")
            assert isinstance(app.screen, FloorScreen)
            await press(pilot, "f8")  # the list, read only
            assert not {"a", "e", "k", "l"} & footer_keys(app)

    run(scenario())


def test_the_audit_screen_filters_opens_and_exports(
    demo_store, settings, clock, floorplan, tmp_path
):
    from hotline_tui.config import SlaSpec
    from hotline_tui.domain.clocks import urgent
    from hotline_tui.domain.shifts import list_shifts

    urgent.open_issue(
        demo_store, chief(demo_store), SlaSpec(), list_shifts(demo_store), "群体性诉求",
        "三十余名租户反映被强制断电", "GD20261130088", clock.now().replace(minute=0),
    )  # fmt: skip
    out = tmp_path / "操作记录.xlsx"

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f9")
            assert isinstance(app.screen, AuditScreen)
            await press(pilot, "f", *"1004", "enter")
            table = app.screen.query_one(DataTable)
            # Every row shown is the chief's; the newest is the seat just taken out.
            assert table.row_count == len(app.screen.rows) > 0
            assert all(row.actor_no == "1004" for row in app.screen.rows)
            assert app.screen.rows[0].action == "登记紧急问题"
            await press(pilot, "enter")
            assert isinstance(app.screen, InfoDialog)
            body = shown_text(app.screen.query_one(".dialog-body", Static))
            assert "三十余名租户反映被强制断电" in body and "这条记录现在" in body
            await press(pilot, "escape")
            # 类别, k by k, until that of the urgent issue: only its rows are left.
            kind = app.screen.rows[0].kind
            for _ in range(30):
                if app.screen.where.kind == kind:
                    break
                await press(pilot, "k")
            assert app.screen.where.kind == kind
            assert 0 < len(app.screen.rows) < table.row_count + 1
            assert all(row.kind == kind for row in app.screen.rows)
            await press(pilot, "x")
            app.screen.query_one(Input).value = str(out)
            await press(pilot, "enter")
            await app.workers.wait_for_complete()
            await settle(pilot)
            shown = len(app.screen.rows)
            assert any("已导出" in n.message for n in app.notices)
            return shown

    shown = run(scenario())
    sheet = load_workbook(out)["操作记录"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == shown
    assert {r[3] for r in rows} == {"1004"}
    # The export from the screen leaves its audit row, as one from the shell does.
    (made,) = audit_rows(demo_store, "export.audit")
    assert made.actor_id == manager(demo_store).id
    assert json.loads(made.after)["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert json.loads(made.after)["rows"] == shown


def test_a_chief_may_not_open_the_audit_screen(demo_store, settings, clock, floorplan):
    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f9")
            assert not isinstance(app.screen, AuditScreen)
            assert "f9" not in footer_keys(app)  # not offered, but said why when pressed
            await wait_until(pilot, lambda: any("值班长不能查看操作记录" in n.message
                                                for n in app.notices))  # fmt: skip

    run(scenario())


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_browser_session_left_idle_is_closed_with_its_draft_saved(
    demo_store, settings, clock, floorplan, signed_in
):
    """Under ``serve`` (run --served) a session nobody touches for lock_minutes ends,
    signed in or still at the sign-in: a forgotten tab does not hold a desk."""

    async def scenario():
        person = staff_by_no(demo_store, "1005") if signed_in else None
        app = build_app(settings, demo_store, clock, floorplan, person)
        app.served = True
        async with app.run_test(size=SIZE) as pilot:
            if signed_in:
                await start_current_handover(pilot)
                await press(pilot, *"half a sentence")
            clock.advance(minutes=settings.lock_minutes - 1)
            await settle(pilot)
            assert app.is_running  # not yet
            clock.advance(minutes=1)
            await wait_until(pilot, lambda: not app.is_running, what="the session ended")
        return app.return_code

    assert run(scenario()) == 0
    if signed_in:  # the draft as typed, in the database
        with demo_store.read() as session:
            texts = session.execute(sa.select(Handover.traffic)).scalars().all()
        assert "half a sentence" in texts
