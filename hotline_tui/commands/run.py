"""``hotline-tui run`` (the default): the desk on a terminal.

Light on purpose: a database already at the newest schema gets its sign-in drawn before
the store's modules are imported, the store opened behind it (the start-up seam); any
other start (a new, older or damaged file, a server, ``--as``) is ``commands/start.py``.
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hotline_tui import seam
from hotline_tui.app import HotlineApp, make_app
from hotline_tui.clock import Clock, clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.db.revisions import at_head

if TYPE_CHECKING:
    from hotline_tui.db.store import Store


def main(args: argparse.Namespace, settings: Settings) -> int:
    as_staff = getattr(args, "as_staff", None)
    # Told apart without the store's module: SQLAlchemy stays out of the first frame.
    a_plain_file = "://" not in settings.db
    if not as_staff and a_plain_file and at_head(Path(settings.db).expanduser().absolute()):
        return start_then_open(args, settings, clock_from_environment())
    return int(seam.command("start").main(args, settings))


def start_then_open(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    """A current database: the sign-in screen is drawn first, the store opened behind it.

    Only a file already at the newest schema comes here; a new, older or damaged one
    is opened before the app starts, where a refusal is one sentence and nothing drawn.
    """

    def open_store() -> Store:
        try:
            store = seam.open_existing(settings, clock)
            seam.desk()  # the areas, imported in this thread too: one thread beside the UI
        finally:
            # What is loaded by now lives as long as the process: frozen, it is out of the
            # cyclic collector's sight. Until then the collector is off, for a full
            # collection over the imports (50 ms in whichever thread set it off) holds the
            # interpreter lock, and with it the event loop, at the sign-in.
            gc.freeze()
            gc.enable()
        return store

    app = make_app(settings, open_store, clock)
    app.served = bool(getattr(args, "served", False))
    gc.disable()
    try:
        app.run()
    finally:
        gc.enable()
        store = app.store_if_open
        if store is not None:
            store.close()
    if app.open_error is not None:
        raise app.open_error  # cli.main says a DomainError in one sentence
    return ended(app)


def ended(app: HotlineApp) -> int:
    if app.crash_note:  # under Textual's traceback: where the log keeps it
        print(f"hotline-tui：值班台意外退出。{app.crash_note}", file=sys.stderr)
    return app.return_code or 0
