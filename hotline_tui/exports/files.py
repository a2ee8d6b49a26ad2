"""Writing an export so that a half-written file never stands where a whole one should."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from hotline_tui.errors import DomainError
from hotline_tui.private_files import ALONE, make_private

T = TypeVar("T")


def write_whole(path: Path, write: Callable[[Path], T]) -> T:
    """Run ``write(temp)`` beside ``path`` and rename the result into place.

    A killed process or a full disk leaves the old file (or none), never a torn one.
    The file is private (hotline_tui/private_files.py) from its first byte.
    """
    temp = path.with_name(f".{path.name}.part{path.suffix}")
    try:
        temp.unlink(missing_ok=True)
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, ALONE))
        make_private(temp)  # exactly, whatever the umask left
        result = write(temp)
        make_private(temp)  # a writer that made the file anew
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise DomainError(f"无法写入文件 {path}：{exc.strerror or exc}") from None
    return result


def check_target(path: Path, suffixes: tuple[str, ...]) -> None:
    """A file the export may write: one of ``suffixes``, in a directory that exists."""
    if path.is_dir():
        raise DomainError(f"这是目录，请给出文件名：{path}")
    if path.suffix.lower() not in suffixes:
        raise DomainError(f"请用 {' 或 '.join(suffixes)} 结尾的文件名，而不是：{path.name}")
    if not path.parent.is_dir():
        raise DomainError(f"要写入的目录不存在：{path.parent}")
