"""Small modal dialogs: choose a person, give a reason, confirm."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from hotline_tui.domain.roster import StaffRow
from hotline_tui.widgets.staff_finder import StaffFinder


class StaffPicker(ModalScreen[StaffRow | None]):
    BINDINGS = [Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="picker.cancel")]

    def __init__(self, title: str, people: list[StaffRow]) -> None:
        super().__init__()
        self.title_text = title
        self.people = people

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield StaffFinder(
                self.people,
                placeholder="输入工号、姓名或拼音首字母筛选",
                empty_text="没有符合的人员（已安排座位的人不在此列）。",
            )
        yield Footer(show_command_palette=False)

    def on_staff_finder_chosen(self, event: StaffFinder.Chosen) -> None:
        self.dismiss(event.person)


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; empty input is refused in place."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="prompt.cancel")]

    def __init__(
        self, title: str, placeholder: str, empty_error: str, max_length: int = 60
    ) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.empty_error = empty_error
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder=self.placeholder, max_length=self.max_length, id="prompt-input")
            yield Static("", id="prompt-error", classes="dialog-error", markup=False)
            yield Static("Enter 确定    Esc 取消", classes="dialog-hint")
        yield Footer(show_command_palette=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = " ".join(event.value.split())
        if not value:
            self.query_one("#prompt-error", Static).update(self.empty_error)
            return
        self.dismiss(value)


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter,y", "dismiss(True)", "确定", key_display="Enter", id="confirm.yes"),
        Binding("escape,n", "dismiss(False)", "取消", key_display="Esc", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.body, classes="dialog-body", markup=False)
            yield Static("Enter 确定    Esc 取消", classes="dialog-hint")
        yield Footer(show_command_palette=False)
