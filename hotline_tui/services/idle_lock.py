"""The idle lock: nobody at the terminal for ``lock_minutes`` and the PIN is asked again."""

from __future__ import annotations

from datetime import timedelta

from hotline_tui.clock import Clock


class IdleLock:
    def __init__(self, clock: Clock, minutes: float) -> None:
        self._clock = clock
        self._minutes = minutes
        # The last key or click, by the app's clock.
        self.last_input = clock.now()
        self.locked = False

    def touch(self) -> None:
        self.last_input = self._clock.now()

    def due(self, someone_signed_in: bool) -> bool:
        """Whether to lock now: someone is signed in, it is not locked, and nothing came in."""
        if not someone_signed_in or self.locked:
            return False
        return self._clock.now() - self.last_input >= timedelta(minutes=self._minutes)

    def gone(self) -> bool:
        """Nothing came in for ``lock_minutes``, whoever is or is not signed in: a
        browser session (``serve``) is then closed rather than locked."""
        return self._clock.now() - self.last_input >= timedelta(minutes=self._minutes)

    def unlock(self) -> None:
        self.locked = False
        self.touch()
