"""What a service needs of the App that holds it: a typed slice, so that no service
imports the App (which imports them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from hotline_tui.clock import Clock
    from hotline_tui.config import Settings
    from hotline_tui.db.store import Store
    from hotline_tui.model.shifts import Shift


class Host(Protocol):
    settings: Settings
    clock: Clock
    shifts: list[Shift]

    @property
    def store(self) -> Store: ...

    @property
    def store_if_open(self) -> Store | None: ...

    def run_worker(
        self,
        work: Callable[[], Any],
        name: str | None = "",
        group: str = "default",
        description: str = "",
        exit_on_error: bool = True,
        start: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None: ...

    def report_error(self, what: str, exc: BaseException) -> None: ...
