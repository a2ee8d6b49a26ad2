"""Who is at the terminal: a person chosen from those who may sign in, proven by their PIN.

Keys typed in one burst ("1004⏎147258⏎": a paste, keys bunched over SSH) land
where they were meant: the first Enter moves the focus to the PIN at once and
chooses the person by the filter as typed; the second waits for both.

The screen is the first frame of a floor terminal, drawn before the store is open:
the roster and the PIN check are imported when they are first used.
"""

from __future__ import annotations

import asyncio

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotline_tui.errors import DomainError
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen, keys_taken, off_loop
from hotline_tui.widgets.pin_input import PinInput
from hotline_tui.widgets.staff_finder import StaffFinder


class SignInScreen(DeskScreen[list[StaffRow] | None]):
    HEADER_CONTEXT = "登录"
    BINDINGS = [
        Binding("enter", "enter", "下一步", key_display="Enter", priority=True, id="sign_in.enter"),
        # Keys typed while the program starts reach it through the terminal's line
        # discipline, which turns Enter into a newline (Ctrl+J): the same key here.
        Binding("ctrl+j", "enter", show=False, priority=True, id="sign_in.typed_ahead_enter"),
        Binding("escape", "back", "重新选择", key_display="Esc", id="sign_in.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stage = "who"  # then "pin", and "new" after a temporary PIN
        self.person: StaffRow | None = None
        self._known = asyncio.Event()  # the person is known (or known to be nobody)
        self._temporary_pin = ""

    def on_mount(self) -> None:
        super().on_mount()
        self.set_context(f"登录  {describe_day(self.desk.clock.now().date())}")
        self.query_one("#sign-in-pin").display = False
        self.query_one("#sign-in-new").display = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Vertical(id="sign-in"):
            yield Static("请选择您的身份", classes="dialog-title")
            yield Static(
                "值班长、班长、运营主管和项目经理可以登录：选择自己，再输入 PIN。\n"
                "登录后的每一次修改都记在您的名下。",
                classes="dialog-body",
            )
            # The people arrive from a worker; typing (and Enter) may start before they do.
            yield StaffFinder(
                None,
                placeholder="输入工号、姓名或拼音首字母筛选（如 zs 找张三）",
                empty_text="没有符合的人员，请修改筛选条件。",
                # A click (focusing a browser's page, say) must not choose whose PIN
                # the next keys are.
                click_chooses=False,
            )
            yield Static(
                "数据库中还没有可以登录的人员（值班长、班长、运营主管或项目经理）。\n"
                "请项目经理用 hotline-tui import-staff 导入人员名单；"
                "运行 hotline-tui demo 可以用演示数据体验。",
                id="sign-in-nobody",
                classes="empty-state",
            )
            with Vertical(id="sign-in-pin"):
                yield Static("", id="sign-in-person", classes="dialog-body", markup=False)
                yield PinInput("pin", "PIN（6 到 12 位数字）")
                with Vertical(id="sign-in-new"):
                    yield Static(
                        "这是项目经理或运营主管给您的临时 PIN，请设置您自己的 PIN（6 到 12 位数字）：",
                        classes="dialog-body",
                    )
                    yield PinInput("pin-new", "新的 PIN")
                    yield PinInput("pin-again", "再输入一次新的 PIN")
                yield Static("", id="sign-in-error", classes="dialog-error", markup=False)
        yield from self.compose_footer()

    def read(self) -> list[StaffRow] | None:
        """The people who may sign in; None on a new database with nobody at all."""
        return self.desk.people_who_sign_in()

    def show(self, data: list[StaffRow] | None) -> None:
        if data is None:
            if self.app.screen is self:  # once: it stays until the first manager exists
                self.app.push_screen(self.desk.first_run_screen())
            return
        finder = self.query_one(StaffFinder)
        finder.display = bool(data) and self.stage == "who"
        self.query_one("#sign-in-nobody").display = not data
        finder.set_people(data)

    # --- keys ------------------------------------------------------------------------------

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.stage != "who"
        return True

    def action_enter(self) -> None:
        if self.stage == "who":
            finder = self.query_one(StaffFinder)
            if finder.people is not None and not finder.people:
                return  # nobody to choose from
            self._to_pin()
            finder.choose_after_typing()
        elif self.stage == "pin":
            self.query_one("#pin", PinInput).take_typed(self._sign_in)
        elif self.focused is self.query_one("#pin-new", Input):
            self.set_focus(self.query_one("#pin-again", Input))
        else:
            self._choose_own_pin()

    def action_back(self) -> None:
        self.stage = "who"
        self.person = None
        self._known = asyncio.Event()
        for field in self.query(Input).exclude("#staff-query"):
            field.value = ""
        self.query_one("#sign-in-error", Static).update("")
        self.query_one("#sign-in-pin").display = False
        self.query_one("#sign-in-new").display = False
        finder = self.query_one(StaffFinder)
        finder.display = True
        self.set_focus(finder.query_one(Input))

    def _to_pin(self) -> None:
        # At once, not after the keys before it: the digits typed next are the PIN.
        self.stage = "pin"
        self.person = None
        self._known = asyncio.Event()
        self.query_one("#sign-in-person", Static).update("")
        self.query_one("#sign-in-pin").display = True
        self.query_one(StaffFinder).display = False
        self.set_focus(self.query_one("#pin", Input))

    def on_staff_finder_chosen(self, event: StaffFinder.Chosen) -> None:
        if self.stage == "who":  # chosen with the mouse
            self._to_pin()
        self.person = event.person
        p = event.person
        self.query_one("#sign-in-person", Static).update(
            f"{visible(p.name)}（{p.staff_no}，{p.post}{'，' + p.group if p.group else ''}）请输入 PIN："
        )
        self._known.set()

    def on_staff_finder_missed(self, _event: StaffFinder.Missed) -> None:
        # Stay on the PIN: digits typed after the Enter must not land in the filter, in clear.
        self.person = None
        typed = self.query_one("#staff-query", Input).value.strip()
        self.query_one("#sign-in-person", Static).update(
            f"没有符合“{visible(typed)}”的可登录人员，请按 Esc 重新选择。"
        )
        self._known.set()

    # --- proving -------------------------------------------------------------------------

    def _say_no(self, message: str) -> None:
        # The PIN was taken from its field at the Enter: what is there now was typed
        # after it (the next try) and stays. A new PIN is chosen again from the start.
        if self.stage == "new":
            for field in self.query(Input).exclude("#staff-query").exclude("#pin"):
                field.value = ""
        self.query_one("#sign-in-error", Static).update(visible(message))
        self.set_focus(self.query_one("#pin-new" if self.stage == "new" else "#pin", Input))

    @work(group="flow", exclusive=True)
    async def _sign_in(self, pin: str) -> None:
        await self._known.wait()
        person = self.person
        if self.stage != "pin":
            return
        if person is None:
            self._say_no("请先按 Esc 选择要登录的人员。")
            return
        try:
            result = await off_loop(self.app, self.desk.verify_pin, person.staff_no, pin)
        except DomainError as exc:
            self._say_no(exc.message)
            return
        if result.must_change:
            self.stage = "new"
            self._temporary_pin = pin
            self.query_one("#sign-in-error", Static).update("")
            self.query_one("#sign-in-new").display = True
            # The temporary PIN shows as accepted; digits typed after its Enter begin
            # the new one.
            field = self.query_one("#pin", Input)
            self.query_one("#pin-new", Input).value, field.value = field.value, pin
            field.disabled = True
            self.set_focus(self.query_one("#pin-new", Input))
            return
        await self.desk.sign_in(result.person)

    @work(group="flow", exclusive=True)
    async def _choose_own_pin(self) -> None:
        await keys_taken(self)
        person = self.person
        if person is None:
            return
        new = self.query_one("#pin-new", Input).value
        again = self.query_one("#pin-again", Input).value
        try:
            await off_loop(
                self.app,
                self.desk.change_own_pin,
                person.staff_no,
                self._temporary_pin,
                new,
                again,
            )
        except DomainError as exc:
            self._say_no(exc.message)
            return
        self.notify("PIN 已修改，以后请用新的 PIN 登录。", markup=False)
        await self.desk.sign_in(person)
