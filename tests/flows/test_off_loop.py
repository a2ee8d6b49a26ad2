"""No query runs on the event loop: every statement the app sends comes from a worker thread."""

from __future__ import annotations

import threading

from sqlalchemy import event

from tests.helpers import chief
from tests.pilot import build_app, press, run, settle


def test_no_statement_runs_on_the_event_loop_thread(demo_store, settings, clock, floorplan):
    on_loop: list[str] = []
    loop_thread: list[threading.Thread] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        if loop_thread and threading.current_thread() is loop_thread[0]:
            on_loop.append(statement.split("\n")[0][:80])

    event.listen(demo_store.engine, "before_cursor_execute", record)

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, chief(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            loop_thread.append(threading.current_thread())  # the thread the app runs on
            await settle(pilot)
            # Every area, a day back and forth, a shift change, the sheet, a handover.
            await press(pilot, "p", "n", "s", "t", "d")  # floor: …and unseat A01
            await press(pilot, "f3", "enter")
            await press(pilot, "escape", "f4", "p", "1", "m")
            await press(pilot, "escape", "f5", "h")
            await press(pilot, "escape", "f6", *"roll call notes", "ctrl+s")
            await press(pilot, "f7", "n", "p")

    try:
        run(scenario())
    finally:
        event.remove(demo_store.engine, "before_cursor_execute", record)
    assert on_loop == []
