"""Opening a handover the right way: its author's draft as the form, anything else read-only."""

from __future__ import annotations

from hotline_tui.domain.handover.changes import ShiftChange, changes_started
from hotline_tui.domain.handover.lifecycle import start
from hotline_tui.domain.handover.queries import (
    HandoverFilter,
    find_handover,
    get_handover,
    list_handovers,
)
from hotline_tui.domain.shifts import current_shift
from hotline_tui.screens.base import FAILED, DeskScreen, ShowHandover
from hotline_tui.screens.dialogs import Choice, ChoiceDialog


def open_handover(screen: DeskScreen, handover_id: int) -> None:
    """The author's own draft opens as the form; everything else as the record."""
    app = screen.app
    view = screen.attempt(get_handover, app.store, handover_id, app.shifts)
    if view is FAILED:
        return
    mine = app.actor is not None and view.author_id == app.actor.id
    screen.post_message(ShowHandover(handover_id, form=view.status == "draft" and mine))


def start_handover(screen: DeskScreen) -> None:
    """Ask which shift change to write, then open its draft (new or existing)."""
    app = screen.app
    changes = changes_started(app.shifts, app.clock.now())
    # One query for the handovers these changes may already have, not one per change.
    rows = {
        (r.day, r.from_shift): r
        for r in list_handovers(app.store, HandoverFilter(since=changes[-1].day))
    }
    choices = []
    for change in changes:
        row = rows.get((change.day, change.shift.name))
        state = "未填写" if row is None else f"{row.status_name}，{row.author}"
        choices.append(Choice(f"{change.label}（{state}）", change))

    def chosen(change: ShiftChange | None) -> None:
        if change is None:
            return
        existing = find_handover(app.store, change.day, change.shift)
        if existing is not None:
            open_handover(screen, existing)
            return
        created = screen.attempt(start, app.store, app.actor, change, len(app.floorplan.labels))
        if created is not FAILED:
            open_handover(screen, created)

    # Suggest the shift the floor is on (the earliest-starting one running now).
    day, shift = current_shift(app.shifts, app.clock.now())
    initial = next((i for i, c in enumerate(changes) if (c.day, c.shift) == (day, shift)), 0)
    app.push_screen(ChoiceDialog("写哪一班的交接班？", choices, initial), chosen)
