"""The schema revisions this program knows, and whether a file is at the newest: read
with the standard library alone, so that the command line can decide before the ORM
is imported whether the store may be opened after the first frame."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hotline_tui.db.peek import read_only_uri

# Every revision this program knows, oldest first; the last one is the head.
# tests/unit/test_schema.py checks this list against the Alembic scripts.
KNOWN_REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
    "0013",
    "0014",
    "0015",
    "0016",
    "0017",
    "0018",
    "0019",
    "0020",
    "0021",
    "0022",
)
HEAD = KNOWN_REVISIONS[-1]


def at_head(path: Path) -> bool:
    """True when ``path`` is an SQLite database at HEAD, so opening it migrates nothing.

    Anything else (no file, an empty one, another kind of file, an older or newer
    schema, a file we may not read) is False: the caller opens it the careful way,
    which says what is wrong.
    """
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except (OSError, sqlite3.Error):
        return False
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    finally:
        conn.close()
    return row is not None and row[0] == HEAD
