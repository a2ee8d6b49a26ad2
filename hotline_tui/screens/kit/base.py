"""What every screen of the desk shares: header, footer, loading off the event loop, errors.

No query runs on the event loop. A screen paints at once; ``reload()`` starts a
thread worker that calls ``read()`` (domain calls only, no widgets) and hands
the result to ``show()`` on the UI. A user action reads with ``fetch()`` and
changes with ``attempt()``/``change()``, both in a thread; changes run one at
a time, in the order they were asked for, so a burst of keys lands in order.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar, Generic, ParamSpec, TypeVar, cast
from weakref import WeakKeyDictionary

from textual import _time, events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.dom import DOMNode
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, TextArea
from textual.worker import Worker, get_current_worker

from hotline_tui.errors import DomainError
from hotline_tui.model.permissions import Action, permits
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.desk import Desk
from hotline_tui.widgets.app_header import AppHeader, Said
from hotline_tui.widgets.key_bar import KeyBar

T = TypeVar("T")
D = TypeVar("D")
P = ParamSpec("P")

# One lock per app: asyncio.Lock wakes its waiters in order, so changes keep their order.
_CHANGE_LOCKS: WeakKeyDictionary[App[Any], asyncio.Lock] = WeakKeyDictionary()


def change_lock(app: App[Any]) -> asyncio.Lock:
    lock = _CHANGE_LOCKS.get(app)
    if lock is None:
        lock = _CHANGE_LOCKS[app] = asyncio.Lock()
    return lock


async def off_loop(app: App[Any], fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a change in a thread, after the changes asked for before it."""
    async with change_lock(app):
        return await asyncio.to_thread(fn, *args, **kwargs)


async def give_way() -> None:
    """Let the event loop run its timers and keys before going on. One ``sleep(0)`` is
    not enough: asyncio queues the timers that fell due behind what was queued before
    them, this coroutine's next step included; the second lets them run first."""
    await asyncio.sleep(0)
    await asyncio.sleep(0)


# Keys typed while a dialog was open belong to it: when it closes, the ones not yet
# delivered are dropped, not handed to the screen beneath (a refused time typed again
# must never land on the attendance board as status keys).
_KEYS_HELD_UNTIL: WeakKeyDictionary[App[Any], float] = WeakKeyDictionary()


def hold_keys(app: App[Any]) -> None:
    """Drop every key made before now that has not been delivered yet."""
    # Textual's own clock, the one that stamps every event's ``time``.
    _KEYS_HELD_UNTIL[app] = _time.get_time()


def held(app: App[Any], event: events.Event) -> bool:
    """Whether ``event`` is a key (or paste) made before the last dialog closed."""
    until = _KEYS_HELD_UNTIL.get(app)
    return (
        until is not None and isinstance(event, (events.Key, events.Paste)) and event.time < until
    )


async def keys_taken(node: DOMNode) -> None:
    """Wait until every text field under ``node`` has taken the keys already sent to it.

    Each field has its own queue: after a burst ("ok⇥ok⇥ok" then Ctrl+T), the save may
    run before the second field has taken its "ok". A callback queued behind those
    keys, in every field, says when they have.
    """
    waits = []
    for field in node.query("Input, TextArea"):
        taken = asyncio.Event()
        if field.call_later(taken.set):
            waits.append(taken.wait())
    await asyncio.gather(*waits)


def steady_cursors(node: DOMNode, blink: bool) -> None:
    """The fields under ``node`` blink or not, as the settings say (``cursor_blink``)."""
    if not blink:
        for line in node.query(Input):
            line.cursor_blink = False
        for area in node.query(TextArea):
            area.cursor_blink = False


class DataChanged(Message):
    """The database changed (here or in another terminal): reload what is shown."""


class Failed:
    """Returned by fetch() and attempt() when a rule said no (already shown to the user)."""


FAILED = Failed()


# Tab and Shift+Tab move the focus the moment they arrive, not after the keys typed
# behind them: "ok⇥ok" in one burst (a paste, SSH) fills two fields, not one.
FOCUS_KEYS = [
    Binding("tab", "app.focus_next", show=False, priority=True, id="desk.focus_next"),
    Binding("shift+tab", "app.focus_previous", show=False, priority=True, id="desk.focus_prev"),
]


class DeskScreen(Screen[Any], Generic[D]):
    HEADER_CONTEXT = ""
    # The screen's key actions that change data, and what the post must allow: the
    # keys of what the person at the terminal may not do are not offered at all.
    NEEDS: ClassVar[dict[str, Action]] = {}
    # How many reads have finished (shown or refused): 0 while the screen is still blank.
    loads_done = 0
    # Styled as things stand: not put behind another screen since (on_screen_resume).
    _styled = True

    @property
    def desk(self) -> Desk:
        """The desk's services for this screen (kit/desk.py)."""
        return cast("Desk", self.app)

    def size_classes(self, size: Size) -> dict[str, bool]:
        """The screen's classes that follow the terminal's size (``-narrow``…)."""
        return {}

    def on_resize(self, event: events.Resize) -> None:
        self.update_classes(self.size_classes(event.size))

    def compose_header(self) -> ComposeResult:
        # Set while the screen is still empty: set once its widgets are mounted, each
        # class restyles every one of them (13 ms on the floor, in the sign-in's frame).
        self.update_classes(self.size_classes(self.app.size))
        header = AppHeader()
        header.context = self.HEADER_CONTEXT
        yield header

    def compose_footer(self) -> ComposeResult:
        yield KeyBar()

    def on_mount(self) -> None:
        steady_cursors(self, self.desk.settings.cursor_blink)
        self.watch(self.app, "now_text", self._show_time)
        self.watch(self.app, "actor_text", self._show_actor)
        self.watch(self.app, "header_alert", self._show_alert)
        self.watch(self.app, "clocks_text", self._show_clocks)

    def _show_time(self, value: str) -> None:
        self.query_one(AppHeader).time = value

    def _show_actor(self, value: Said) -> None:
        self.query_one(AppHeader).actor = value

    def _show_alert(self, value: Said) -> None:
        self.query_one(AppHeader).alert = value

    def _show_clocks(self, value: Said) -> None:
        header = self.query_one(AppHeader)
        header.clocks_band = self.desk.clocks_band
        header.clocks = value

    def may(self, action: Action) -> bool:
        """Whether the signed-in person's post allows ``action`` (for some group at least)."""
        return permits(self.desk.actor, action)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "why_not":  # a key shown disabled falls through to its twin
            wanted = str(parameters[0])
            return self.check_action(wanted, ()) is None and self.why_not(wanted) is not None
        need = self.NEEDS.get(action)
        if need is not None and not self.may(need):
            return False
        if not self.is_mounted:
            # Asked before its widgets exist (by the key bar of the screen it replaces, for
            # Textual's "screen." keys): what the widgets would say comes with them.
            return True
        return self.action_state(action, parameters)

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Whether a key is offered now (True), shown disabled (None) or hidden (False)."""
        return True

    def why_not(self, action: str) -> str | None:
        """Why a key shown disabled cannot act now, in one line; a screen binds the same
        key, hidden, to ``why_not('action')`` so that pressing it says so."""
        return None

    def action_why_not(self, action: str) -> None:
        reason = self.why_not(action)
        if reason is not None:
            self.refuse(reason)

    def set_context(self, text: str) -> None:
        self.query_one(AppHeader).context = text

    def refuse(self, message: str) -> None:
        self.notify(visible(message), severity="error", markup=False, timeout=8)

    # --- loading --------------------------------------------------------------------

    async def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.reload()
        # Textual restyles every widget at each resume (after this handler), and resumes a
        # screen shown for the first time twice in a row. A screen is styled as it is
        # composed: restyled only when it comes back from behind another (10–17 ms each on
        # the floor, in the frames after a sign-in).
        if self._styled:
            event.refresh_styles = False
        self._styled = True
        await give_way()

    def on_screen_suspend(self) -> None:
        self._styled = False

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()

    def ready(self) -> bool:
        """Whether the screen knows what to read yet (a date, a shift…)."""
        return True

    def read(self) -> D:
        """Runs in a thread: ask the domain for what the screen shows. Touches no widget."""
        raise NotImplementedError

    def show(self, data: D) -> None:
        """On the UI: show what ``read()`` returned."""

    def reload(self) -> None:
        """Show the database as it is now: read in a thread, then show."""
        if self.ready():
            self._load()

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        worker = get_current_worker()
        try:
            data = self.read()
        except DomainError as exc:
            self.app.call_from_thread(self._refused, exc.message)
            return
        except Exception as exc:  # a fault of ours: logged, said, the terminal goes on
            self.app.call_from_thread(self._failed, exc)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.deliver, worker, data)

    def deliver(self, worker: Worker[None], data: D) -> None:
        """On the UI: what ``worker`` read, shown unless it has gone stale."""
        # A newer reload, or the screen closing, makes this one stale. A screen being
        # closed is out of the stack before its widgets are gone: not shown into then.
        if not worker.is_cancelled and self.is_attached and self in self.app.screen_stack:
            self.show(data)
            self.loads_done += 1
            # The keys offered may follow what was read (y on the floor when the plan and
            # the rota disagree): the key bar asks again.
            self.refresh_bindings()

    def _refused(self, message: str) -> None:
        self.refuse(message)
        self.loads_done += 1

    def _failed(self, exc: Exception) -> None:
        self.desk.report_error("读取数据时出错", exc)
        self.loads_done += 1

    # --- acting ----------------------------------------------------------------------

    async def fetch(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
        """A read an action needs (people for a picker, say), in a thread; a refusal is shown."""
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except DomainError as exc:
            self.refuse(exc.message)
            return FAILED
        except Exception as exc:
            self.desk.report_error("读取数据时出错", exc)
            return FAILED

    async def fetch_with_progress(self, fn: Callable[..., T], *args: Any) -> T | Failed:
        """``fetch(fn, *args, progress)`` with the screen's ProgressBar following
        ``progress(done, total)`` from the thread (reading a large file, say)."""
        from textual.widgets import ProgressBar

        bar = self.query_one(ProgressBar)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        bar.update(total=None, progress=0)
        bar.display = True
        try:
            return await self.fetch(fn, *args, progress)
        finally:
            bar.display = False

    async def attempt(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
        """A domain change, in a thread and in turn; a refusal is shown, then FAILED."""
        try:
            return await off_loop(self.app, fn, *args, **kwargs)
        except DomainError as exc:
            self.refuse(exc.message)
            return FAILED
        except Exception as exc:  # nothing was saved (one transaction); logged and said
            self.desk.report_error("保存时出错，本次操作未保存", exc)
            return FAILED

    def change(
        self,
        done: str | Callable[[Any], str] | None,
        fn: Callable[..., Any],
        *args: Any,
        **kwargs: Any,
    ) -> Worker[Any]:
        """Run ``fn(store, actor, *args)`` as the signed-in person, then show the database as
        it is and ``done`` (a message, or a function of the result) when it succeeded."""
        return self.run_worker(self._change(done, fn, args, kwargs), group="change")

    async def _change(
        self,
        done: str | Callable[[Any], str] | None,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        result = await self.attempt(fn, self.desk.store, self.desk.actor, *args, **kwargs)
        self.reload()
        if result is not FAILED and done is not None:
            self.notify(done if isinstance(done, str) else done(result), markup=False)
        return result
