"""培训: a month's training sessions; the highlighted one's details and roll call.

The roll call is the morning meeting's table (widgets/roll_call.py) with the training's
marks: 1 出席, 2 迟到, 3 请假, 4 缺席, a 其余出席.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.quality import training
from hotline_tui.domain.quality.training import AttendeeRow, TrainingRow
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import shift_month
from hotline_tui.model.permissions import Action
from hotline_tui.model.person_fields import typed_day
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.kit.base import FOCUS_KEYS, DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Confirm, Field, StaffPicker, open_form
from hotline_tui.widgets.roll_call import RollTable, counts, mark_keys

COLUMNS = (("日期", 10), ("主题", 30), ("培训人", 18), ("应到", 5), ("实到", 5),
           ("出席率", 8), ("未点名", 6))  # fmt: skip


class TrainingRollCall(RollTable):
    COLUMNS = (("工号", 6), ("姓名", 10), ("工作组", 16), ("岗位", 6), ("标记", 8), ("点名", 18))
    BINDINGS: ClassVar[list[BindingType]] = [
        *mark_keys(training.STATUSES, "training_roll"),
        Binding("a", "rest_present", "其余出席", id="training_roll.rest"),
    ]

    def cells(self, row: AttendeeRow) -> tuple[str, ...]:
        marked = f"{visible(row.marked_by)} {moment(row.marked_at)}" if row.status else ""
        return (row.staff_no, visible(row.name), row.group, row.post, row.status_text, marked)


@dataclass(frozen=True)
class TrainingData:
    month: date
    sessions: list[TrainingRow]
    chosen: int | None  # the session whose roll is read
    roll: list[AttendeeRow]


class TrainingScreen(DeskScreen[TrainingData]):
    NEEDS = {
        "new": Action.TRAINING,
        "edit": Action.TRAINING,
        "invite": Action.TRAINING,
        "remove": Action.TRAINING,
    }
    HEADER_CONTEXT = "培训"
    BINDINGS = [
        *FOCUS_KEYS,
        Binding("p", "month(-1)", "上月", id="training.prev"),
        Binding("n", "month(1)", "下月", id="training.next"),
        Binding("a", "new", "新培训", id="training.new"),
        Binding("e", "edit", "修改", id="training.edit"),
        Binding("i", "invite", "加人", id="training.invite"),
        Binding("x", "remove", "移出", id="training.remove"),
        Binding("r", "roll", "点名", id="training.roll"),
        Binding("escape", "back", "返回", key_display="Esc", id="training.back"),
    ]

    def __init__(self, month: date) -> None:
        super().__init__()
        self.month = month.replace(day=1)
        self.data: TrainingData | None = None
        self.chosen: int | None = None  # the highlighted session, kept across reloads

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="training-summary", markup=False)
        yield DataTable(id="training-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="training-empty", classes="empty-state", markup=False)
        yield Static("", id="training-info", markup=False)
        yield TrainingRollCall(id="training-roll")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#training-table", DataTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        table.focus()

    # --- showing -----------------------------------------------------------------------

    def read(self) -> TrainingData:
        store = self.desk.store
        sessions = training.trainings_in_month(store, self.month)
        ids = [s.id for s in sessions]
        chosen = self.chosen if self.chosen in ids else (ids[0] if ids else None)
        roll = training.roll(store, chosen) if chosen is not None else []
        return TrainingData(self.month, sessions, chosen, roll)

    def show(self, data: TrainingData) -> None:
        if data.month != self.month:
            return
        self.data = data
        self.chosen = data.chosen
        table = self.query_one("#training-table", DataTable)
        table.clear()
        for s in data.sessions:
            rate = fraction_percent(s.attended, s.invited) if s.marked else "—"
            table.add_row(
                s.day.isoformat(), visible(s.topic), visible(s.trainer), str(s.invited),
                str(s.attended) if s.marked else "—", rate, str(s.invited - s.marked),
                key=str(s.id),
            )  # fmt: skip
        index = next((n for n, s in enumerate(data.sessions) if s.id == data.chosen), None)
        if index is not None:
            table.move_cursor(row=index)
        held = [s for s in data.sessions if s.marked]
        invited, came = sum(s.invited for s in held), sum(s.attended for s in held)
        self.query_one("#training-summary", Static).update(
            f"{self.month:%Y-%m} 培训 {len(data.sessions)} 次；已点名的 {len(held)} 次应到 "
            f"{invited} 人次，实到 {came} 人次（{fraction_percent(came, invited)}）"
            if held
            else f"{self.month:%Y-%m} 培训 {len(data.sessions)} 次，还没有点名。"
        )
        empty = self.query_one("#training-empty", Static)
        empty.display = not data.sessions
        empty.update(f"{self.month:%Y-%m} 没有培训。按 a 登记一次培训。")
        self.query_one("#training-roll", TrainingRollCall).show_rows(data.roll)
        self._show_info()
        self.set_context(f"培训  {self.month:%Y-%m}")

    @property
    def session(self) -> TrainingRow | None:
        if self.data is None:
            return None
        return next((s for s in self.data.sessions if s.id == self.chosen), None)

    def _show_info(self) -> None:
        s = self.session
        info = self.query_one("#training-info", Static)
        roll = self.query_one("#training-roll", TrainingRollCall)
        info.display = roll.display = s is not None
        if s is None:
            return
        marks = counts(roll.people, training.STATUSES, "无人")
        today = self.desk.clock.now().date()
        when = "（尚未举行，当天才能点名）" if s.day > today else ""
        info.update(
            visible(
                f"{s.day} {s.topic}{when}  培训人：{s.trainer}\n"
                f"资料：{s.materials or '（未填）'}\n"
                f"应到 {s.invited} 人：{marks}    r 点名：1 出席 2 迟到 3 请假 4 缺席 a 其余出席"
            )
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "training-table" or self.data is None:
            return
        # Where the cursor is now, not where the event says: show() moves the cursor as it
        # lays the table out, and those moves, handled later, must not choose again.
        row = event.data_table.cursor_row
        if 0 <= row < len(self.data.sessions) and self.data.sessions[row].id != self.chosen:
            self.chosen = self.data.sessions[row].id
            self.reload()
        self.refresh_bindings()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "invite", "roll"):
            return True if self.session is not None else None
        if action == "remove":
            roll = self.query_one("#training-roll", TrainingRollCall)
            if self.session is None or not roll.people or not roll.has_focus:
                return None
            return not roll.people[roll.cursor_row].status or None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    # --- acting ------------------------------------------------------------------------

    def action_month(self, step: int) -> None:
        self.month = shift_month(self.month, step)
        self.data, self.chosen = None, None
        self.reload()

    def action_back(self) -> None:
        """From the roll call back to the sessions; from the sessions off the screen."""
        roll = self.query_one("#training-roll", TrainingRollCall)
        if roll.has_focus:
            self.query_one("#training-table", DataTable).focus()
        else:
            self.app.pop_screen()

    def action_roll(self) -> None:
        if self.session is not None:
            self.query_one("#training-roll", TrainingRollCall).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # Enter on a session: on to its roll call.
        if event.data_table.id == "training-table":
            self.action_roll()

    def action_new(self) -> None:
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            self.chosen = training.add_training(
                desk.store, desk.actor, values["topic"], typed_day(values["day"]), values["trainer"],
                values["materials"], training.names_in(values["groups"]),
                training.names_in(values["people"]),
            )  # fmt: skip

        open_form(
            self,
            "登记培训",
            [
                Field("topic", "主题", "如：医保门诊共济新政解读", training.MAX_TOPIC),
                Field("day", "日期", "YYYY-MM-DD", 10, value=desk.clock.now().date().isoformat()),
                Field("trainer", "培训人", "如：业务培训组 王老师", training.MAX_TRAINER),
                Field("groups", "参加的工作组", "如：质检、数据分析；“全部”为所有组", 200),
                Field("people", "另加工号", "如：1020 1021（可空）", 300),
                Field("materials", "资料说明", "课件、讲义的位置（可空）", training.MAX_MATERIALS),
            ],
            save,
            "培训已登记；当天按 r 点名。",
        )

    def action_edit(self) -> None:
        s = self.session
        if s is None:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            training.edit_training(
                desk.store, desk.actor, s.id, s.version, values["topic"], typed_day(values["day"]),
                values["trainer"], values["materials"],
            )  # fmt: skip

        open_form(
            self,
            f"修改培训：{s.topic}",
            [
                Field("topic", "主题", "", training.MAX_TOPIC, value=s.topic),
                Field("day", "日期", "YYYY-MM-DD", 10, value=s.day.isoformat()),
                Field("trainer", "培训人", "", training.MAX_TRAINER, value=s.trainer),
                Field("materials", "资料说明", "", training.MAX_MATERIALS, value=s.materials),
            ],
            save,
            "已保存。",
        )

    @work(group="flow", exclusive=True)
    async def action_invite(self) -> None:
        s = self.session
        if s is None:
            return
        app = self.app
        desk = self.desk
        people = await self.fetch(list_staff, desk.store, on=s.day)
        if isinstance(people, Failed):
            return
        on_roll = {r.staff_no for r in self.query_one("#training-roll", TrainingRollCall).people}
        choices = [p for p in people if p.staff_no not in on_roll]
        person = await app.push_screen_wait(StaffPicker(f"{s.topic}：加谁？", choices))
        if person is not None:
            self.change(f"已加入：{person.name}", training.invite, s.id, person.staff_no)

    def action_remove(self) -> None:
        s = self.session
        roll = self.query_one("#training-roll", TrainingRollCall)
        if s is None or not roll.people:
            return
        row = roll.people[roll.cursor_row]
        self.change(f"已移出：{row.name}", training.uninvite, s.id, row.staff_no)

    def on_roll_call_mark(self, event: TrainingRollCall.Mark) -> None:
        s = self.session
        if s is not None:
            # No worker of its own: a burst of keys (1 ↓ 1 ↓ 1) must mark every one, in order.
            self.change(f"{event.name}：{event.status}", training.mark, s.id, event.staff_no,
                        event.status)  # fmt: skip

    def on_roll_call_rest_present(self, _event: TrainingRollCall.RestPresent) -> None:
        s = self.session
        roll = self.query_one("#training-roll", TrainingRollCall)
        waiting = [r for r in roll.people if not r.status]
        if s is None:
            return
        if not waiting:
            self.notify("没有还未标记的人。", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(lambda n: f"其余 {n} 人标记为出席。", training.rest_present, s.id)

        self.app.push_screen(
            Confirm(
                "其余出席？",
                f"把“{s.topic}”还未标记的 {len(waiting)} 人都标记为出席？\n"
                "已标记的人不变；标错的可以逐个改。",
            ),
            answered,
        )
