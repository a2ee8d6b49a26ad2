"""``hotline-tui wallboard``: the floor's big screen, read-only."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.model.arrival import ArrivalRule
from hotline_tui.model.floorplan import load_floorplan
from hotline_tui.wallboard import WallboardApp
from hotline_tui.workdays import load_calendar


def main(args: argparse.Namespace, settings: Settings) -> int:
    clock = clock_from_environment()
    floorplan = load_floorplan(settings.floorplan_path)
    calendar = load_calendar(*settings.workdays_paths)
    store = Store.open(settings.db, clock, create=False)  # the big screen never makes a database
    try:
        WallboardApp(
            store, clock, len(floorplan.labels), calendar, settings.poll_seconds,
            ArrivalRule.of(settings),
        ).run()  # fmt: skip
    finally:
        store.close()
    return 0
