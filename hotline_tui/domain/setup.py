"""Bring an opened database in line with the settings: the shift table and the floor's seats."""

from __future__ import annotations

from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.domain.floor.floorplan import sync_seats
from hotline_tui.domain.shifts import sync_shifts
from hotline_tui.model.floorplan import Floorplan, load_floorplan


def prepare(store: Store, settings: Settings) -> Floorplan:
    floorplan = load_floorplan(settings.floorplan_path)
    sync_shifts(store, settings.shifts)
    sync_seats(store, floorplan)
    return floorplan
