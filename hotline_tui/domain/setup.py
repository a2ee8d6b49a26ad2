"""Open a database and bring it in line with the settings: the shift table and the
floor's seats."""

from __future__ import annotations

from pathlib import Path

from hotline_tui.clock import Clock
from hotline_tui.config import Settings, default_db_path
from hotline_tui.db.store import Store
from hotline_tui.domain.floor.floorplan import sync_seats
from hotline_tui.domain.shifts import sync_shifts
from hotline_tui.model.floorplan import Floorplan, load_floorplan


def prepare(store: Store, settings: Settings) -> Floorplan:
    floorplan = load_floorplan(settings.floorplan_path)
    if store.read_only:
        return floorplan  # read as the file has them: a reader brings nothing in line
    sync_shifts(store, settings.shifts)
    sync_seats(store, floorplan)
    return floorplan


def open_store(settings: Settings, clock: Clock, *, create: bool = True) -> tuple[Store, Floorplan]:
    """The database, made or brought up to date, and the floor plan it was checked against."""
    if create:
        _ensure_default_dir(settings.db)
    store = Store.open(settings.db, clock, create=create)
    try:
        floorplan = prepare(store, settings)
    except BaseException:
        store.close()
        raise
    return store, floorplan


def open_existing(settings: Settings, clock: Clock) -> Store:
    """A database that is there already: an export or a second terminal never creates one."""
    return open_store(settings, clock, create=False)[0]


def _ensure_default_dir(db: str) -> None:
    """The user's data directory is ours to create; any other missing directory is an error."""
    default_dir = default_db_path().parent
    if Path(db).parent == default_dir:
        default_dir.mkdir(parents=True, exist_ok=True)
