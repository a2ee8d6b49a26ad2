"""Looking into a database file without leaving a trace.

A read-only SQLite connection to a WAL database creates its ``-wal`` and ``-shm``
files if they are not there; a file the desk refuses (damaged, another program's,
too new) must be left exactly as it was found. When neither file is there, nobody has
the database open, and ``immutable=1`` reads it as the plain file it is, creating
nothing; when they are, they are used as SQLite always does.
"""

from __future__ import annotations

from pathlib import Path


def read_only_uri(path: Path) -> str:
    sidecars = [path.with_name(path.name + end) for end in ("-wal", "-shm")]
    if any(p.exists() for p in sidecars):
        return f"{path.as_uri()}?mode=ro"
    return f"{path.as_uri()}?mode=ro&immutable=1"
