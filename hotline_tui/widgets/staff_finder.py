"""Find a person by typing 工号, name or pinyin initials, and choose with Enter."""

from __future__ import annotations

from typing import Any

from rich.cells import set_cell_size
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from hotline_tui.model.staff_row import StaffRow, filter_staff
from hotline_tui.model.states import Employment


def staff_line(person: StaffRow, note: str = "") -> Text:
    group = person.group or "管理"
    return Text.assemble(
        (set_cell_size(person.staff_no, 7), "bold"),
        set_cell_size(person.name, 10),
        set_cell_size(person.post, 10),
        (set_cell_size(group, 18), "dim"),
        (person.status if person.status != Employment.EMPLOYED else "", "italic"),
        (f"  {note}" if note else "", "italic yellow"),
    )


class _Choices(OptionList, can_focus=False):
    """The people the filter leaves. The typing stays in the filter (arrows and Enter are
    the finder's): a click never takes the focus from it, and where ``click_chooses`` is
    off (sign-in) a click only moves the highlight; Enter chooses."""

    def __init__(self, click_chooses: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.click_chooses = click_chooses

    def on_click(self, event: events.Click) -> None:
        if self.click_chooses:
            return
        event.prevent_default()  # OptionList's own click chooses the option
        option = event.style.meta.get("option")
        if isinstance(option, int):
            self.highlighted = option


class StaffFinder(Vertical):
    """``people`` may arrive after the finder is shown (read in a worker): until then the
    typing is kept, and an Enter pressed meanwhile is carried out when they arrive."""

    DEFAULT_CSS = """
    StaffFinder {
        height: auto;
        & > Input { border: none; height: 1; margin-bottom: 1; background: $boost; }
        & > Input:focus { border: none; background: $primary-muted; }
        & > OptionList { border: none; height: auto; max-height: 20; padding: 0; }
        & > .staff-finder--empty { color: $text-muted; display: none; }
        &.-empty > .staff-finder--empty { display: block; }
        &.-empty > OptionList { display: none; }
    }
    """

    BINDINGS = [
        # priority, as Enter is: "↓⏎" in one burst (SSH, a fast hand) moves, then chooses;
        # otherwise Enter, taken first, chose the person the arrow had not yet left
        Binding("down", "move(1)", "下一个", show=False, priority=True, id="staff_finder.down"),
        Binding("up", "move(-1)", "上一个", show=False, priority=True, id="staff_finder.up"),
        # priority: the Input would otherwise take Enter and hide it from the footer
        Binding(
            "enter", "choose", "选择", key_display="Enter", priority=True, id="staff_finder.choose"
        ),
    ]

    class Chosen(Message):
        def __init__(self, person: StaffRow) -> None:
            super().__init__()
            self.person = person

    class Missed(Message):
        """Enter with a filter that matches nobody."""

    def __init__(
        self,
        people: list[StaffRow] | None,
        placeholder: str,
        empty_text: str,
        notes: dict[int, str] | None = None,
        click_chooses: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.people = people
        self.click_chooses = click_chooses
        self.notes = notes or {}  # by staff id: what to say beside a name (不在本班排班)
        self.shown: list[StaffRow] = []
        self.shown_for: str | None = None  # the query the options were filtered by
        self.placeholder = placeholder
        self.empty_text = empty_text
        self._choose_when_loaded = False

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id="staff-query")
        yield _Choices(self.click_chooses, id="staff-options")
        yield Static(self.empty_text, classes="staff-finder--empty", markup=False)

    def on_mount(self) -> None:
        if self.people is not None:
            self._show("")

    def set_people(self, people: list[StaffRow]) -> None:
        self.people = people
        self._show(self.query_one(Input).value)
        if self._choose_when_loaded:
            self._choose_when_loaded = False
            self._choose()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._show(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(self.shown[event.option_index]))

    def _show(self, query: str) -> None:
        if self.people is None:
            return
        self.shown = filter_staff(self.people, query)
        self.shown_for = query
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(staff_line(p, self.notes.get(p.id, "")), id=p.staff_no) for p in self.shown
        )
        if self.shown:
            options.highlighted = 0
        self.set_class(not self.shown, "-empty")

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_choose(self) -> None:
        self.choose_after_typing()

    def choose_after_typing(self) -> None:
        """Choose by the filter as typed so far.

        Enter is a priority binding: it arrives before the Input has taken the keys typed
        just before it ("1004⏎" in one burst). Choose behind them, in the Input's queue.
        """
        self.query_one(Input).call_later(self._choose)

    def _choose(self) -> None:
        if self.people is None:
            self._choose_when_loaded = True
            return
        query = self.query_one(Input).value
        if query != self.shown_for:
            self._show(query)  # the filter as typed, not a list that has not caught up
        options = self.query_one(OptionList)
        if self.shown and options.highlighted is not None:
            self.post_message(self.Chosen(self.shown[options.highlighted]))
        elif not self.shown:
            self.notify("没有符合的人员，请修改筛选条件。", severity="warning", markup=False)
            self.post_message(self.Missed())
