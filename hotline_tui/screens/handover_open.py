"""Opening a handover the right way: its author's draft as the form, anything else read-only."""

from __future__ import annotations

from typing import Any

from hotline_tui.domain.handover.changes import ShiftChange, changes_started, next_change
from hotline_tui.domain.handover.lifecycle import start
from hotline_tui.domain.handover.queries import (
    HandoverFilter,
    find_handover,
    get_handover,
    list_handovers,
)
from hotline_tui.domain.shifts import current_shift
from hotline_tui.screens.base import DeskScreen, Failed, ShowHandover
from hotline_tui.screens.dialogs import Choice, ChoiceDialog


async def open_handover(screen: DeskScreen[Any], handover_id: int) -> None:
    """The author's own draft opens as the form; everything else as the record."""
    app = screen.app
    view = await screen.fetch(get_handover, app.store, handover_id, app.shifts)
    if isinstance(view, Failed):
        return
    mine = app.actor is not None and view.author_id == app.actor.id
    form = view.status == "draft" and mine
    screen.post_message(ShowHandover(handover_id, form=form, view=view))


async def start_handover(screen: DeskScreen[Any]) -> None:
    """Ask which shift change to write, then open its draft (new or existing)."""
    app = screen.app
    changes = changes_started(app.shifts, app.clock.now())
    # One query for the handovers these changes may already have, not one per change.
    listed = await screen.fetch(list_handovers, app.store, HandoverFilter(since=changes[-1].day))
    if isinstance(listed, Failed):
        return
    rows = {(r.day, r.from_shift): r for r in listed}
    choices = []
    for change in changes:
        row = rows.get((change.day, change.shift.name))
        state = "未填写" if row is None else f"{row.status_name}，{row.author}"
        choices.append(Choice(f"{change.label}（{state}）", change))
    # Suggest the shift the floor is on (the earliest-starting one running now).
    day, shift = current_shift(app.shifts, app.clock.now())
    initial = next((i for i, c in enumerate(changes) if (c.day, c.shift) == (day, shift)), 0)
    # Why the next one is not offered: it can be started once its shift has begun.
    coming = next_change(app.shifts, app.clock.now())
    starts = coming.shift.window(coming.day)[0]
    title = f"写哪一班的交接班？（{coming.label}：{starts.format('HH:mm')} 开班后才能开始写）"
    chosen: ShiftChange | None = await app.push_screen_wait(ChoiceDialog(title, choices, initial))
    if chosen is None:
        return
    existing = await screen.fetch(find_handover, app.store, chosen.day, chosen.shift)
    if isinstance(existing, Failed):
        return
    if existing is None:
        created = await screen.attempt(
            start, app.store, app.actor, chosen, len(app.floorplan.labels)
        )
        if isinstance(created, Failed):
            return
        existing = created
    await open_handover(screen, existing)
