"""The one start-up seam: where the desk behind the first frame is loaded.

A floor terminal's first frame is the sign-in, drawn from Textual and the light rules
(hotline_tui.model) alone; the areas, the rules that read and write the store, and the
ORM under them (a second or more of imports on a slow machine) come after it, from
here: ``desk()`` and ``open_existing()`` when the app needs them, ``command(name)`` for
a command of the command line, each command's module holding only what that command
needs. Nothing else in the package imports its own code inside a function, or by name
at run time (tests/unit/test_architecture.py counts).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotline_tui.clock import Clock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.desk import Parts


def desk() -> Parts:
    """The desk behind the sign-in (hotline_tui/desk.py), imported on the first call."""
    from hotline_tui.desk import PARTS

    return PARTS


def open_existing(settings: Settings, clock: Clock) -> Store:
    """The database of a terminal whose sign-in is already drawn, opened in a worker."""
    from hotline_tui.domain.setup import open_existing

    return open_existing(settings, clock)


def command(name: str) -> ModuleType:
    """``hotline_tui.commands.<name>``: one command of the command line, with its
    ``main(args, settings)``."""
    return importlib.import_module(f"hotline_tui.commands.{name}")
