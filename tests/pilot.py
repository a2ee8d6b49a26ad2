"""Helpers for driving the real app by keys."""

from __future__ import annotations

import asyncio
import contextlib
import time
import unicodedata
from collections import deque
from dataclasses import replace

from textual import events
from textual.app import App
from textual.keys import KEY_NAME_REPLACEMENTS
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import DataTable, Input, TextArea
from textual.worker import Worker, WorkerState

from hotline_tui.app import HotlineApp, make_app
from hotline_tui.domain.floor import seating
from hotline_tui.screens.handover.form import HandoverFormScreen
from hotline_tui.screens.handover.record import HandoverDetailScreen
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.screens.kit.dialogs import TextPrompt
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.seat_layout import Layout
from hotline_tui.widgets.seat_map import SeatMap
from tests.conftest import TODAY
from tests.helpers import shift

BUSY = (WorkerState.PENDING, WorkerState.RUNNING)
# How often a condition is looked at again: a poll interval, never a time waited for.
POLL = 0.01


def build_app(settings, store, clock, floorplan, actor=None):
    # Poll faster than the floor does, so a change from "another terminal" shows up
    # quickly; a still cursor, so a picture does not depend on the moment it is taken.
    steady = replace(settings, poll_seconds=0.05, cursor_blink=False)
    return make_app(steady, store, clock, floorplan=floorplan, actor=actor)


def _waiting_for_an_answer(pilot: Pilot, worker: Worker) -> bool:
    # A flow that has put a dialog up waits for the keys the test is about to press.
    return worker.group == "flow" and isinstance(pilot.app.screen, ModalScreen)


def _still_starting(app: App) -> bool:
    """A screen that has not shown its first read, a table that has not laid out its new
    rows yet, or warnings not yet allowed to sound."""
    screen = app.screen
    if isinstance(screen, DeskScreen) and screen.ready() and screen.loads_done == 0:
        return True
    # DataTable lays out new rows when its message queue next runs dry (Textual 8): until
    # then its virtual height lags its rows.
    for table in screen.query(DataTable):
        header = table.header_height if table.show_header else 0
        if table.virtual_size.height < table.row_count + header:
            return True
    return isinstance(app, HotlineApp) and app.actor is not None and not app.warnings.ready


async def settle(pilot: Pilot, timeout: float = 30.0) -> None:
    """Wait until the app is idle: every read and change done, every message handled.

    Screens read and write in workers, so a key's effect lands some time after the
    key. This waits for that, not for a fixed time; it fails after ``timeout``.
    """
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:  # idle twice in a row: a finished worker may have started another
        await pilot.pause()
        busy = [
            w for w in pilot.app.workers if w.state in BUSY and not _waiting_for_an_answer(pilot, w)
        ]
        if not busy and not _still_starting(pilot.app):
            quiet += 1
            continue
        quiet = 0
        if time.monotonic() > deadline:
            raise AssertionError(f"still busy after {timeout} s: {busy or pilot.app.screen}")
        if busy:  # the condition itself: until one of them is done (then look again)
            await _first_done(busy, deadline - time.monotonic())
        else:  # a table laying out or a timer due: look again shortly (a poll, not a wait)
            await asyncio.sleep(POLL)


async def _first_done(workers: list[Worker], limit: float) -> None:
    """Until the first of ``workers`` ends, however it ends, or ``limit`` seconds pass."""

    async def ended(worker: Worker) -> None:
        with contextlib.suppress(Exception, asyncio.CancelledError):
            await worker.wait()

    waits = {asyncio.ensure_future(ended(w)) for w in workers}
    try:
        await asyncio.wait(waits, timeout=max(limit, 0.0), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waits:
            w.cancel()


def _typed_into_a_field(app: App, key: str) -> Widget | None:
    """The text field a printable character goes to, or None for a key that may be bound."""
    field = app.focused
    if len(key) == 1 and key.isprintable() and isinstance(field, (Input, TextArea)):
        return field
    return None


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys as a person would, then wait for what they set off to finish.

    A character typed into a text field is handled before the next key (a callback
    queued behind it, in the app and then in the field, has run); any other key goes
    through Pilot.press, which waits after it for the process to be idle (20 ms at
    least, twice: a test typing a sentence waited seconds for nothing)."""
    app = pilot.app
    for key in keys:
        field = _typed_into_a_field(app, key)
        if field is None:
            await pilot.press(key)
            continue
        event = _key_event(key)
        event.set_sender(app)
        app.post_message(event)
        for pump in (app, field):  # the app has passed it on, then the field has taken it
            handled = asyncio.Event()
            if pump.call_later(handled.set):
                await asyncio.wait_for(handled.wait(), 30)
    await settle(pilot)


def _key_event(character: str) -> events.Key:
    """The event a terminal sends for a character, named as Textual names it ("." is
    full_stop, " " space)."""
    key = character
    if not character.isalnum():
        key = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        key = KEY_NAME_REPLACEMENTS.get(key, key)
    return events.Key(key, character)


async def wait_until(pilot: Pilot, condition, timeout: float = 30.0, what: str = "") -> None:
    """Settle until ``condition()`` holds (a change from another terminal, say)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s: {what or condition}")
        await settle(pilot, timeout)
        await asyncio.sleep(POLL)  # the next look at the condition; the wait is for it


def shown_text(widget) -> str:
    """What a text widget says, whole: a Prose's text before its lines are broken."""
    return widget.text if isinstance(widget, Prose) else str(widget.render())


def footer_keys(app) -> set[str]:
    """The keys the key bar shows now (a hidden binding, such as F9 refusing, is not one)."""
    return {b.key for _, b, enabled, _ in app.screen.active_bindings.values() if enabled and b.show}


async def close_checklist(pilot: Pilot) -> None:
    """Wait for the setup checklist a manager meets at sign-in and close it; the next key
    waits for it to be gone (one typed while the screen is popping may go nowhere)."""
    app = pilot.app
    await wait_until(pilot, lambda: type(app.screen).__name__ == "SetupChecklistScreen",
                     what="the setup checklist")  # fmt: skip
    await press(pilot, "escape")
    await wait_until(pilot, lambda: type(app.screen).__name__ != "SetupChecklistScreen",
                     what="the checklist closed")  # fmt: skip


def arrow_path(layout: Layout, start: str, goal: str) -> list[str]:
    """The arrow keys that walk the cursor from one seat to another."""
    queue, came = deque([start]), {start: None}
    while queue:
        here = queue.popleft()
        if here == goal:
            break
        for key, there in layout.neighbours[here].items():
            if there not in came:
                came[there] = (here, key)
                queue.append(there)
    keys = []
    while came[goal] is not None:
        goal, key = came[goal]
        keys.append(key)
    return keys[::-1]


def run(coro):
    return asyncio.run(coro)


def wait_for(condition, timeout: float = 60.0, what: str = "") -> None:
    """Outside an app: poll until ``condition()`` holds (another process's progress)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s: {what or condition}")
        time.sleep(POLL)


def notices(app) -> list[str]:
    """The notices the key bar shows now (a refusal, a done), as text."""
    return [n.message for n in app.notices]


def dialog_error(app) -> str:
    """What the dialog in front says of a refusal ("" when none is up or it says nothing)."""
    from textual.widgets import Static

    from hotline_tui.screens.kit.dialogs import Dialog

    screen = app.screen
    if not isinstance(screen, Dialog):
        return ""
    return "".join(shown_text(s) for s in screen.query(".dialog-error").results(Static))


# --- the floor ------------------------------------------------------------------------------


def plan(store, day=TODAY, code="early"):
    """The seat plan of a day's shift (the tests' day, the early shift by default)."""
    return seating.plan_for(store, day, shift(store, code))


def first_empty(p) -> str:
    return next(s.label for s in p.seats.values() if not s.occupied and not s.out_of_service)


async def go_to(pilot: Pilot, label: str) -> None:
    """Move the floor's cursor to ``label`` by the arrows."""
    await settle(pilot)  # the plan is read in a worker: keys act on it once it is shown
    seat_map = pilot.app.screen.query_one(SeatMap)
    keys = arrow_path(seat_map.floor_layout, seat_map.cursor, label)
    if keys:
        await press(pilot, *keys)
    assert seat_map.cursor == label


# --- handovers --------------------------------------------------------------------------------


async def write_sections(pilot, texts=("ok", "ok", "ok")) -> None:
    """Type into 话务情况, 系统运行, 人员情况 in turn (the form opens on the first)."""
    for n, text in enumerate(texts):
        if n:
            await press(pilot, "tab")
        await press(pilot, *text)


async def start_current_handover(pilot) -> None:
    """F3, n, Enter on the newest shift change: the form for it."""
    await press(pilot, "f3")
    await settle(pilot)
    await press(pilot, "n")
    await settle(pilot)
    await press(pilot, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HandoverFormScreen)


async def submit(pilot, reason: str = "training at 14:00") -> None:
    """Ctrl+T, then Enter to confirm; long before the shift's end the question is why,
    and ``reason`` is typed first."""
    await press(pilot, "ctrl+t")
    await settle(pilot)
    if isinstance(pilot.app.screen, TextPrompt):
        await press(pilot, *reason)
    await press(pilot, "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HandoverDetailScreen)


async def until(condition, what: str, timeout: float = 30.0) -> None:
    """Outside an app (a server, a client): ``condition()`` looked at again every POLL
    until it holds; fails after ``timeout``. A condition, never a time waited for."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what} after {timeout} s")
        await asyncio.sleep(POLL)
