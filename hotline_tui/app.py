"""HotlineApp and make_app(): screens, key bindings, the palette and the one-second loop.

Start-up: the first frame is drawn from Textual and the light modules alone. Given a
way to open the database instead of an open store, the app opens it in a worker
after that frame (SQLAlchemy and the tables are imported there), and the screens'
reads, which run in threads, wait for it; the person can type meanwhile. A test
(``tests/flows/test_startup.py``) keeps the ORM out of this module's imports.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.notifications import SeverityLevel
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.widget import AwaitMount

from hotline_tui.clock import Clock
from hotline_tui.config import Settings
from hotline_tui.errors import StoreError
from hotline_tui.logs import logged
from hotline_tui.model.arrival import ArrivalRule
from hotline_tui.model.countdown import BAND_MARKS, OpenClock, Warning
from hotline_tui.model.floorplan import Floorplan, load_floorplan
from hotline_tui.model.permissions import LABELS, MANAGERS, Action, permits, who_may
from hotline_tui.model.pin_rules import PinRefused, SignedIn, WrongTries, wait_text
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import visible
from hotline_tui.screens.access.sign_in import SignInScreen
from hotline_tui.screens.handover.show import ShowHandover
from hotline_tui.screens.kit.base import DataChanged, DeskScreen, held, off_loop
from hotline_tui.screens.kit.desk import Desk, Flushable
from hotline_tui.screens.kit.help import KeysHelp, help_text
from hotline_tui.screens.kit.palette import DeskCommands, desk_palette
from hotline_tui.screens.kit.too_small import TooSmallScreen, too_small
from hotline_tui.seam import desk
from hotline_tui.services.backup_keeper import BackupKeeper
from hotline_tui.services.change_watch import ChangeWatch
from hotline_tui.services.clock_warnings import ClockWarnings
from hotline_tui.services.idle_lock import IdleLock
from hotline_tui.services.status import HeaderAlerts, Status, read_status
from hotline_tui.styles import SteadyStylesheet
from hotline_tui.widgets.app_header import NOTHING, AppHeader, Said
from hotline_tui.widgets.key_bar import Notice
from hotline_tui.workdays import Calendar, load_calendar

if TYPE_CHECKING:
    import pendulum

    from hotline_tui.db.store import Store
    from hotline_tui.model.staff_row import StaffRow

# Opens the database (and brings it up to date) in a worker thread.
StoreOpener = Callable[[], "Store"]


def _area(mode: str) -> Callable[[], Screen]:
    """A mode's first screen, from behind the start-up seam: the floor terminal's first
    frame is the sign-in, and every area comes after it."""
    return lambda: desk().AREAS[mode]()


class HotlineApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "西城热线值班台"
    ENABLE_COMMAND_PALETTE = True
    # The palette lists the desk's commands in Chinese, found by pinyin initials too.
    COMMANDS = {DeskCommands}
    # One mode per area of the desk, each with its own screen stack, so that
    # leaving a half-written handover for the floor plan and coming back finds it as it was.
    MODES = {
        "sign_in": SignInScreen,
        "floor": _area("floor"),
        "handover": _area("handover"),
        "attendance": _area("attendance"),
        "clocks": _area("clocks"),
        "meeting": _area("meeting"),
        "indicators": _area("indicators"),
        "people": _area("people"),
        "audit": _area("audit"),
        "reports": _area("reports"),
    }
    # The first screen is the sign-in's, built with the app: switching to it from an
    # empty default mode would parse the whole stylesheet once more before the first frame.
    DEFAULT_MODE = "sign_in"
    # Where a sign-in lands, and where an app signed in from the start opens.
    FIRST_AREA = "floor"
    # The areas a signed-in person works in; signing out closes them all.
    DESK_MODES = ("floor", "handover", "attendance", "clocks", "meeting", "indicators", "people",
                  "audit", "reports")  # fmt: skip
    BINDINGS = [
        Binding("ctrl+q", "quit", "退出", key_display="Ctrl+Q", priority=True, id="app.quit"),
        Binding("f2", "area('floor')", "坐席图", key_display="F2", id="app.floor"),
        Binding("f3", "area('handover')", "交接班", key_display="F3", id="app.handover"),
        Binding("f4", "area('attendance')", "考勤", key_display="F4", id="app.attendance"),
        Binding("f5", "area('clocks')", "时效", key_display="F5", id="app.clocks"),
        Binding("f6", "area('meeting')", "早班会", key_display="F6", id="app.meeting"),
        Binding("f7", "area('indicators')", "指标", key_display="F7", id="app.indicators"),
        Binding("f8", "area('people')", "人员", key_display="F8", id="app.people"),
        Binding("f9", "area('audit')", "操作记录", key_display="F9", id="app.audit"),
        Binding("f9", "audit_refused", "", show=False, id="app.audit_refused"),
        Binding("f10", "area('reports')", "汇报", key_display="F10", id="app.reports"),
        Binding("f12", "sign_out", "换人", key_display="F12", id="app.sign_out"),
        # Every key of the screen in front; the key bar always ends with it.
        Binding("f1,question_mark", "help", "帮助", key_display="F1", show=False, id="app.help"),
        Binding("ctrl+p", "command_palette", "命令", key_display="Ctrl+P", id="app.palette"),
    ]

    # Read by every screen's header; updated by the one-second tick. Plain vars: a
    # reactive of the App repaints the whole screen when it changes (30 KB a second
    # over SSH for the clock); the header's own reactives repaint only the header.
    now_text: var[str] = var("")
    actor_text: var[Said] = var(NOTHING)
    # The header's warnings: a handover not yet signed, backups gone stale.
    header_alert: var[Said] = var(NOTHING)
    clocks_text: var[Said] = var(NOTHING)
    # The notices not expired yet, oldest first: every screen's key bar shows them on
    # lines of their own.
    notices: var[tuple[Notice, ...]] = var(())
    clocks_band = "normal"

    def __init__(
        self,
        settings: Settings,
        store: Store | StoreOpener,
        clock: Clock,
        floorplan: Floorplan,
        actor: StaffRow | None = None,
        calendar: Calendar | None = None,
    ) -> None:
        if actor is not None:
            # Signed in from the start (``start --as``, the tests): the floor is the first
            # screen, not a sign-in screen composed, read and drawn to be left at once
            # (0.12 s of a core). Textual reads DEFAULT_MODE only here, in its __init__.
            setattr(self, "DEFAULT_MODE", self.FIRST_AREA)  # noqa: B010 - a ClassVar, per app
        super().__init__()
        self._steady = SteadyStylesheet(variables=self.get_css_variables())
        self.stylesheet = self._steady
        # What the styles shown were applied from (refresh_css); set by Textual's own
        # refresh as the app starts.
        self._css_applied: tuple[object, ...] = ()
        self.settings = settings
        self.clock = clock
        self._store: Store | None = None
        self._opener: StoreOpener | None = None
        self._store_ready = threading.Event()
        # Why the database could not be opened in the background; the app has ended then.
        self.open_error: Exception | None = None
        self.floorplan = floorplan
        # Known before the first screen is composed: its keys are the actor's from the start.
        self.actor: StaffRow | None = actor
        # The App's own work beside the screens (hotline_tui/services).
        self.idle = IdleLock(clock, settings.lock_minutes)
        # A browser's session under ``serve``: left idle, it is closed, not locked, so
        # that a forgotten tab does not hold one of the server's few desks.
        self.served = False
        self._closing_idle = False
        self._notice_serial = 0
        # Wrong PINs typed at this terminal: each try after the third waits longer.
        self.wrong_tries = WrongTries()
        self.changes = ChangeWatch(lambda: self.store.change_marker())
        self.alerts = HeaderAlerts()
        self.backups = BackupKeeper(self, partial(self._take_alert, "backup"))
        self.calendar = calendar or Calendar()
        # Open clocks, read again when the database changes; warnings are per terminal.
        self.warnings = ClockWarnings(self.calendar)
        # The minute the header's status was last read: a shift change falls on one.
        self._status_minute: str | None = None
        # Where the traceback of an unexpected end was written, for the command line.
        self.crash_note = ""
        # Drafts still open in any area, saved once more when the app closes.
        self.open_forms: set[Flushable] = set()
        self.shifts: list[Shift] = []
        if callable(store):
            self._opener = store
        else:
            self._take_store(store, desk().list_shifts(store))

    @property
    def store(self) -> Store:
        """The database. Before it is open, this waits for it (in a screen's read, in a
        thread); it is open within a second of the first frame, or the app has ended."""
        if self._store is None:
            self._store_ready.wait()
            if self._store is None:  # the app is ending; a screen's read says why, quietly
                raise StoreError(f"数据库没有打开：{self.open_error}") from self.open_error
        return self._store

    @property
    def store_if_open(self) -> Store | None:
        return self._store

    def _take_store(self, store: Store, shifts: list[Shift]) -> None:
        self.shifts = shifts
        self._store = store
        self._store_ready.set()

    @cached_property
    def arrival_rule(self) -> ArrivalRule:
        """正式人员: whom the arrival rate counts, as the settings say."""
        return ArrivalRule.of(self.settings)

    def on_mount(self) -> None:
        if self._opener is not None:
            self.call_after_refresh(self._after_first_frame)
        else:
            self._store_is_here()
        # The first frame, the floor and the header's warning come first; then the clocks' warnings.
        self.set_timer(self.settings.poll_seconds, self._allow_warnings)
        self._tick()
        self.set_interval(self.settings.poll_seconds, self._tick)
        if self.actor is not None:  # signed in from the start: the rest of the sign-in
            self.sign_in(self.actor)
        self.call_after_refresh(lambda: self._check_size(*self.size))

    def _after_first_frame(self) -> None:
        """Open the store once the first screen has been drawn: the import of the ORM
        would otherwise hold up that frame (one interpreter lock for both)."""
        if not (isinstance(self.screen, DeskScreen) and self.screen.is_mounted):
            self.call_after_refresh(self._after_first_frame)
            return
        self.call_after_refresh(self._open_store)

    @work(thread=True, exit_on_error=False, group="open")
    def _open_store(self) -> None:
        assert self._opener is not None
        try:
            store = self._opener()
            shifts = desk().list_shifts(store)
        except Exception as exc:
            self.open_error = exc
            self._store_ready.set()  # whatever waits for the store learns it failed
            self.call_from_thread(self.exit, return_code=2)
            return
        self._take_store(store, shifts)
        self.call_from_thread(self._store_opened)

    def _store_opened(self) -> None:
        self._tick()  # the header's warning and clocks, read now
        self._store_is_here()
        self.screen.post_message(DataChanged())  # what the screen waits to show

    def _store_is_here(self) -> None:
        store = self.store
        if store.read_only:  # a full disk, a read-only mount: said on every screen
            self._take_alert("store", Said(store.read_only_text, "只读"))
        self.backups.start()

    def refresh_css(self, animate: bool = True) -> None:
        # Textual restyles every widget of the screen in front whenever another screen
        # shows for the first time: twice on the way from the sign-in to an area, 15–30
        # ms each, in one go on the event loop. With the same rules, variables and theme
        # as at the last restyle that gives the same styles (the new screen is styled as
        # it mounts), so it is done only when one of them has changed.
        state = self._steady.state(self.get_css_variables(), frozenset(self.classes))
        if state == self._css_applied:
            return
        super().refresh_css(animate)
        self._css_applied = state

    def report_error(self, what: str, exc: BaseException) -> None:
        """An error nobody foresaw: into the log file, with a notice saying where."""
        text = f"{what}：{exc}。{logged(what, exc)}"
        if all(notice.message != text for notice in self.notices):  # said once while shown
            self.notify(text, severity="error", markup=False, timeout=30)

    def _handle_exception(self, error: Exception) -> None:
        # The app ends with Textual's traceback on the screen, gone with an SSH session:
        # the log keeps it, and the command line says where (commands/run.py: ended).
        self.crash_note = logged("值班台意外退出", error)
        super()._handle_exception(error)

    def _take_alert(self, what: str, said: Said) -> None:
        self.header_alert = self.alerts.take(what, said)

    def _allow_warnings(self) -> None:
        self.warnings.ready = True
        self._watch_clocks()  # what is already due is heard now, not a tick later

    def sign_in(
        self, person: StaffRow, mode: str = FIRST_AREA, *, offer_setup: bool = True
    ) -> AwaitMount:
        self.actor = person
        # 值班长 钟嘉（1004）; a narrow header keeps the name: who is at the terminal.
        name = visible(person.name)
        self.actor_text = Said(f"{person.post} {name}（{person.staff_no}）", name)
        self.idle.unlock()
        self._watch_clocks()  # whoever just signed in hears what is already due
        if offer_setup and person.post in MANAGERS:
            self._offer_checklist(mode)
        return self.switch_mode(mode)

    @work(thread=True, exclusive=True, group="checklist", exit_on_error=False)
    def _offer_checklist(self, mode: str) -> None:
        """A manager signing in to a floor not set up yet sees what it lacks first."""
        parts = desk()
        items = parts.setup_checklist(self.store, self.settings.backup_folder, self.clock.now())
        if parts.needs_setup(items):
            self.call_from_thread(self._show_checklist, mode, items)

    def _show_checklist(self, mode: str, items: list[Any]) -> None:
        """Over the area just opened; a manager who has already moved on is told instead."""
        if self.actor is None or self.idle.locked:
            return
        if self.current_mode == mode and len(self.screen_stack) == 1:
            self.push_screen(desk().SetupChecklistScreen())
            return
        left = sum(not item.done for item in items)
        self.notify(f"开通清单还有 {left} 项未完成：在人员（F8）按 o 查看。", markup=False)

    async def _save_drafts(self) -> None:
        """The last words of every open draft, in turn with the changes still running."""
        for form in list(self.open_forms):
            save = form.last_save()
            if save is not None:
                await off_loop(self, save)

    async def action_sign_out(self) -> None:
        """Save what is typed, close every area and show the sign-in for the next person."""
        await self._save_drafts()
        self.open_forms.clear()
        self.actor = None
        self.actor_text = NOTHING
        self.idle.locked = False
        self.warnings.forget_heard()  # the next person hears what is due, too
        if self.current_mode == "sign_in":
            return
        # A fresh sign-in screen, then the areas of the one who left, closed.
        if "sign_in" in self._screen_stacks:
            await self.remove_mode("sign_in")
            self.add_mode("sign_in", SignInScreen)
        await self.switch_mode("sign_in")
        for mode in self.DESK_MODES:
            await self.remove_mode(mode)
            self.add_mode(mode, self.MODES[mode])

    def lock(self) -> None:
        """Nobody at the terminal for a while: ask for the PIN again, keeping everything open."""
        self.idle.locked = True
        self.push_screen(desk().LockScreen())

    def unlock(self) -> None:
        self.idle.unlock()
        self.pop_screen()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown,
                              events.MouseScrollUp)):  # fmt: skip
            self.idle.touch()
        if not event.is_forwarded and held(self, event):
            return  # typed while a dialog was open: it was the dialog's, not this screen's
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # The desk's notices replace Textual's toasts (drawn over the screen, they cut
        # Chinese in half): kept here, drawn by every screen's key bar, each gone after
        # its timeout. Whatever a message quotes (a file's cell, a name), no control
        # character reaches the terminal: one place for every notice of every screen.
        message, title = visible(message), visible(title)
        if markup:
            with contextlib.suppress(Exception):  # not markup after all: shown as written
                message = Content.from_markup(message).plain
        self._post_notice(Notice(message, severity, title), timeout)

    def _post_notice(self, notice: Notice, timeout: float | None) -> None:
        self._notice_serial += 1
        notice = notice._replace(serial=self._notice_serial)
        self.notices = (*self.notices, notice)
        self.set_timer(
            self.NOTIFICATION_TIMEOUT if timeout is None else timeout,
            partial(self._end_notice, notice.serial),
        )

    def _end_notice(self, serial: int) -> None:
        if any(n.serial == serial for n in self.notices):
            self.notices = tuple(n for n in self.notices if n.serial != serial)

    def clear_notifications(self) -> None:
        self.notices = ()

    async def action_quit(self) -> None:
        await self._save_drafts()
        self.exit()

    def on_show_handover(self, message: ShowHandover) -> None:
        parts = desk()
        screen_type = parts.HandoverFormScreen if message.form else parts.HandoverDetailScreen
        screen = screen_type(message.handover_id, message.view)
        if message.replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_area(self, mode: str) -> None:
        if mode == self.current_mode:
            for _ in range(len(self.screen_stack) - 1):
                self.pop_screen()
            return
        self.switch_mode(mode)

    def action_audit_refused(self) -> None:
        """F9 from a post without the audit trail: not in its footer, but said, not ignored."""
        post = self.actor.post if self.actor else ""
        self.notify(
            f"{post}不能{LABELS[Action.READ_AUDIT]}"
            f"（可以的岗位：{'、'.join(who_may(Action.READ_AUDIT))}）。",
            severity="error",
            markup=False,
        )

    def _back_to_area_allowed(self) -> bool:
        above = self.screen_stack[1:]
        forms: set[object] = set(self.open_forms)  # a form with unsaved words stays open
        return bool(above) and not any(
            isinstance(screen, ModalScreen) or screen in forms for screen in above
        )

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        """Say which size the desk needs while the terminal is smaller (screens/too_small)."""
        shown = any(isinstance(screen, TooSmallScreen) for screen in self.screen_stack)
        if too_small(width, height) and not shown:
            self.push_screen(TooSmallScreen())
        elif isinstance(self.screen, TooSmallScreen) and not too_small(width, height):
            self.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.screen, TooSmallScreen) and action != "quit":
            return False
        if action == "area":
            # Nothing but sign-in before someone is at the terminal, nothing but the PIN
            # while it is locked. The area shown: its key goes back to its first screen
            # from a screen opened over it (QC under F7), not from a dialog or a form.
            if self.actor is None or self.idle.locked:
                return False
            if self.current_mode == parameters[0]:
                return self._back_to_area_allowed()
            return parameters[0] != "audit" or permits(self.actor, Action.READ_AUDIT)
        if action == "audit_refused":  # F9 falls through to it when the area is refused
            return self.actor is not None and not permits(self.actor, Action.READ_AUDIT)
        if action == "command_palette":
            return self.actor is not None and not self.idle.locked
        if action == "sign_out":
            return self.actor is not None
        return True

    def _tick(self) -> None:
        """Once a second: the clock in the header, and changes from other terminals."""
        self.now_text = self.clock.now().format("HH:mm:ss")  # the date is in each screen's context
        if self.served and self.idle.gone() and not self._closing_idle:
            self._closing_idle = True
            # What is typed is saved, then the session ends, as Ctrl+Q does.
            self.run_worker(self.action_quit(), group="idle")
            return
        if self._store is None:
            return  # still opening: _store_opened ticks again
        look = self.changes.look()
        if look.failure:
            self.notify(look.failure, severity="error", markup=False, timeout=15)
        minute = self.now_text[:5]
        self.backups.each_minute(minute)
        # A shift change falls on a minute: the handover warning is read again then too.
        if look.first or look.changed or minute != self._status_minute:
            self._status_minute = minute
            self._read_status()
        if look.changed:
            self.screen.post_message(DataChanged())
        self._watch_clocks()
        if self.idle.due(self.actor is not None):
            self.lock()

    @work(thread=True, exclusive=True, group="status")
    def _read_status(self) -> None:
        status = read_status(self)
        self.call_from_thread(self._take_status, status)

    def _take_status(self, status: Status) -> None:
        self.take_clocks(status.clocks)
        self._take_alert("handover", status.handover)
        self._take_alert("reports", status.reports)

    @property
    def clocks(self) -> list[OpenClock]:
        return self.warnings.clocks

    def take_clocks(self, clocks: list[OpenClock]) -> None:
        """The open clocks as just read (here, or by the 时效 screen): header and warnings."""
        self.warnings.clocks = clocks
        self._watch_clocks()

    def _watch_clocks(self) -> None:
        """The header's urgent count and nearest deadline, and each warning once, with the bell."""
        now = self.clock.now()
        self.clocks_band, full, short = self.warnings.summary(now)
        self.clocks_text = Said(full, short) if full else NOTHING
        self._keep_warnings_live(now)
        for warning in self.warnings.due(now, self.actor is not None):
            self.bell()
            self._post_notice(_warning_notice(warning), timeout=20)

    def _keep_warnings_live(self, now: pendulum.DateTime) -> None:
        """The clocks' warnings shown now say the time left as the header does (剩 00:44,
        not the 00:47 of when they sounded); one whose clock has closed goes."""
        shown: list[Notice] = []
        for notice in self.notices:
            if notice.clock is not None:
                warning = self.warnings.as_now(notice.clock, now)
                if warning is None:
                    continue
                notice = _warning_notice(warning)._replace(serial=notice.serial)
            shown.append(notice)
        if tuple(shown) != self.notices:
            self.notices = tuple(shown)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen, by its Chinese name, plus quit."""
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            if binding.description.isascii():
                continue  # Textual's own keys (Scroll Home…) are described in English
            seen.add(binding.action)
            key = binding.key_display or binding.key
            yield SystemCommand(
                binding.description,
                f"按键 {key}",
                partial(self.run_action, binding.action, active.node),
            )
        if self.actor is not None:
            yield SystemCommand("修改我的 PIN", "输入现在的 PIN 和新的 PIN", self._change_pin)
        if "quit" not in seen:
            yield SystemCommand("退出", "关闭值班台", self.action_quit)

    def action_command_palette(self) -> None:
        if not any(isinstance(screen, CommandPalette) for screen in self.screen_stack):
            self.push_screen(desk_palette())

    def action_help(self) -> None:
        if isinstance(self.screen, KeysHelp):
            return
        bindings = (
            (node, b, enabled) for node, b, enabled, _ in self.screen.active_bindings.values()
        )
        self.push_screen(KeysHelp(f"按键帮助：{self.screen_name()}", help_text(self, bindings)))

    def screen_name(self) -> str:
        """The screen in front as its header names it (坐席图…), for the help's title."""
        headers = list(self.screen.query(AppHeader))
        return (headers[0].screen_name if headers else "") or "本屏"

    # --- the sign-in's, from behind the seam (kit/desk.py: Desk) ----------------------------

    def people_who_sign_in(self) -> list[StaffRow] | None:
        # The store first: it is opened (and the desk imported) in one thread behind the
        # first frame; a second thread importing beside it kept the event loop from the
        # interpreter lock for 50 ms at a time.
        store = self.store
        parts = desk()
        if parts.nobody_yet(store):
            return None
        return parts.list_staff(store, sign_in_only=True)

    def verify_pin(self, staff_no: str, pin: str) -> SignedIn:
        """In a thread: a sign-in, slowed down after wrong PINs typed here (whoever's)."""
        wait = self.wrong_tries.wait(self.clock.now())
        if wait:
            raise PinRefused(wait_text(wait))
        lock_after = self.settings.pin_lock_after
        try:
            result = desk().verify_pin(self.store, staff_no, pin, lock_after)
        except PinRefused:
            self.wrong_tries.wrong(self.clock.now())
            raise
        self.wrong_tries.right()
        return result

    def change_own_pin(self, staff_no: str, current: str, new: str, again: str) -> None:
        desk().change_pin(self.store, staff_no, current, new, again, self.settings.pin_lock_after)

    def first_run_screen(self) -> Screen:
        return desk().FirstRunScreen()

    def _change_pin(self) -> None:
        self.push_screen(desk().ChangePinDialog())


def _warning_notice(warning: Warning) -> Notice:
    """A clock's warning as a notice: its band's word as the title, error once overdue."""
    severity = "error" if warning.band == "overdue" else "warning"
    return Notice(warning.message, severity, BAND_MARKS[warning.band], clock=warning.clock.key)


def _desk_of(app: HotlineApp) -> Desk:
    """The App is the screens' desk: the type checker holds it to the protocol here."""
    return app


def make_app(
    settings: Settings,
    store: Store | StoreOpener,
    clock: Clock,
    *,
    floorplan: Floorplan | None = None,
    actor: StaffRow | None = None,
) -> HotlineApp:
    """The one way to build the app, for the command line and the tests alike.

    ``store`` is an open store, or a function that opens one: then the first frame is
    drawn before the database is touched, and the store is opened in a worker.
    """
    return HotlineApp(
        settings,
        store,
        clock,
        floorplan or load_floorplan(settings.floorplan_path),
        actor,
        load_calendar(*settings.workdays_paths),
    )
