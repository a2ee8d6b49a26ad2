"""Who may read what the desk writes: exports, backups and the log.

They are about people (phone numbers, every before and after of the audit trail), so
they are the writing account's alone (0600) whatever the umask; where the settings
name a group (``files_group``, say the ops team's), 0640 and that group, so that its
members read them without being able to change them. The chain key is never shared.
"""

from __future__ import annotations

import grp
import os
from pathlib import Path

ALONE = 0o600
WITH_GROUP = 0o640

_group: int | None = None  # the gid of the settings' files_group, once given


def share_with(group: str) -> None:
    """The group that reads what is written from now on in this process; "" for none."""
    global _group
    _group = grp.getgrnam(group).gr_gid if group else None


def mode() -> int:
    return ALONE if _group is None else WITH_GROUP


def folder_mode() -> int:
    """A folder made for such files (the backups'): searchable by the same people."""
    return 0o700 if _group is None else 0o750


def share_folder(folder: Path) -> None:
    """A folder of such files, opened to the settings' group, when one is named."""
    if _group is not None:
        os.chown(folder, -1, _group)
        os.chmod(folder, folder_mode())


def make_private(path: Path | str) -> None:
    """The file's mode (and group) as the settings say, exactly, whatever the umask."""
    os.chmod(path, mode())
    if _group is not None:
        os.chown(path, -1, _group)
