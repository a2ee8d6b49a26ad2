"""Whether another terminal changed the data since the last look: the store's change
marker (a pragma on a connection of its own, microseconds, no table read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple


class Look(NamedTuple):
    changed: bool  # since the last look (never on the first)
    first: bool  # the first look that succeeded
    failure: str  # why the marker could not be read, said once until it can again


class ChangeWatch:
    def __init__(self, read_marker: Callable[[], int]) -> None:
        self._read_marker = read_marker
        self._marker: int | None = None
        self._failed = False

    def look(self) -> Look:
        try:
            marker = self._read_marker()
        except Exception as exc:  # a vanished or locked file must not end the terminal
            said = "" if self._failed else f"无法检查数据库的变化：{exc}"
            self._failed = True
            return Look(False, False, said)
        self._failed = False
        first = self._marker is None
        changed = not first and marker != self._marker
        self._marker = marker
        return Look(changed, first, "")
