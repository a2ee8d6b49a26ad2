"""The first run on an empty database: the first 项目经理, then the staff list."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from hotline_tui.domain.people.manage import init_floor
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.errors import DomainError
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import FOCUS_KEYS, DeskScreen, Failed, keys_taken, off_loop
from hotline_tui.screens.kit.dialogs import Choice, ChoiceDialog
from hotline_tui.widgets.pin_input import PinInput


class StartPeople(Message):
    """To the people screen after the first run: offer the ways to bring people in."""


class FirstRunScreen(DeskScreen[Any]):
    HEADER_CONTEXT = "首次使用"
    BINDINGS = [
        *FOCUS_KEYS,
        # Enter moves on the moment it arrives; the save waits behind the keys typed before it.
        Binding(
            "enter",
            "next_or_create",
            "下一项/建立",
            key_display="Enter",
            priority=True,
            id="first_run.next",
        ),  # fmt: skip
    ]

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="first-run"):
            yield Static("欢迎使用西城热线值班台", classes="dialog-title")
            yield Static(
                "这个数据库里还没有任何人员。请先建立第一位项目经理：\n"
                "他登录后导入人员名单（CSV 或 XLSX），或逐个添加人员。",
                classes="dialog-body",
            )
            yield Static("项目经理的工号", classes="dialog-label")
            yield Input(placeholder="如 1001", max_length=16, id="first-run-no")
            yield Static("姓名", classes="dialog-label")
            yield Input(placeholder="如 王芳", max_length=20, id="first-run-name")
            yield Static("项目经理的 PIN（6 到 12 位数字，登录时用）", classes="dialog-label")
            yield PinInput("first-run-pin", "PIN")
            yield PinInput("first-run-again", "再输入一次 PIN")
            yield Static("", id="first-run-error", classes="dialog-error", markup=False)
            yield Static("Enter 下一项 / 建立    Ctrl+Q 退出", classes="dialog-hint")
        yield from self.compose_footer()

    def ready(self) -> bool:
        return False  # nothing to read: the database is empty

    def action_next_or_create(self) -> None:
        inputs = list(self.query(Input))
        focused = self.focused
        if isinstance(focused, Input) and focused is not inputs[-1]:
            self.set_focus(inputs[inputs.index(focused) + 1])  # now: the next keys go there
            return
        self._create()

    @work(group="flow", exclusive=True)
    async def _create(self) -> None:
        await keys_taken(self)
        staff_no = self.query_one("#first-run-no", Input).value
        name = self.query_one("#first-run-name", Input).value
        pin = self.query_one("#first-run-pin", Input).value
        again = self.query_one("#first-run-again", Input).value
        error = self.query_one("#first-run-error", Static)
        try:
            await off_loop(self.app, init_floor, self.desk.store, staff_no, name, pin, again)
        except DomainError as exc:
            error.update(visible(exc.message))
            for field in (
                self.query_one("#first-run-pin", Input),
                self.query_one("#first-run-again", Input),
            ):
                field.value = ""
            return
        manager = await self.fetch(staff_by_no, self.desk.store, staff_no.strip())
        if isinstance(manager, Failed):
            return
        # The first run offers its own next steps in the people area, not the checklist.
        await self.desk.sign_in(manager, mode="people", offer_setup=False)
        self.app.screen.post_message(StartPeople())


async def offer_next_step(screen: DeskScreen[Any]) -> str | None:
    """Import the staff list, add people one by one, or later."""
    return await screen.app.push_screen_wait(
        ChoiceDialog(
            "项目经理已建立。下一步：",
            [
                Choice("导入人员名单（CSV 或 XLSX）", "import"),
                Choice("逐个添加人员", "add"),
                Choice("稍后再说", None),
            ],
        )
    )
