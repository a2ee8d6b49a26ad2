"""Opening a handover the right way: its author's draft as the form, anything else read-only."""

from __future__ import annotations

from typing import Any

from hotline_tui.domain.handover.lifecycle import start
from hotline_tui.domain.handover.queries import (
    HandoverFilter,
    find_handover,
    get_handover,
    list_handovers,
)
from hotline_tui.model.shift_changes import ShiftChange, changes_started, next_change
from hotline_tui.model.shifts import current_shift
from hotline_tui.model.states import HandoverStatus
from hotline_tui.screens.handover.show import ShowHandover
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Choice, ChoiceDialog


async def open_handover(screen: DeskScreen[Any], handover_id: int) -> None:
    """The author's own draft opens as the form; everything else as the record."""
    desk = screen.desk
    view = await screen.fetch(get_handover, desk.store, handover_id, desk.shifts)
    if isinstance(view, Failed):
        return
    mine = desk.actor is not None and view.author_id == desk.actor.id
    form = view.status == HandoverStatus.DRAFT and mine
    screen.post_message(ShowHandover(handover_id, form=form, view=view))


async def start_handover(screen: DeskScreen[Any]) -> None:
    """Ask which shift change to write, then open its draft (new or existing)."""
    app = screen.app
    desk = screen.desk
    changes = changes_started(desk.shifts, desk.clock.now())
    # One query for the handovers these changes may already have, not one per change.
    listed = await screen.fetch(list_handovers, desk.store, HandoverFilter(since=changes[-1].day))
    if isinstance(listed, Failed):
        return
    rows = {(r.day, r.from_shift): r for r in listed}
    choices = []
    for change in changes:
        row = rows.get((change.day, change.shift.name))
        state = "未填写" if row is None else f"{row.status_name}，{row.author}"
        choices.append(Choice(f"{change.label}（{state}）", change))
    # Suggest the shift the floor is on (the earliest-starting one running now).
    day, shift = current_shift(desk.shifts, desk.clock.now())
    initial = next((i for i, c in enumerate(changes) if (c.day, c.shift) == (day, shift)), 0)
    # Why the next one is not offered: it can be started once its shift has begun.
    coming = next_change(desk.shifts, desk.clock.now())
    starts = coming.shift.window(coming.day)[0]
    title = f"写哪一班的交接班？（{coming.label}：{starts.format('HH:mm')} 开班后才能开始写）"
    chosen: ShiftChange | None = await app.push_screen_wait(ChoiceDialog(title, choices, initial))
    if chosen is None:
        return
    existing = await screen.fetch(find_handover, desk.store, chosen.day, chosen.shift)
    if isinstance(existing, Failed):
        return
    if existing is None:
        created = await screen.attempt(
            start, desk.store, desk.actor, chosen, len(desk.floorplan.labels)
        )
        if isinstance(created, Failed):
            return
        existing = created
    await open_handover(screen, existing)
