"""The desk as a screen sees it: the typed service every screen uses, in place of the
concrete App.

A screen reaches the store, the clock, the signed-in person, the settings and the rest
through ``self.desk`` (kit/base.py), typed by this protocol; HotlineApp (app.py) is the
one that provides it. So no screen imports the App, and the App imports the screens
without a loop. Textual's own services (pushing a screen, notices) stay on ``self.app``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import AwaitMount

    from hotline_tui.clock import Clock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.model.arrival import ArrivalRule
    from hotline_tui.model.countdown import OpenClock
    from hotline_tui.model.floorplan import Floorplan
    from hotline_tui.model.pin_rules import SignedIn
    from hotline_tui.model.shifts import Shift
    from hotline_tui.model.staff_row import StaffRow
    from hotline_tui.workdays import Calendar


class Flushable(Protocol):
    """A screen holding text typed and not saved yet (a handover draft, a meeting)."""

    def last_save(self) -> Callable[[], None] | None:
        """On the UI: the save to run before the app closes, or None."""
        ...


class Desk(Protocol):
    settings: Settings
    clock: Clock
    floorplan: Floorplan
    actor: StaffRow | None
    shifts: list[Shift]
    calendar: Calendar
    # Drafts still open in any area, saved once more when the app closes.
    open_forms: set[Flushable]
    clocks_band: str

    @property
    def store(self) -> Store:
        """The database (in a thread: waits until it is open)."""
        ...

    @property
    def arrival_rule(self) -> ArrivalRule: ...

    def report_error(self, what: str, exc: BaseException) -> None:
        """An error nobody foresaw: logged, and said in one notice."""
        ...

    def sign_in(
        self, person: StaffRow, mode: str = "floor", *, offer_setup: bool = True
    ) -> AwaitMount:
        """``offer_setup``: a manager sees the setup checklist while the floor lacks something."""
        ...

    def unlock(self) -> None: ...

    def take_clocks(self, clocks: list[OpenClock]) -> None: ...

    # The sign-in's own reads and writes: the first frame is drawn before the rules that
    # answer them are loaded (hotline_tui/seam.py). In a thread.

    def people_who_sign_in(self) -> list[StaffRow] | None:
        """Whoever may sign in; None on a new floor with nobody on it yet."""
        ...

    def verify_pin(self, staff_no: str, pin: str) -> SignedIn: ...

    def change_own_pin(self, staff_no: str, current: str, new: str, again: str) -> None: ...

    def first_run_screen(self) -> Screen[Any]:
        """The screen that makes a new floor's first 项目经理 (on the UI)."""
        ...
