"""The handover screens driven by keys: write, submit, sign, amend, carry and close items."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import DataTable, OptionList, Static, TextArea

from hotline_tui.domain.handover import lifecycle
from hotline_tui.domain.handover.digest import verify_all
from hotline_tui.domain.handover.items import item_history
from hotline_tui.domain.handover.queries import find_handover, get_handover, list_handovers
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.shift_changes import change_after
from hotline_tui.screens.floor.plan import FloorScreen
from hotline_tui.screens.handover.listing import HandoverListScreen
from hotline_tui.screens.handover.record import HandoverDetailScreen
from hotline_tui.screens.kit.dialogs import TextPrompt
from hotline_tui.widgets.app_header import AppHeader
from tests import server_db
from tests.conftest import TODAY
from tests.helpers import EARLY
from tests.pilot import (
    build_app,
    dialog_error,
    notices,
    press,
    run,
    settle,
    shown_text,
    start_current_handover,
    submit,
    wait_until,
    write_sections,
)

SIZE = (160, 48)


def person(store, staff_no: str):
    return staff_by_no(store, staff_no)


async def open_newest_and_sign(pilot) -> None:
    await press(pilot, "f3")
    await settle(pilot)
    await press(pilot, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HandoverDetailScreen)
    await press(pilot, "s")
    await settle(pilot)
    await press(pilot, "enter")  # confirm
    await settle(pilot)


def test_write_submit_sign_amend(demo_store, settings, clock, floorplan):
    shifts = list_shifts(demo_store)
    # The early shift's chief on the rota writes at 09:00, hours before 16:30: the reason is
    # asked and printed; the middle shift's chief on the rota signs, asked nothing more.
    writer, incoming = person(demo_store, "1004"), person(demo_store, "1005")

    async def write():
        app = build_app(settings, demo_store, clock, floorplan, writer)
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await write_sections(pilot, ("calm", "ok", "64 of 64"))
            # Submitting before a required section is written is refused on the spot.
            await press(pilot, "ctrl+t")
            await settle(pilot)
            await submit(pilot)
            # The author is not offered to sign it; the key does nothing.
            await press(pilot, "s")
            await settle(pilot)
            assert isinstance(app.screen, HandoverDetailScreen)
            assert "s" not in {b.key for _, b, on, _ in app.screen.active_bindings.values() if on}
            assert "您的交接班已提交，等待接班的值班长签收。" in notices(app)

    async def sign_and_amend():
        app = build_app(settings, demo_store, clock, floorplan, incoming)
        async with app.run_test(size=SIZE) as pilot:
            await open_newest_and_sign(pilot)
            assert "已签收，由您接班。" in notices(app)
            await press(pilot, "a")
            await settle(pilot)
            await press(pilot, *"fix: [red]x[/")
            await press(pilot, "ctrl+s")
            await settle(pilot)
            text = str(app.screen.query_one("#detail-amendments", Static).render())
            assert "fix: [red]x[/" in text and incoming.name in text
            assert "签收摘要：一致" in str(app.screen.query_one("#detail-heading").render())

    run(write())
    h = find_handover(demo_store, TODAY, shifts[0])
    view = get_handover(demo_store, h, shifts)
    assert view.status == "submitted" and view.early_reason == "training at 14:00"
    assert view.sections == {"traffic": "calm", "systems": "ok", "people": "64 of 64", "other": ""}
    run(sign_and_amend())
    view = get_handover(demo_store, h, shifts)
    assert (view.status, view.signer, view.intact) == ("signed", incoming.name, True)
    assert view.sign_reason == ""
    assert [a.text for a in view.amendments] == ["fix: [red]x[/"]
    with server_db.outside(demo_store) as db:
        assert verify_all(lambda sql, params: db.rows(sql, tuple(params)))[1] == []


def test_a_stand_in_signs_with_the_reason_printed_on_the_record(
    demo_store, settings, clock, floorplan
):
    """The demo's waiting handover (11-29 晚班交早班) is for 1004, the early shift's chief
    on the rota. 1005 opens it: s asks why a stand-in signs, Enter alone is refused in
    the question, and the reason typed goes on the record beside the signature."""
    stand_in = person(demo_store, "1005")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, stand_in)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f3")
            await settle(pilot)
            await press(pilot, "enter")
            await settle(pilot)
            detail = app.screen
            assert isinstance(detail, HandoverDetailScreen)
            await press(pilot, "s")
            await settle(pilot)
            assert isinstance(app.screen, TextPrompt)
            assert "按排班由 钟嘉 接班" in shown_text(app.screen.query_one(".dialog-title"))
            await press(pilot, "enter")  # no reason: refused where it was asked
            await wait_until(pilot, lambda: "请写明原因" in dialog_error(app))
            await press(pilot, *"1004 sick", "enter")
            await wait_until(pilot, lambda: app.screen is detail and detail.view.status == "signed")
            heading = str(detail.query_one("#detail-heading").render())
            assert "非排班接班人代签，原因：1004 sick" in heading
            return detail.handover_id

    h = run(scenario())
    view = get_handover(demo_store, h, list_shifts(demo_store))
    assert (view.signer, view.sign_reason, view.intact) == (stand_in.name, "1004 sick", True)


def test_an_item_carried_through_three_handovers_and_closed_in_the_fourth(
    demo_store, settings, clock, floorplan
):
    shifts = list_shifts(demo_store)
    early, middle, late = shifts
    changes = [
        change_after(shifts, TODAY, early),
        change_after(shifts, TODAY, middle),
        change_after(shifts, TODAY, late),
        change_after(shifts, TODAY + timedelta(days=1), early),
    ]
    chiefs = [person(demo_store, no) for no in ("1004", "1005", "1006", "1007", "1008")]

    async def write(author, n):
        app = build_app(settings, demo_store, clock, floorplan, author)
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await write_sections(pilot)
            if n == 0:
                await press(pilot, "ctrl+n")
                await settle(pilot)
                await press(pilot, *"callback list")
                await press(pilot, "enter")
                await settle(pilot)
                await press(pilot, *"1010", "enter")  # the owner, by 工号
                await settle(pilot)
            if n == 3:
                form = app.screen
                items = form.query_one("#form-items", OptionList)
                await press(pilot, "tab", "tab")  # from 人员情况, past 其他, to the items
                assert form.focused is items
                target = next(i for i in form.view.items if i.title == "callback list")
                for _ in range(len(items.item_ids)):
                    if items.highlighted == items.item_ids.index(target.id):
                        break
                    await press(pilot, "down")
                await press(pilot, "x")
                await settle(pilot)
                await press(pilot, *"done", "enter")
                await settle(pilot)
            await submit(pilot)

    async def sign(signer):
        app = build_app(settings, demo_store, clock, floorplan, signer)
        async with app.run_test(size=SIZE) as pilot:
            await open_newest_and_sign(pilot)
            assert "已签收，由您接班。" in notices(app)

    text = {"traffic": "ok", "systems": "ok", "people": "ok"}
    for n, change in enumerate(changes):
        clock.set(change.due.subtract(minutes=30))
        # By keys where the item is raised and where it is closed; the handovers
        # between are written through the same rules without the screens.
        if n in (0, 3):
            run(write(chiefs[n], n))
        else:
            h = lifecycle.start(demo_store, chiefs[n], change, 94)
            lifecycle.submit(demo_store, chiefs[n], h, text, None, 94, EARLY)
        clock.set(change.due.add(minutes=10))
        if n == 0:
            run(sign(chiefs[n + 1]))  # the taking over, by keys, once
        else:
            newest = find_handover(demo_store, change.day, change.shift)
            lifecycle.sign(demo_store, chiefs[n + 1], newest)

    ids = [find_handover(demo_store, c.day, c.shift) for c in changes]
    views = [get_handover(demo_store, h, shifts) for h in ids]
    ours = [i for i in views[0].items if i.title == "callback list"]
    assert len(ours) == 1
    item = ours[0].id
    for view in views:
        assert view.status == "signed" and item in [i.id for i in view.items]
    closed = next(i for i in views[3].items if i.id == item)
    assert (closed.status, closed.closed_by, closed.closed_in, closed.close_note) == (
        "closed",
        chiefs[3].name,
        ids[3],
        "done",
    )
    kinds = [(what, h) for _, _, what, h, _ in item_history(demo_store, item)]
    assert kinds == [
        ("提出", ids[0]),
        ("交班带入", ids[0]),
        ("接班接收", ids[0]),
        ("交班带入", ids[1]),
        ("接班接收", ids[1]),
        ("交班带入", ids[2]),
        ("接班接收", ids[2]),
        ("关闭", ids[3]),
        ("交班带入", ids[3]),
    ]


def test_a_draft_saves_itself_and_on_quit(demo_store, settings, clock, floorplan):
    shifts = list_shifts(demo_store)
    writer = person(demo_store, "1005")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, writer)
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            await press(pilot, *"typed then paused")
            h = find_handover(demo_store, TODAY, shifts[0])
            # No Ctrl+S: the autosave takes it, a tick or two after the typing pauses.
            await wait_until(
                pilot,
                lambda: (
                    get_handover(demo_store, h, shifts).sections["traffic"] == "typed then paused"
                ),
                what="the autosave",
            )
            await press(pilot, "tab", *"last words")
            await press(pilot, "ctrl+q")
        return h

    h = run(scenario())
    assert get_handover(demo_store, h, shifts).sections["systems"] == "last words"


def test_a_second_terminal_on_the_same_draft_keeps_its_text(
    demo_store, settings, clock, floorplan, monkeypatch
):
    from hotline_tui.screens.handover import form as handover_form

    # No autosave in between: the order of the two saves is the point of the test.
    monkeypatch.setattr(handover_form, "AUTOSAVE_TICK_SECONDS", 3600)
    shifts = list_shifts(demo_store)
    writer = person(demo_store, "1005")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, writer)
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            h = find_handover(demo_store, TODAY, shifts[0])
            form = app.screen
            # This terminal types; meanwhile another one (same chief) saves the draft.
            await press(pilot, *"mine")
            current = get_handover(demo_store, h, shifts).version
            lifecycle.save_draft(
                demo_store, writer, h, {"traffic": "from the other terminal"}, current
            )
            # The change is noticed; typed text is kept.
            await wait_until(pilot, lambda: form.view.version > current, what="the other save")
            assert form.query_one("#section-traffic", TextArea).text == "mine"
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert form.conflict
            assert form.query_one("#section-traffic", TextArea).text == "mine"
            assert "另一个终端保存了更新的草稿" in str(form.query_one("#form-status").render())
            # The chief keeps this terminal's text on purpose.
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert not form.conflict
        return h

    h = run(scenario())
    assert get_handover(demo_store, h, shifts).sections["traffic"] == "mine"


def test_the_list_filters_and_the_header_warns_until_signed(demo_store, settings, clock, floorplan):
    incoming = person(demo_store, "1004")

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, incoming)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, FloorScreen)
            header = app.screen.query_one(AppHeader)
            assert header.alert.full == "交接班待签收：11-29 晚班交早班"
            await press(pilot, "f3")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HandoverListScreen)
            table = screen.query_one(DataTable)
            assert table.row_count == 90
            await press(pilot, "s")  # 早班 only
            await settle(pilot)
            assert table.row_count == 30
            await press(pilot, "f")
            await press(pilot, *"2026-11-31", "enter")
            await settle(pilot)
            summary = str(screen.query_one("#handover-summary").render())
            assert "开始日期“2026-11-31”不是有效日期" in summary
            await press(pilot, "backspace", "0", "enter")  # 2026-11-30: after the last early one
            await settle(pilot)
            assert table.row_count == 0
            assert "没有符合筛选条件的交接班" in str(screen.query_one("#handover-empty").render())
            await press(pilot, "escape", "c")
            await settle(pilot)
            assert table.row_count == 90
            # Sign the waiting one: the warning goes, on every screen.
            await press(pilot, "enter", "s", "enter")
            await settle(pilot)
            assert app.screen.query_one(AppHeader).alert.full == ""
            await press(pilot, "f2")
            await settle(pilot)
            assert app.screen.query_one(AppHeader).alert.full == ""

    run(scenario())


def test_markup_and_escape_sequences_show_literally(demo_store, settings, clock, floorplan):
    shifts = list_shifts(demo_store)
    writer = person(demo_store, "1005")
    h = lifecycle.start(demo_store, writer, change_after(shifts, TODAY, shifts[0]), 94)
    text = {
        "traffic": "[red]x[/red] [/",
        "systems": "esc \x1b[2J here",
        "people": "ok",
        "other": "",
    }
    lifecycle.submit(demo_store, writer, h, text, None, 94, EARLY)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, person(demo_store, "1006"))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f3", "enter")
            await settle(pilot)
            body = str(app.screen.query_one("#detail-sections", Static).render())
            assert "[red]x[/red] [/" in body
            assert "esc \\x1b[2J here" in body and "\x1b" not in body

    run(scenario())


def test_the_list_pages_through_every_handover(demo_store, settings, clock, floorplan, monkeypatch):
    """Every handover reachable, a page at a time (#16): 90 in pages of 20."""
    from hotline_tui.screens.handover import listing as handover_list

    monkeypatch.setattr(handover_list, "LIST_LIMIT", 20)
    everything = [r.id for r in list_handovers(demo_store)]

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, person(demo_store, "1004"))
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f3")
            screen = app.screen
            summary = screen.query_one("#handover-summary")
            assert screen.query_one(DataTable).row_count == 20
            assert "共 90 份：待签收 1，草稿 0，已签收 89。第 1/5 页（第 1–20 份" in str(
                summary.render()
            )
            seen = [r.id for r in screen.rows]
            await press(pilot, "[")  # the newest page has none newer: nothing happens
            assert [r.id for r in screen.rows] == seen
            for _ in range(4):
                await press(pilot, "]")
                seen += [r.id for r in screen.rows]
            assert seen == everything and "第 5/5 页（第 81–90 份" in str(summary.render())
            await press(pilot, "[")
            assert [r.id for r in screen.rows] == everything[60:80]
            await press(pilot, "s")  # another filter: from the newest again
            assert "第 1/" in str(summary.render())

    run(scenario())


def test_closing_an_item_from_a_handover_and_reading_its_history(
    demo_store, settings, clock, floorplan
):
    shifts = list_shifts(demo_store)
    chief = person(demo_store, "1004")
    night = find_handover(demo_store, TODAY - timedelta(days=1), shifts[2])

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief)
        async with app.run_test(size=SIZE) as pilot:
            await press(pilot, "f3", "enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, HandoverDetailScreen) and screen.handover_id == night
            await press(pilot, "x")  # nothing highlighted yet: told what to do
            await settle(pilot)
            assert "请先用方向键选中一条未关闭的待办事项。" in notices(app)
            await press(pilot, "down", "x")
            await settle(pilot)
            await press(pilot, "enter")  # an empty note is refused in place
            await settle(pilot)
            assert "请写明处理结果" in shown_text(app.screen.query_one("#prompt-error"))
            await press(pilot, *"10 sets ordered", "enter")
            await settle(pilot)
            await press(pilot, "h")
            await settle(pilot)
            history = shown_text(app.screen.query_one(".dialog-body"))
            assert f"{chief.name}  关闭（交接班 #{night}）：10 sets ordered" in history
            assert "交班带入" in history and "提出" in history

    run(scenario())
    view = get_handover(demo_store, night, shifts)
    closed = [i for i in view.items if not i.is_open and i.close_note == "10 sets ordered"]
    assert len(closed) == 1 and closed[0].closed_in == night


def test_a_paste_with_an_escape_sequence_arrives_written_out(
    demo_store, settings, clock, floorplan
):
    from textual import events

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, person(demo_store, "1005"))
        async with app.run_test(size=SIZE) as pilot:
            await start_current_handover(pilot)
            area = app.screen.query_one("#section-traffic", TextArea)
            # As the driver delivers a bracketed paste: to the app, which hands it to the focus.
            app.post_message(events.Paste("red \x1b[31m [red]x[/] \x07"))
            await settle(pilot)
            assert area.text == "red \\x1b[31m [red]x[/] \\x07"

    run(scenario())


def test_enter_before_the_list_has_loaded_opens_the_top_row_once_it_has(
    demo_store, settings, clock, floorplan, monkeypatch
):
    """F3 Enter in one burst (a slow link, a busy machine): Enter is not lost."""
    import threading

    from hotline_tui.screens.handover import listing as handover_list

    gate = threading.Event()
    read = handover_list.HandoverListScreen.read

    def slow_read(self):
        gate.wait(30)  # the first rows arrive only after Enter has been handled
        return read(self)

    monkeypatch.setattr(handover_list.HandoverListScreen, "read", slow_read)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, person(demo_store, "1004"))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f3", "enter")
            screen = app.screen
            assert isinstance(screen, HandoverListScreen) and screen.open_when_loaded
            gate.set()
            await wait_until(pilot, lambda: not isinstance(app.screen, HandoverListScreen))
            await settle(pilot)
            assert screen.rows and app.screen.handover_id == screen.rows[0].id

    run(scenario())
