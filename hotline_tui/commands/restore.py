"""``hotline-tui restore FILE``: a backup put back in place of the database file, the
file it replaces kept beside it."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.db.store import resolve_target
from hotline_tui.domain.backups import restore


def main(args: argparse.Namespace, settings: Settings) -> int:
    path = resolve_target(settings.db)
    result = restore(path, Path(args.file), clock_from_environment().now())
    for line in result.lines:
        print(line)
    return 0
