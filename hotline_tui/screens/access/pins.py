"""The PIN at work: the idle lock, and choosing one's own PIN."""

from __future__ import annotations

from typing import Any, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from hotline_tui.domain.people.pins import change_pin, confirm
from hotline_tui.errors import DomainError
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import FOCUS_KEYS, keys_taken, off_loop, steady_cursors
from hotline_tui.screens.kit.desk import Desk
from hotline_tui.screens.kit.dialogs import Dialog
from hotline_tui.widgets.key_bar import KeyBar
from hotline_tui.widgets.pin_input import PinInput


class LockScreen(ModalScreen[None]):
    """Over everything, hiding it: the person at the terminal proves it is still them.

    Whatever was open stays open under it, drafts and dialogs too; F12 signs out instead.
    """

    BINDINGS = [
        Binding("enter", "unlock", "解锁", key_display="Enter", priority=True, id="lock.unlock"),
        # A modal screen hears none of the app's own keys but the priority ones.
        Binding("f12", "app.sign_out", "换人", key_display="F12", id="lock.sign_out"),
    ]

    @property
    def desk(self) -> Desk:
        """The desk's services for this screen (kit/desk.py)."""
        return cast("Desk", self.app)

    def compose(self) -> ComposeResult:
        actor = self.desk.actor
        who = f"{actor.post} {visible(actor.name)}（{actor.staff_no}）" if actor else ""
        with Vertical(id="lock"):
            yield Static("值班台已锁定", classes="dialog-title")
            yield Static(
                f"{who}：{self.desk.settings.lock_minutes} 分钟没有操作，已锁定。\n"
                "请输入您的 PIN 继续，打开的内容都还在；换别人登录请按 F12。",
                classes="dialog-body",
                markup=False,
            )
            yield PinInput("lock-pin", "PIN")
            yield Static("", id="lock-error", classes="dialog-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        steady_cursors(self, self.desk.settings.cursor_blink)

    def action_unlock(self) -> None:
        self.query_one(PinInput).take_typed(self._unlock)

    @work(group="unlock", exclusive=True)
    async def _unlock(self, pin: str) -> None:
        actor = self.desk.actor
        if actor is None:
            return
        try:
            await off_loop(
                self.app, confirm, self.desk.store, actor, pin, self.desk.settings.pin_lock_after
            )
        except DomainError as exc:  # digits typed after the Enter stay for the next try
            self.query_one("#lock-error", Static).update(visible(exc.message))
            return
        self.desk.unlock()


class ChangePinDialog(Dialog):
    """Choose one's own PIN: the present one, then the new one twice."""

    BINDINGS = [
        *FOCUS_KEYS,
        Binding("enter", "next", "下一项/修改", key_display="Enter", priority=True, id="pin.next"),
        Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="pin.cancel"),
    ]

    @property
    def desk(self) -> Desk:
        """The desk's services for this screen (kit/desk.py)."""
        return cast("Desk", self.app)

    def __init__(self) -> None:
        super().__init__("修改我的 PIN")

    def compose_body(self) -> ComposeResult:
        yield Static("现在的 PIN", classes="dialog-label")
        yield PinInput("pin-current", "现在的 PIN")
        yield Static("新的 PIN（6 到 12 位数字，不能全相同或连续）", classes="dialog-label")
        yield PinInput("pin-new", "新的 PIN")
        yield PinInput("pin-again", "再输入一次新的 PIN")
        yield Static("", id="pin-error", classes="dialog-error", markup=False)
        yield Static("Enter 下一项 / 修改    Esc 取消", classes="dialog-hint")

    def action_next(self) -> None:
        fields = list(self.query(PinInput))
        focused = self.focused
        if isinstance(focused, PinInput) and focused is not fields[-1]:
            self.set_focus(fields[fields.index(focused) + 1])
            return
        self._change()

    @work(group="change_pin", exclusive=True)
    async def _change(self) -> None:
        await keys_taken(self)
        actor = self.desk.actor
        if actor is None:
            return
        values: dict[str, Any] = {str(f.id): f.value for f in self.query(PinInput)}
        try:
            await off_loop(
                self.app,
                change_pin,
                self.desk.store,
                actor.staff_no,
                values["pin-current"],
                values["pin-new"],
                values["pin-again"],
            )
        except DomainError as exc:
            for field in self.query(PinInput):
                field.value = ""
            self.query_one("#pin-error", Static).update(visible(exc.message))
            self.set_focus(self.query_one("#pin-current", Input))
            return
        self.app.notify("PIN 已修改，以后请用新的 PIN 登录。", markup=False)
        self.dismiss(None)
