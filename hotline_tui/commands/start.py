"""``run`` where the database is opened before anything is drawn: a new, older or damaged
file, a PostgreSQL server, or ``--as`` (whose PIN is asked at the shell first)."""

from __future__ import annotations

import argparse

from hotline_tui.app import make_app
from hotline_tui.clock import Clock, clock_from_environment
from hotline_tui.commands.run import ended
from hotline_tui.config import Settings
from hotline_tui.db.store import Store, resolve_target
from hotline_tui.domain.people.roster import sign_in
from hotline_tui.domain.setup import open_store
from hotline_tui.errors import DomainError
from hotline_tui.model.floorplan import Floorplan
from hotline_tui.pin_prompt import signed_in


def main(args: argparse.Namespace, settings: Settings) -> int:
    as_staff = getattr(args, "as_staff", None)
    a_file = "://" not in settings.db or settings.db.startswith("sqlite:")
    if as_staff and a_file:
        path = resolve_target(settings.db)
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            # Nobody can sign in to a database that does not exist yet: say so, create nothing.
            raise DomainError(f"工号 {as_staff} 不存在：数据库 {path} 还是空的。")
    clock = clock_from_environment()
    store, floorplan = open_store(settings, clock)
    try:
        return start(
            settings, store, floorplan, clock, as_staff, served=getattr(args, "served", False)
        )
    finally:
        store.close()


def start(
    settings: Settings,
    store: Store,
    floorplan: Floorplan,
    clock: Clock,
    as_staff: str | None,
    *,
    ask_pin: bool = True,
    served: bool = False,
) -> int:
    actor = None
    if as_staff:
        # Before anything is shown: the PIN, except in the demo, whose PINs are in the README.
        actor = (
            signed_in(store, as_staff, lock_after=settings.pin_lock_after)
            if ask_pin
            else sign_in(store, as_staff)
        )
    app = make_app(settings, store, clock, floorplan=floorplan, actor=actor)
    app.served = served
    app.run()
    return ended(app)
