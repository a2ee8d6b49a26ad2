"""Who has the database open: one small file per process beside it, locked while open.

A terminal (or a command) that opens the database holds an exclusive ``flock`` on a
file of its own in ``<db>.terminals/``; the lock dies with the process, however it
ends, so a file that can be locked by someone else is a leftover and is removed.
``restore`` reads the files still locked to say who must close first, and holds
``restore.lock`` while it replaces the database so that nobody opens it meanwhile.
"""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from hotline_tui.errors import StoreError

# Readable and writable by the floor's accounts (the database's group), like the file.
DIR_MODE = 0o770
FILE_MODE = 0o660
RESTORE_LOCK = "restore.lock"


def folder_of(db: Path) -> Path:
    return db.with_name(db.name + ".terminals")


@dataclass(frozen=True)
class Holder:
    """One process that has the database open, as it described itself."""

    pid: int
    user: str
    host: str
    terminal: str
    command: str
    since: str  # local time, as written when it opened

    @property
    def text(self) -> str:
        if self.terminal == "浏览器":
            where = "浏览器"
        else:
            where = f"终端 {self.terminal}" if self.terminal else "无终端"
        return f"{self.user}@{self.host} {where}（进程 {self.pid}，{self.command}，自 {self.since} 起）"


class Presence:
    """This process's mark beside one database, held until ``release``."""

    def __init__(self, db: Path, since: str) -> None:
        self.folder = folder = folder_of(db)
        self.path = folder / f"{os.getpid()}-{id(self):x}.json"
        for _attempt in range(5):
            _made(folder)
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
                break
            except FileNotFoundError:
                continue  # the last one out removed the folder just now: make it again
        else:
            raise StoreError(f"无法在数据库旁登记本终端：{folder}")
        os.fchmod(fd, FILE_MODE)
        self._file: IO[str] | None = os.fdopen(fd, "w", encoding="utf-8")
        fcntl.flock(self._file, fcntl.LOCK_EX)
        json.dump(_describe(since), self._file, ensure_ascii=False)
        self._file.flush()
        if _restore_running(folder):
            self.release()
            raise StoreError("数据库正在从备份恢复，请等恢复完成后再打开。")

    def release(self) -> None:
        if self._file is None:
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self._file.close()  # the lock goes with the descriptor
        self._file = None
        with contextlib.suppress(OSError):
            self.folder.rmdir()  # the last one out leaves nothing beside the database


def _made(folder: Path) -> Path:
    try:
        folder.mkdir()
    except FileExistsError:
        return folder
    os.chmod(folder, DIR_MODE)  # exactly: the umask would take the group's write away
    return folder


def _describe(since: str) -> dict[str, object]:
    try:
        terminal = os.ttyname(sys.stdin.fileno()) if sys.stdin and sys.stdin.isatty() else ""
    except (OSError, ValueError):
        terminal = ""
    if os.environ.get("TEXTUAL_DRIVER", "").endswith("WebDriver"):
        terminal = "浏览器"  # a session of `hotline-tui serve`
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return {
        "pid": os.getpid(),
        "user": user,
        "host": socket.gethostname(),
        "terminal": terminal.removeprefix("/dev/"),
        "command": _command(sys.argv),
        "since": since,
    }


def _command(argv: list[str]) -> str:
    """What the process runs, in the floor's words: ``hotline-tui run``, ``hotline-tui
    export``…; another program by its name."""
    if not argv:
        return ""
    program = Path(argv[0]).name
    if program not in ("hotline-tui", "__main__.py"):
        return program
    words = argv[1:]
    valued = ("--db", "--as")  # options followed by their value
    sub = next(
        (w for i, w in enumerate(words)
         if not w.startswith("-") and (i == 0 or words[i - 1] not in valued)),
        "run",
    )  # fmt: skip
    return f"hotline-tui {sub}"


def holders(db: Path) -> list[Holder]:
    """Every other process that has ``db`` open now; leftovers of ended ones are removed."""
    folder = folder_of(db)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            fh = path.open(encoding="utf-8")
        except OSError:
            continue
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                found.append(_read_holder(path))
                continue
            # Nobody holds it: a process that ended without closing. Ours to clear.
            with contextlib.suppress(OSError):
                path.unlink()
    return found


def refuse_while_open(others: list[Holder], doing: str) -> None:
    """Stop ``doing`` (恢复, 迁移…) while anyone has the database open, naming each."""
    if others:
        raise StoreError(
            f"以下终端正打开着数据库，请先让它们退出再{doing}：\n"
            + "\n".join(f"  {h.text}" for h in others)
        )


def _read_holder(path: Path) -> Holder:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        data = {}
    pid = data.get("pid") or path.stem.split("-")[0]
    return Holder(
        pid=int(pid) if str(pid).isdigit() else 0,
        user=str(data.get("user", "?")),
        host=str(data.get("host", "?")),
        terminal=str(data.get("terminal", "")),
        command=str(data.get("command", "")),
        since=str(data.get("since", "?")),
    )


def _restore_running(folder: Path) -> bool:
    lock = folder / RESTORE_LOCK
    if not lock.exists():
        return False
    try:
        with lock.open(encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    return False


@contextmanager
def restoring(db: Path) -> Iterator[list[Holder]]:
    """Hold the restore lock; yields who still has the database open (empty: go ahead).

    A process opening the database after the lock is taken sees it and stops; one that
    opened before is in the list. Both sides mark first and look second, so none slips by.
    """
    folder = _made(folder_of(db))
    fd = os.open(folder / RESTORE_LOCK, os.O_CREAT | os.O_RDWR, FILE_MODE)
    with os.fdopen(fd, "r+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError("另一个恢复正在进行中，请等它完成。") from None
        try:
            yield holders(db)
        finally:
            with contextlib.suppress(OSError):
                (folder / RESTORE_LOCK).unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()
