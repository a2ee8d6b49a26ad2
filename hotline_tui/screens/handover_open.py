"""Opening a handover the right way: its author's draft as the form, anything else read-only."""

from __future__ import annotations

from hotline_tui.domain import handover as ho
from hotline_tui.domain.shifts import current_shift
from hotline_tui.screens.base import FAILED, DeskScreen
from hotline_tui.screens.dialogs import Choice, ChoiceDialog


def open_handover(screen: DeskScreen, handover_id: int) -> None:
    from hotline_tui.screens.handover_detail import HandoverDetailScreen
    from hotline_tui.screens.handover_form import HandoverFormScreen

    app = screen.app
    view = screen.attempt(ho.get_handover, app.store, handover_id, app.shifts)
    if view is FAILED:
        return
    if view.status == "draft" and app.actor is not None and view.author_id == app.actor.id:
        app.push_screen(HandoverFormScreen(handover_id))
    else:
        app.push_screen(HandoverDetailScreen(handover_id))


def start_handover(screen: DeskScreen) -> None:
    """Ask which shift change to write, then open its draft (new or existing)."""
    app = screen.app
    changes = ho.changes_started(app.shifts, app.clock.now())
    # One query for the handovers these changes may already have, not one per change.
    rows = {
        (r.day, r.from_shift): r
        for r in ho.list_handovers(app.store, ho.HandoverFilter(since=changes[-1].day))
    }
    choices = []
    for change in changes:
        row = rows.get((change.day, change.shift.name))
        state = "未填写" if row is None else f"{row.status_name}，{row.author}"
        choices.append(Choice(f"{change.label}（{state}）", change))

    def chosen(change: ho.ShiftChange | None) -> None:
        if change is None:
            return
        existing = ho.find_handover(app.store, change.day, change.shift)
        if existing is not None:
            open_handover(screen, existing)
            return
        created = screen.attempt(ho.start, app.store, app.actor, change, len(app.floorplan.labels))
        if created is not FAILED:
            open_handover(screen, created)

    # Suggest the shift the floor is on (the earliest-starting one running now).
    day, shift = current_shift(app.shifts, app.clock.now())
    initial = next((i for i, c in enumerate(changes) if (c.day, c.shift) == (day, shift)), 0)
    app.push_screen(ChoiceDialog("写哪一班的交接班？", choices, initial), chosen)
