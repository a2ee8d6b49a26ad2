"""What every screen of the desk shares: header, footer, data-change reloads, error display."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from hotline_tui.errors import DomainError
from hotline_tui.widgets.app_header import AppHeader

T = TypeVar("T")


class DataChanged(Message):
    """The database changed (here or in another terminal): reload what is shown."""


class ShowHandover(Message):
    """Open a handover: as the form (its author's draft) or as the record.

    Posted up to the App, which builds the screen, so that the form and the
    record can lead to each other without importing each other.
    """

    def __init__(self, handover_id: int, *, form: bool, replace: bool = False) -> None:
        super().__init__()
        self.handover_id = handover_id
        self.form = form
        self.replace = replace  # instead of the screen that posted it


class Failed:
    """Returned by DeskScreen.attempt() when a rule said no (already shown to the user)."""


FAILED = Failed()


class DeskScreen(Screen):
    HEADER_CONTEXT = ""

    def compose_header(self) -> ComposeResult:
        header = AppHeader()
        header.context = self.HEADER_CONTEXT
        yield header

    def compose_footer(self) -> ComposeResult:
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.watch(self.app, "now_text", self._show_time)
        self.watch(self.app, "actor_text", self._show_actor)
        self.watch(self.app, "handover_alert", self._show_alert)
        self.watch(self.app, "clocks_text", self._show_clocks)

    def _show_time(self, value: str) -> None:
        self.query_one(AppHeader).time = value

    def _show_actor(self, value: str) -> None:
        self.query_one(AppHeader).actor = value

    def _show_alert(self, value: str) -> None:
        self.query_one(AppHeader).alert = value

    def _show_clocks(self, value: str) -> None:
        header = self.query_one(AppHeader)
        header.clocks_band = self.app.clocks_band
        header.clocks = value

    def set_context(self, text: str) -> None:
        self.query_one(AppHeader).context = text

    def attempt(self, action: Callable[..., T], *args: Any, **kwargs: Any) -> T | Failed:
        """Run a domain call; a rule's refusal becomes one error notification."""
        try:
            return action(*args, **kwargs)
        except DomainError as exc:
            self.notify(exc.message, severity="error", markup=False, timeout=8)
            return FAILED

    def on_screen_resume(self) -> None:
        self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    def reload(self) -> None:
        """Show the database as it is now."""
