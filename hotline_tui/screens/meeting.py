"""早班会: the morning meeting of one date and shift; its roll call is the attendance board."""

from __future__ import annotations

import contextlib
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Static

from hotline_tui.domain import meetings
from hotline_tui.domain.attendance.board import board_for
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import Shift, describe_day
from hotline_tui.domain.text import moment, visible
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.screens.attendance import mark_from, rest_present_from
from hotline_tui.screens.base import FAILED, DeskScreen
from hotline_tui.screens.dialogs import Field, FormDialog, StaffPicker
from hotline_tui.widgets.pane import Pane
from hotline_tui.widgets.plain_text_area import PlainTextArea
from hotline_tui.widgets.roll_call import RollCall, counts


class MeetingScreen(DeskScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", key_display="Ctrl+S", id="meeting.save"),
        Binding("ctrl+n", "add_action", "行动项", key_display="Ctrl+N", id="meeting.action"),
        Binding("ctrl+b", "next_shift", "切换班次", key_display="Ctrl+B", id="meeting.shift"),
        Binding("ctrl+o", "history", "历史记录", key_display="Ctrl+O", id="meeting.history"),
    ]

    def __init__(self, day: date | None = None, shift: Shift | None = None) -> None:
        super().__init__()
        self.day = day
        self.shift = shift
        self.meeting_id: int | None = None
        self.version: int | None = None
        self.saved: dict[str, str] = {}
        self.conflict = False

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

    def on_mount(self) -> None:
        super().on_mount()
        now = self.app.clock.now()
        self.day = self.day or now.date()
        self.shift = self.shift or self.app.shifts[0]
        self._load_text()
        self.set_interval(2.0, self._autosave)
        self.query_one(f"#meeting-{meetings.SECTIONS[0][0]}", PlainTextArea).focus()

    def sections(self) -> dict[str, str]:
        return {
            key: self.query_one(f"#meeting-{key}", PlainTextArea).text
            for key, _ in meetings.SECTIONS
        }

    @property
    def dirty(self) -> bool:
        current = {**self.sections(), "held_at": self.query_one("#meeting-time", Input).value}
        return current != self.saved

    def _load_text(self) -> None:
        """Show the stored meeting of this date and shift (or an empty one)."""
        self.meeting_id = meetings.find_meeting(self.app.store, self.day, self.shift)
        view = None
        if self.meeting_id is not None:
            view = meetings.get_meeting(self.app.store, self.meeting_id, self.app.shifts)
        for key, _ in meetings.SECTIONS:
            self.query_one(f"#meeting-{key}", PlainTextArea).load_text(
                view.sections[key] if view else ""
            )
        self.query_one("#meeting-time", Input).value = view.held_at if view else ""
        self.version = view.version if view else None
        self.saved = {**self.sections(), "held_at": self.query_one("#meeting-time", Input).value}
        self.conflict = False

    def reload(self) -> None:
        if self.day is None:
            return
        app = self.app
        board = board_for(app.store, self.day, self.shift)
        self.query_one(RollCall).show(board)
        self.query_one("#meeting-counts", Static).update(f"{board.rate.text}\n{counts(board)}")
        view = None
        if self.meeting_id is None:
            self.meeting_id = meetings.find_meeting(app.store, self.day, self.shift)
        if self.meeting_id is not None:
            view = meetings.get_meeting(app.store, self.meeting_id, app.shifts)
            if view.version != self.version and not self.dirty:
                self._load_text()
        actions = Text()
        for item in view.items if view else []:
            state = "未关闭" if item.status == "open" else f"已关闭：{visible(item.close_note)}"
            due = f"，{item.due:%m-%d} 前" if item.due else ""
            actions.append(f"{visible(item.title)}（{visible(item.owner)}{due}）{state}\n")
        self.query_one("#meeting-actions", Static).update(actions or Text("暂无。"))
        host = view.host if view else app.actor.name if app.actor else ""
        self.query_one("#meeting-host", Static).update(f"主持人 {host}")
        saved = f"已保存 {moment(view.updated_at)}" if view else "尚未保存"
        if self.conflict:
            saved = "另一个终端保存了更新的记录；本窗口内容未丢失，Ctrl+S 覆盖保存。"
        self.query_one("#meeting-status", Static).update(saved)
        self.set_context(f"早班会  {describe_day(self.day)}  {self.shift.name}")

    # --- saving ------------------------------------------------------------------------

    def _ensure(self) -> int | None:
        if self.meeting_id is None:
            created = self.attempt(
                meetings.open_meeting, self.app.store, self.app.actor, self.day, self.shift
            )
            if created is FAILED:
                return None
            self.meeting_id = created
            self.version = meetings.get_meeting(self.app.store, created, self.app.shifts).version
        return self.meeting_id

    def _save(self, *, overwrite: bool = False, quiet: bool = True) -> bool:
        if self._ensure() is None:
            return False
        held_at = self.query_one("#meeting-time", Input).value
        try:
            self.version = meetings.save_meeting(
                self.app.store, self.app.actor, self.meeting_id, self.sections(), held_at,
                None if overwrite else self.version,
            )  # fmt: skip
        except ConflictError as exc:
            self.conflict = True
            self.notify(exc.message, severity="error", markup=False)
            self.reload()
            return False
        except DomainError as exc:
            if not quiet:
                self.notify(exc.message, severity="error", markup=False)
            return False
        self.conflict = False
        self.saved = {**self.sections(), "held_at": held_at}
        self.reload()
        return True

    def _autosave(self) -> None:
        if self.dirty and not self.conflict:
            self._save()

    def action_save(self) -> None:
        if self._save(overwrite=self.conflict, quiet=False):
            self.notify("早班会记录已保存。", markup=False)

    def on_screen_suspend(self) -> None:
        if self.dirty and not self.conflict:
            with contextlib.suppress(DomainError):
                self._save()

    # --- roll call and actions --------------------------------------------------------------

    def on_roll_call_mark(self, event: RollCall.Mark) -> None:
        mark_from(self, self.day, self.shift, event)

    def on_roll_call_rest_present(self, _event: RollCall.RestPresent) -> None:
        rest_present_from(self, self.day, self.shift)

    def action_add_action(self) -> None:
        app = self.app
        if self._ensure() is None:
            return

        def owner_chosen(person) -> None:
            if person is None:
                return

            def save(values: dict[str, str]) -> None:
                due = values["due"].strip()
                try:
                    due_day = date.fromisoformat(due) if due else None
                except ValueError:
                    raise DomainError(f"日期“{due}”无效，应为 YYYY-MM-DD。") from None
                meetings.add_action(
                    app.store, app.actor, self.meeting_id, values["title"], person.staff_no, due_day
                )

            app.push_screen(
                FormDialog(
                    f"行动项：由 {person.name} 负责",
                    [
                        Field("title", "要办的事", "一句话", 60),
                        Field("due", "完成日期", "YYYY-MM-DD，可不填", 10),
                    ],
                    save,
                ),
                lambda saved: (
                    saved and (self.reload(), self.notify("行动项已添加。", markup=False))
                ),
            )

        app.push_screen(StaffPicker("行动项由谁负责？", list_staff(app.store)), owner_chosen)

    def action_next_shift(self) -> None:
        if self.dirty and not self.conflict:
            self._save()
        shifts = self.app.shifts
        self.shift = shifts[(shifts.index(self.shift) + 1) % len(shifts)]
        self._load_text()
        self.reload()

    def action_history(self) -> None:
        self.app.push_screen(MeetingHistoryScreen())

    def show_meeting(self, day: date, shift: Shift) -> None:
        if self.dirty and not self.conflict:
            self._save()
        self.day, self.shift = day, shift
        self._load_text()
        self.reload()


class MeetingHistoryScreen(DeskScreen):
    BINDINGS = [Binding("escape", "back", "返回", key_display="Esc", id="meetings.back")]

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

    def reload(self) -> None:
        self.rows = meetings.list_meetings(
            self.app.store, self.query_one("#meeting-search", Input).value
        )
        table = self.query_one(DataTable)
        table.clear()
        for r in self.rows:
            table.add_row(describe_day(r.day), r.shift, Text(visible(r.host)), r.held_at, str(r.items),
                          str(r.open_items or ""))  # fmt: skip

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.reload()
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self.rows[event.cursor_row]
        shift = next(s for s in self.app.shifts if s.name == row.shift)
        self.app.pop_screen()
        self.app.screen.show_meeting(row.day, shift)

    def action_back(self) -> None:
        self.app.pop_screen()
