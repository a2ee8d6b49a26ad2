"""The one start-up seam: where the desk behind the first frame is loaded.

A floor terminal's first frame is the sign-in, drawn from Textual and the light rules
(hotline_tui.model) alone; the areas, the rules that read and write the store, and the
ORM under them (a second or more of imports on a slow machine) come after it, from
here: ``desk()`` when the app needs them, ``command(name)`` for a command of the
command line, each command's module holding only what that command needs. Nothing else
in the package imports its own code inside a function (tests/unit/test_architecture.py
counts).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hotline_tui.desk import Parts


def desk() -> Parts:
    """The desk behind the sign-in (hotline_tui/desk.py), imported on the first call."""
    from hotline_tui.desk import PARTS

    return PARTS


def command(module: str) -> ModuleType:
    """``hotline_tui.commands.<module>``: one command of the command line."""
    return importlib.import_module(f"hotline_tui.commands.{module}")
