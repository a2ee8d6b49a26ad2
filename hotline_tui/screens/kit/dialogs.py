"""Small modal dialogs: choose a person or an option, give a reason or a note, confirm, read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from hotline_tui.errors import DomainError
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen, hold_keys, keys_taken, off_loop, steady_cursors
from hotline_tui.screens.kit.desk import Desk
from hotline_tui.widgets.key_bar import KeyBar
from hotline_tui.widgets.plain_text_area import PlainTextArea
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.staff_finder import StaffFinder


class Dialog(ModalScreen[Any]):
    """A titled panel over the screen, with the footer of its keys; subclasses give the body.

    A dialog keeps its ground. One that makes a change (``accept``) makes it before it
    closes, in a thread and in turn with the other changes: a rule's refusal is shown
    in the dialog, under what was typed, which stays there to be corrected. It closes
    with what ``accept`` returned (True when that was None), or with the value itself
    when there is nothing to accept; Esc closes it with None. No key typed while it was
    open reaches the screen beneath after it closes (``hold_keys``).
    """

    @property
    def desk(self) -> Desk:
        """The desk's services for this screen (kit/desk.py)."""
        return cast("Desk", self.app)

    def __init__(self, title: str, accept: Callable[[Any], object] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.accept = accept
        self.settling = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Prose(self.title_text, classes="dialog-title")
            yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def on_mount(self) -> None:
        steady_cursors(self, self.desk.settings.cursor_blink)

    def error_line(self, id: str) -> Static:
        """Where a refusal is said, in the dialog."""
        return Prose("", id=id, classes="dialog-error")

    def show_error(self, message: str) -> None:
        self.query_one(".dialog-error", Static).update(visible(message))

    def settle(self, value: Any) -> None:
        """Close with ``value``, once ``accept`` has taken it; a refusal keeps it open."""
        if not self.settling:  # a second Enter while it is being taken takes nothing twice
            self.settling = True
            self.run_worker(self._settle(value), group="settle")

    def taken(self, value: Any) -> Any:
        """The value to accept, read once the fields have taken the keys typed before it."""
        return value

    async def _settle(self, value: Any) -> None:
        try:
            await keys_taken(self)  # the fields take the keys typed before the Enter
            value = self.taken(value)
            if self.accept is not None:
                try:
                    result = await off_loop(self.app, self.accept, value)
                except DomainError as exc:
                    self.show_error(exc.message)
                    return
                except Exception as exc:  # nothing was saved (one transaction); logged
                    self.desk.report_error("保存时出错，本次操作未保存", exc)
                    self.show_error("保存时出错，本次操作未保存。")
                    return
                value = True if result is None else result
        finally:
            self.settling = False
        self.dismiss(value)

    def dismiss(self, result: Any = None) -> AwaitComplete:
        # From this moment the keys go to the screen beneath; those made before, not yet
        # delivered, were typed into this dialog and go nowhere.
        hold_keys(self.app)
        return super().dismiss(result)


class StaffPicker(Dialog):
    BINDINGS = [Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="picker.cancel")]

    def __init__(
        self,
        title: str,
        people: list[StaffRow],
        notes: dict[int, str] | None = None,
        accept: Callable[[StaffRow], object] | None = None,
    ) -> None:
        super().__init__(title, accept)
        self.people = people
        self.notes = notes

    def compose_body(self) -> ComposeResult:
        yield StaffFinder(
            self.people,
            placeholder="输入工号、姓名或拼音首字母筛选",
            empty_text="没有符合的人员（已安排座位的人不在此列）。",
            notes=self.notes,
        )
        yield self.error_line("picker-error")

    def on_staff_finder_chosen(self, event: StaffFinder.Chosen) -> None:
        self.settle(event.person)


class TextPrompt(Dialog):
    """Ask for one line of text; empty input, or ``accept``'s refusal, is said in place."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="prompt.cancel")]

    def __init__(
        self,
        title: str,
        placeholder: str,
        empty_error: str,
        max_length: int = 60,
        accept: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(title, accept)
        self.placeholder = placeholder
        self.empty_error = empty_error
        self.max_length = max_length

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, max_length=self.max_length, id="prompt-input")
        yield self.error_line("prompt-error")
        yield Static("Enter 确定    Esc 取消", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = " ".join(event.value.split())
        if not value:
            self.show_error(self.empty_error)
            return
        self.settle(value)


class Confirm(Dialog):
    BINDINGS = [
        Binding("enter,y", "yes", "确定", key_display="Enter", id="confirm.yes"),
        Binding("escape,n", "dismiss(False)", "取消", key_display="Esc", id="confirm.no"),
    ]

    def __init__(
        self, title: str, body: str, accept: Callable[[bool], object] | None = None
    ) -> None:
        super().__init__(title, accept)
        self.body = body

    def compose_body(self) -> ComposeResult:
        yield Prose(self.body, classes="dialog-body")
        yield self.error_line("confirm-error")
        yield Static("Enter 确定    Esc 取消", classes="dialog-hint")

    def action_yes(self) -> None:
        self.settle(True)


@dataclass(frozen=True)
class Choice:
    label: str
    value: Any


class ChoiceDialog(Dialog):
    """Pick one of a few options with the arrows and Enter."""

    BINDINGS = [Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="choice.cancel")]

    def __init__(
        self,
        title: str,
        choices: list[Choice],
        initial: int = 0,
        accept: Callable[[Any], object] | None = None,
    ) -> None:
        super().__init__(title, accept)
        self.choices = choices
        self.initial = initial

    def compose_body(self) -> ComposeResult:
        options = OptionList(
            *(Option(Text(visible(c.label))) for c in self.choices), id="choice-list"
        )
        options.highlighted = self.initial
        yield options
        yield self.error_line("choice-error")
        yield Static("方向键选择    Enter 确定    Esc 取消", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.settle(self.choices[event.option_index].value)


class NotePrompt(Dialog):
    """Ask for a note of several lines; Ctrl+S saves, an empty note is refused in place."""

    BINDINGS = [
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="note.save"),
        Binding("escape", "dismiss(None)", "取消", key_display="Esc", id="note.cancel"),
    ]

    def __init__(
        self,
        title: str,
        hint: str,
        empty_error: str,
        max_length: int,
        value: str = "",
        accept: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(title, accept)
        self.hint = hint
        self.empty_error = empty_error  # "": an empty note is a valid answer
        self.max_length = max_length
        self.value = value

    def compose_body(self) -> ComposeResult:
        yield Prose(self.hint, classes="dialog-body")
        yield PlainTextArea(self.value, id="note-text", soft_wrap=True, show_line_numbers=False)
        yield self.error_line("note-error")
        yield Static("Ctrl+S 保存    Esc 取消", classes="dialog-hint")

    def action_save(self) -> None:
        value = self.query_one(TextArea).text.strip()
        if not value and self.empty_error:
            self.show_error(self.empty_error)
        elif len(value) > self.max_length:
            self.show_error(f"不超过 {self.max_length} 字（现有 {len(value)} 字）。")
        else:
            self.settle(value)


class InfoDialog(Dialog):
    """Read-only text, such as an item's history."""

    BINDINGS = [
        Binding("escape,enter", "dismiss(None)", "关闭", key_display="Esc", id="info.close")
    ]

    def __init__(self, title: str, body: Text) -> None:
        super().__init__(title)
        self.body = body

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="dialog-scroll"):
            yield Static(self.body, classes="dialog-body")
        yield Static("Esc 关闭", classes="dialog-hint")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    placeholder: str = ""
    max_length: int = 60
    value: str = ""
    # What the typed value means, shown under it as it is typed (a 工号's name and shift);
    # computed from data read before the form opened, never on the event loop.
    describe: Callable[[str], str] | None = None


class FormDialog(Dialog):
    """A few labelled lines. Enter moves on and, on the last line, saves.

    ``save(values)`` is the dialog's ``accept``: the domain call, in a thread and in
    turn with the other changes; a rule's refusal is shown here, in place, so nothing
    typed is lost.
    """

    BINDINGS = [
        Binding("escape", "dismiss(False)", "取消", key_display="Esc", id="form.cancel"),
        # Enter moves on the moment it arrives, like Tab: "08:17⏎下午" in one burst fills
        # two lines. The save waits behind the keys the last line has not taken yet.
        Binding("enter", "next_or_save", show=False, priority=True, id="form.next"),
        Binding("tab", "app.focus_next", show=False, priority=True, id="form.focus_next"),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True, id="form.focus_prev"),
    ]

    def __init__(
        self, title: str, fields: list[Field], save: Callable[[dict[str, str]], object]
    ) -> None:
        super().__init__(title, save)
        self.fields = fields

    def compose_body(self) -> ComposeResult:
        for field in self.fields:
            yield Prose(field.label, classes="dialog-label")
            yield Input(
                value=field.value,
                placeholder=field.placeholder,
                max_length=field.max_length,
                id=f"field-{field.key}",
            )
            if field.describe is not None:
                yield Static(
                    field.describe(field.value), id=f"note-{field.key}", classes="dialog-note",
                    markup=False,
                )  # fmt: skip
        yield self.error_line("form-error")
        yield Static("Enter 下一项/保存    Tab 切换    Esc 取消", classes="dialog-hint")

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#field-{f.key}", Input).value for f in self.fields}

    def on_input_changed(self, event: Input.Changed) -> None:
        for field in self.fields:
            if field.describe is not None and event.input.id == f"field-{field.key}":
                note = self.query_one(f"#note-{field.key}", Static)
                note.update(visible(field.describe(event.value)))

    def action_next_or_save(self) -> None:
        inputs = list(self.query(Input))
        focused = self.focused
        if not isinstance(focused, Input) or focused not in inputs:
            return
        index = inputs.index(focused)
        if index + 1 < len(inputs):
            self.set_focus(inputs[index + 1])  # now, not later: the next keys go there
        else:
            self.settle(None)

    def taken(self, value: Any) -> dict[str, str]:
        return self.values()


def open_dialog(
    screen: DeskScreen[Any], dialog: Dialog, done: str | Callable[[Any], str] | None
) -> None:
    """A dialog whose ``accept`` is a change: the screen shows the data again after it,
    and says ``done`` (a message, or a function of what was accepted) when it was made."""

    def closed(result: Any) -> None:
        screen.reload()
        if result is not None and result is not False and done is not None:
            screen.notify(done if isinstance(done, str) else done(result), markup=False)

    screen.app.push_screen(dialog, closed)


def changing(
    screen: DeskScreen[Any], fn: Callable[..., object], *args: Any
) -> Callable[[Any], object]:
    """An ``accept`` that makes the change ``fn(store, actor, *args, value)`` as the
    signed-in person."""

    def accept(value: Any) -> object:
        return fn(screen.desk.store, screen.desk.actor, *args, value)

    return accept


def open_form(
    screen: DeskScreen[Any],
    title: str,
    fields: list[Field],
    save: Callable[[dict[str, str]], object],
    done: str,
) -> None:
    """A form whose save is a change: the screen shows the data again after it, and
    says ``done`` when it was saved."""
    open_dialog(screen, FormDialog(title, fields, save), done)
