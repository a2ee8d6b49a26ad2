"""早班会: the morning meeting of one date and shift; its roll call is the attendance board."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain import meetings
from hotline_tui.domain.attendance.board import Board, board_for
from hotline_tui.domain.indicators.traffic import DayTraffic, day_traffic
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action
from hotline_tui.model.shifts import Shift, describe_day
from hotline_tui.model.states import ItemStatus
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.attendance.board import mark_from, rest_present_from
from hotline_tui.screens.kit.base import FOCUS_KEYS, DeskScreen, Failed, keys_taken, off_loop
from hotline_tui.screens.kit.dialogs import Field, FormDialog, StaffPicker
from hotline_tui.widgets.pane import Pane
from hotline_tui.widgets.plain_text_area import PlainTextArea
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.roll_call import RollCall, counts


@dataclass(frozen=True)
class MeetingData:
    """One date and shift's meeting (None before anyone wrote it) and its roll call."""

    day: date
    shift: Shift
    view: meetings.MeetingView | None
    board: Board
    yesterday: DayTraffic | None = None  # the calls of the day before, from the platform


class MeetingScreen(DeskScreen[MeetingData]):
    NEEDS = {
        "save": Action.MEETINGS,
        "add_action": Action.MEETINGS,
    }
    BINDINGS = [
        *FOCUS_KEYS,
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="meeting.save"),
        Binding("ctrl+n", "add_action", "行动项", key_display="Ctrl+N", id="meeting.action"),
        Binding("ctrl+b", "next_shift", "切换班次", key_display="Ctrl+B", id="meeting.shift"),
        Binding("ctrl+o", "history", "历史记录", key_display="Ctrl+O", id="meeting.history"),
    ]

    def __init__(self, day: date | None = None, shift: Shift | None = None) -> None:
        super().__init__()
        self.day = day
        self.shift = shift
        # Which meeting the text boxes hold, its id once it exists, and the version they came from.
        self.text_of: tuple[date, int] | None = None
        self.meeting_id: int | None = None
        self.version: int | None = None
        self.saved: dict[str, str] = {}
        self.conflict = False
        self._save_lock = asyncio.Lock()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="meeting-body"):
            with Vertical(id="meeting-main"):
                with Horizontal(id="meeting-meta"):
                    yield Static("", id="meeting-host", markup=False)
                    yield Static("开会时间", classes="filter-label")
                    yield Input(placeholder="HH:MM", max_length=5, id="meeting-time")
                for key, title in meetings.SECTIONS:
                    yield Static(title, classes="section-title")
                    if key == "review":  # yesterday's calls from the records; the note below
                        yield Prose(id="meeting-yesterday", classes="hint")
                    yield PlainTextArea(id=f"meeting-{key}", soft_wrap=True, highlight_cursor_line=False,
                                        classes="section-text")  # fmt: skip
            with Pane(id="meeting-side"):
                yield Static(
                    "点名（即考勤：1 出勤 至 9 旷工，a 其余出勤）", classes="section-title"
                )
                yield Static("", id="meeting-counts", markup=False)
                yield RollCall(id="meeting-roll")
                yield Static("行动项（Ctrl+N 新增，会带入交接班直到关闭）", classes="section-title")
                yield Static("", id="meeting-actions")
                yield Static("", id="meeting-status", classes="hint", markup=False)
        yield from self.compose_footer()

    def size_classes(self, size: Size) -> dict[str, bool]:
        # Under 120 columns the roll call takes half the width, so that the notes are not
        # squeezed into a column of a few characters; wider, it is shown whole.
        return {"-narrow": size.width < 120}

    def on_mount(self) -> None:
        super().on_mount()
        now = self.desk.clock.now()
        self.day = self.day or now.date()
        self.shift = self.shift or self.desk.shifts[0]
        self.desk.open_forms.add(self)
        self.set_interval(2.0, self._autosave)
        # Where the form starts: the time first, then the sections (Enter moves on).
        self.query_one("#meeting-time", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "meeting-time":
            event.stop()
            self.query_one(f"#meeting-{meetings.SECTIONS[0][0]}", PlainTextArea).focus()

    def on_unmount(self) -> None:
        self.desk.open_forms.discard(self)

    def sections(self) -> dict[str, str]:
        return {
            key: self.query_one(f"#meeting-{key}", PlainTextArea).text
            for key, _ in meetings.SECTIONS
        }

    def _typed(self) -> dict[str, str]:
        return {**self.sections(), "held_at": self.query_one("#meeting-time", Input).value}

    @property
    def dirty(self) -> bool:
        return self.text_of is not None and self._typed() != self.saved

    def _take_text(self, data: MeetingData) -> None:
        """Show the stored meeting of this date and shift (or an empty one)."""
        view = data.view
        for key, _ in meetings.SECTIONS:
            self.query_one(f"#meeting-{key}", PlainTextArea).load_text(
                view.sections[key] if view else ""
            )
        self.query_one("#meeting-time", Input).value = view.held_at if view else ""
        self.text_of = (data.day, data.shift.id)
        self.meeting_id = view.id if view else None
        self.version = view.version if view else None
        self.saved = self._typed()
        self.conflict = False

    # --- showing -------------------------------------------------------------------

    def ready(self) -> bool:
        return self.day is not None and self.shift is not None

    def read(self) -> MeetingData:
        day, shift, store = self.day, self.shift, self.desk.store
        assert day is not None and shift is not None
        meeting_id = meetings.find_meeting(store, day, shift)
        view = (
            None
            if meeting_id is None
            else meetings.get_meeting(store, meeting_id, self.desk.shifts)
        )
        before = day - timedelta(days=1)
        return MeetingData(
            day, shift, view, board_for(store, day, shift, rule=self.desk.arrival_rule),
            day_traffic(store, before, before).get(before),
        )  # fmt: skip

    def show(self, data: MeetingData) -> None:
        board, view = data.board, data.view
        self.query_one(RollCall).show(board)
        if board.rows:
            tally = counts(board.rows)
        elif self.may(Action.EDIT_ROTA):  # the rota is brought in on the board, not here
            tally = "无人可点名：在 F4 考勤按 i 导入排班表，或按 w 设每周排班"
        else:
            tally = "无人可点名（排班由值班长或管理人员导入）"
        self.query_one("#meeting-counts", Static).update(
            f"{board.rate_text(self.desk.clock.now())}\n{tally}"
        )
        calls = data.yesterday
        self.query_one("#meeting-yesterday", Prose).update(
            f"昨日话务（电话平台）：{calls.line}"
            if calls
            else "昨日话务：尚未导入（指标屏按 c 导入电话平台的报表）"
        )
        elsewhere = view is not None and view.version != self.version
        quiet = not self.dirty and not self._save_lock.locked()
        if self.text_of != (data.day, data.shift.id) or (elsewhere and quiet):
            # Another meeting, or this one saved from another terminal with nothing typed here.
            self._take_text(data)
        actions = Text()
        for item in view.items if view else []:
            state = (
                "未关闭"
                if item.status == ItemStatus.OPEN
                else f"已关闭：{visible(item.close_note)}"
            )
            due = f"，{item.due:%m-%d} 前" if item.due else ""
            actions.append(f"{visible(item.title)}（{visible(item.owner)}{due}）{state}\n")
        self.query_one("#meeting-actions", Static).update(actions or Text("暂无。"))
        actor = self.desk.actor
        host = view.host if view else actor.name if actor else ""
        self.query_one("#meeting-host", Static).update(f"主持人 {host}")
        saved = f"已保存 {moment(view.updated_at)}" if view else "尚未保存"
        if self.conflict:
            saved = "另一个终端保存了更新的记录；本窗口内容未丢失，Ctrl+S 覆盖保存。"
        self.query_one("#meeting-status", Static).update(saved)
        self.set_context(f"早班会  {describe_day(data.day)}  {data.shift.name}")

    # --- saving ------------------------------------------------------------------------

    async def _ensure(self) -> int | None:
        """The meeting's id, writing the meeting (hosted by whoever is signed in) if need be."""
        if self.meeting_id is None and self.text_of is not None:
            day, shift = self.day, self.shift
            assert day is not None and shift is not None
            created = await self.attempt(
                meetings.open_meeting, self.desk.store, self.desk.actor, day, shift
            )
            if isinstance(created, Failed):
                return None
            view = await self.fetch(
                meetings.get_meeting, self.desk.store, created, self.desk.shifts
            )
            if isinstance(view, Failed):
                return None
            self.meeting_id, self.version = created, view.version
        return self.meeting_id

    async def _save(self, *, overwrite: bool = False, quiet: bool = True) -> bool:
        await keys_taken(self)
        async with self._save_lock:
            if not self.dirty and not overwrite:
                return True
            meeting_id = await self._ensure()
            if meeting_id is None:
                return False
            typed = self._typed()
            sections = {k: v for k, v in typed.items() if k != "held_at"}
            expect = None if overwrite else self.version
            try:
                self.version = await off_loop(
                    self.app, meetings.save_meeting, self.desk.store, self.desk.actor, meeting_id,
                    sections, typed["held_at"], expect,
                )  # fmt: skip
            except ConflictError as exc:
                self.conflict = True
                self.refuse(exc.message)
                self.reload()
                return False
            except DomainError as exc:
                if not quiet:
                    self.refuse(exc.message)
                return False
            self.conflict = False
            self.saved = typed
        self.reload()
        return True

    def _autosave(self) -> None:
        if self.dirty and not self.conflict and not self._save_lock.locked():
            self.run_worker(self._save(), group="save")

    @work(group="save")
    async def action_save(self) -> None:
        if await self._save(overwrite=self.conflict, quiet=False):
            self.notify("早班会记录已保存。", markup=False)

    def on_screen_suspend(self) -> None:
        if self.dirty and not self.conflict:
            self.run_worker(self._save(), group="save")

    def last_save(self) -> Callable[[], None] | None:
        """What is typed and not saved yet, as a save to run before the app closes (Ctrl+Q)."""
        if not self.dirty or self.conflict or self.meeting_id is None:
            return None
        store, actor, typed, meeting_id = (
            self.desk.store,
            self.desk.actor,
            self._typed(),
            self.meeting_id,
        )
        sections = {k: v for k, v in typed.items() if k != "held_at"}

        def save() -> None:
            with contextlib.suppress(DomainError):  # the last autosave stands
                meetings.save_meeting(
                    store, actor, meeting_id, sections, typed["held_at"], self.version
                )

        return save

    # --- roll call and actions --------------------------------------------------------------

    def on_roll_call_mark(self, event: RollCall.Mark) -> None:
        board = self.query_one(RollCall).board
        if board is not None:
            mark_from(self, board.day, board.shift, event)

    def on_roll_call_rest_present(self, _event: RollCall.RestPresent) -> None:
        board = self.query_one(RollCall).board
        if board is not None:
            rest_present_from(self, board)

    @work(group="flow", exclusive=True)
    async def action_add_action(self) -> None:
        app = self.app
        desk = self.desk
        meeting_id = await self._ensure()
        if meeting_id is None:
            return
        people = await self.fetch(list_staff, desk.store)
        if isinstance(people, Failed):
            return
        person = await app.push_screen_wait(StaffPicker("行动项由谁负责？", people))
        if person is None:
            return

        def save(values: dict[str, str]) -> None:
            due = values["due"].strip()
            try:
                due_day = date.fromisoformat(due) if due else None
            except ValueError:
                raise DomainError(f"日期“{due}”无效，应为 YYYY-MM-DD。") from None
            meetings.add_action(
                desk.store, desk.actor, meeting_id, values["title"], person.staff_no, due_day
            )

        form = FormDialog(
            f"行动项：由 {person.name} 负责",
            [
                Field("title", "要办的事", "一句话", 60),
                Field("due", "完成日期", "YYYY-MM-DD，可不填", 10),
            ],
            save,
        )
        if await app.push_screen_wait(form):
            self.reload()
            self.notify("行动项已添加。", markup=False)

    @work(group="flow", exclusive=True)
    async def action_next_shift(self) -> None:
        assert self.shift is not None
        shifts = self.desk.shifts
        await self.show_meeting(self.day, shifts[(shifts.index(self.shift) + 1) % len(shifts)])

    def action_history(self) -> None:
        self.app.push_screen(MeetingHistoryScreen(), self._history_chosen)

    def _history_chosen(self, chosen: tuple[date, Shift] | None) -> None:
        if chosen is not None:
            self.run_worker(self.show_meeting(*chosen), group="flow", exclusive=True)

    async def show_meeting(self, day: date | None, shift: Shift) -> None:
        """Another date or shift: what is typed here is saved first."""
        if self.dirty and not self.conflict:
            await self._save()
        self.day, self.shift = day, shift
        self.text_of = None  # the next read brings that meeting's text
        self.reload()


class MeetingHistoryScreen(DeskScreen[list[meetings.MeetingRow]]):
    """Earlier meetings, searchable; Enter gives the chosen one back to the meeting screen."""

    BINDINGS = [Binding("escape", "back", "返回", key_display="Esc", id="meetings.back")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[meetings.MeetingRow] = []
        self.search = ""

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with Horizontal(id="handover-filters"):
            yield Static("搜索", classes="filter-label")
            yield Input(
                placeholder="会议内容或行动项，Enter 搜索", id="meeting-search", max_length=40
            )
        yield DataTable(id="meeting-table", cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in (
            ("日期", 16),
            ("班次", 6),
            ("主持人", 8),
            ("时间", 6),
            ("行动项", 6),
            ("未关闭", 6),
        ):
            table.add_column(title, width=width)
        table.focus()
        self.set_context("早班会历史")

    def read(self) -> list[meetings.MeetingRow]:
        return meetings.list_meetings(self.desk.store, self.search)

    def show(self, data: list[meetings.MeetingRow]) -> None:
        self.rows = data
        table = self.query_one(DataTable)
        table.clear()
        for r in self.rows:
            table.add_row(describe_day(r.day), r.shift, Text(visible(r.host)), r.held_at, str(r.items),
                          str(r.open_items or ""))  # fmt: skip

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.search = event.value
        self.reload()
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows[event.cursor_row]
        shift = next(s for s in self.desk.shifts if s.name == row.shift)
        self.dismiss((row.day, shift))

    def action_back(self) -> None:
        self.dismiss(None)
