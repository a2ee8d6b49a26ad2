"""考勤: the board of one date and shift, its arrival rates and flags, and the rota behind it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.widgets import ProgressBar, Static

from hotline_tui.domain.attendance.board import Board, board_for
from hotline_tui.domain.attendance.marking import mark, mark_rest_present
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.attendance.rota import (
    generate,
    parse_week,
    replace_entries,
    schedule,
    set_patterns,
    unschedule,
)
from hotline_tui.domain.attendance.swaps import (
    SwapRequestRow,
    approve_swap,
    day_records,
    parse_moment,
    people_on,
    record_overtime,
    refuse_swap,
    request_swap,
    swap_requests,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.errors import DomainError
from hotline_tui.imports.rota_file import RotaFileError, read_rota_file
from hotline_tui.imports.tabular import import_path
from hotline_tui.model.arrival import Rate
from hotline_tui.model.periods import month_of, quarter_of
from hotline_tui.model.permissions import Action, allowed, permits
from hotline_tui.model.person_fields import parse_day
from hotline_tui.model.shifts import Shift, current_shift, describe_day
from hotline_tui.model.states import AttendanceStatus
from hotline_tui.model.text import visible
from hotline_tui.screens.attendance.sheet import AttendanceSheetScreen
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import (
    Choice,
    ChoiceDialog,
    Confirm,
    Field,
    FormDialog,
    InfoDialog,
    StaffPicker,
    TextPrompt,
    changing,
    open_dialog,
)
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.roll_call import RollCall, counts
from hotline_tui.workdays import special_days, special_days_among


def mark_from(screen: DeskScreen[Any], day: date, shift: Shift, event: RollCall.Mark) -> None:
    """Mark one person; 迟到 asks for the arrival time first. Shared with the meeting's roll call."""
    if event.status != AttendanceStatus.LATE:
        # No worker of its own: a burst of keys (1 ↓ 1 ↓ 1) must mark every one, in order.
        screen.change(
            f"{event.name}：{event.status}", mark, day, shift, event.staff_no, event.status
        )
        return

    def late(text: str) -> None:
        desk = screen.desk
        mark(
            desk.store,
            desk.actor,
            day,
            shift,
            event.staff_no,
            AttendanceStatus.LATE,
            parse_moment(text, day),
        )

    # A time refused (not yet come, before the shift) is said in the dialog, which stays
    # open with what was typed: the correction goes there, never onto the board.
    open_dialog(
        screen,
        TextPrompt(f"{event.name} 迟到：几点到岗？", "HH:MM，如 08:17", "请填写到岗时间。", 5,
                   late),
        f"{event.name}：迟到",
    )  # fmt: skip


def rest_present_from(screen: DeskScreen[Any], board: Board) -> None:
    """全部出勤, asked first: everyone not marked yet (a 班长: of their group) is 出勤."""
    desk = screen.desk
    actor = desk.actor
    whole_floor = allowed(actor, Action.MARK_ATTENDANCE, group=None)
    waiting = [
        r
        for r in board.rows
        if not r.status and (whole_floor or (actor and r.group == actor.group))
    ]
    if not waiting:
        screen.notify("没有还未标记的人。", markup=False)
        return
    day, shift = board.day, board.shift
    whose = "" if whole_floor or actor is None else f"{actor.group}"

    def mark_rest(_yes: bool) -> int:
        return mark_rest_present(
            desk.store, desk.actor, day, shift, desk.settings.bulk_mark_minutes
        )

    open_dialog(
        screen,
        Confirm(
            "全部出勤？",
            f"把 {describe_day(day)} {shift.name}{whose}还未标记的 {len(waiting)} 人"
            "都标记为出勤？\n已标记的人不变；标错的可以逐个改。",
            mark_rest,
        ),
        lambda count: f"其余 {count} 人标记为出勤。",
    )


@dataclass(frozen=True)
class BoardData:
    """What the attendance screen shows of one date and shift."""

    board: Board
    day_rate: Rate
    month: dict[str, Rate]
    quarter: dict[str, Rate]
    records: list[str]
    requests: list[SwapRequestRow]


class AttendanceScreen(DeskScreen[BoardData]):
    NEEDS = {
        "schedule": Action.EDIT_ROTA,
        "unschedule": Action.EDIT_ROTA,
        "pattern": Action.EDIT_ROTA,
        "generate": Action.EDIT_ROTA,
        "import_rota": Action.EDIT_ROTA,
        "swap": Action.REQUEST_SWAPS,
        "decide_swaps": Action.APPROVE_SWAPS,
        "overtime": Action.APPROVE_SWAPS,
    }
    BINDINGS = [
        Binding("p", "day(-1)", "前一天", id="attendance.prev"),
        Binding("n", "day(1)", "后一天", id="attendance.next"),
        Binding("s", "next_shift", "切换班次", id="attendance.shift"),
        Binding("t", "today", "回到当班", id="attendance.today"),
        Binding("e", "schedule", "加入排班", id="attendance.schedule"),
        Binding("x", "unschedule", "移出排班", id="attendance.unschedule"),
        Binding("c", "swap", "换班申请", id="attendance.swap"),
        Binding("v", "decide_swaps", "审批换班", id="attendance.decide_swaps"),
        Binding("o", "overtime", "加班", id="attendance.overtime"),
        Binding("w", "pattern", "周模式", id="attendance.pattern"),
        Binding("g", "generate", "生成排班", id="attendance.generate"),
        Binding("i", "import_rota", "导入排班", id="attendance.import"),
        Binding("m", "sheet", "月考勤表", id="attendance.sheet"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.shift: Shift | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Prose(id="attendance-rates")
        with Horizontal(id="attendance-body"):
            yield RollCall(id="attendance-board")
            with VerticalScroll(id="attendance-side"):
                # Flags first: they are what a chief must act on.
                yield Static("", id="attendance-flags")
                yield Static("", id="attendance-groups")
        yield Prose(
            f"{self.desk.arrival_rule.text}姓名后“·试”为试用期人员。",
            id="attendance-rule",
            classes="hint",
        )
        yield ProgressBar(id="attendance-progress", show_eta=False)
        yield from self.compose_footer()

    def size_classes(self, size: Size) -> dict[str, bool]:
        # 80x24: the side panel narrows so the board keeps its status column, and the
        # rate's rule (also in the monthly sheet and the indicators) gives its four lines.
        return {"-narrow": size.width < 100, "-short": size.height < 30}

    def on_mount(self) -> None:
        super().on_mount()
        self.day, self.shift = current_shift(self.desk.shifts, self.desk.clock.now())
        self.query_one(ProgressBar).display = False
        self.query_one(RollCall).focus()

    @property
    def first_group(self) -> str:
        actor = self.desk.actor
        return actor.group if actor is not None and actor.post == "班长" else ""

    def ready(self) -> bool:
        return self.day is not None and self.shift is not None

    def read(self) -> BoardData:
        assert self.day is not None and self.shift is not None
        _app, desk, day = self.app, self.desk, self.day
        now, rule = desk.clock.now(), desk.arrival_rule
        return BoardData(
            board=board_for(desk.store, day, self.shift, self.first_group, rule),
            day_rate=rates(desk.store, day, day, now, desk.shifts, rule=rule)[""],
            month=rates(desk.store, *month_of(day), now, desk.shifts, rule=rule),
            quarter=rates(desk.store, *quarter_of(day), now, desk.shifts, rule=rule),
            records=day_records(desk.store, day),
            requests=swap_requests(desk.store, day),
        )

    def show(self, data: BoardData) -> None:
        board, month, quarter = data.board, data.month, data.quarter
        self.query_one(RollCall).show(board)
        now = self.desk.clock.now()
        shift_text = board.rate_text(now)  # before the shift: who is expected, never a rate
        day_text = data.day_rate.text
        if (
            data.day_rate.value is None
            and not data.day_rate.calling
            and board.rows
            and board.day >= now.date()
        ):
            day_text = "尚无已开始的班次"
        if board.rows:
            this_shift = counts(board.rows)
        elif self.may(Action.EDIT_ROTA):
            this_shift = "无排班 —— 按 i 导入排班表，或按 w 设每周排班、g 生成"
        else:
            this_shift = "无排班（排班由值班长或管理人员导入）"
        # Each rate stays whole with its label: at 100 columns 当季 goes down, not 当月's figure.
        self.query_one("#attendance-rates", Prose).update(
            f"{shift_text}\t当日 {day_text}\t当月 {month[''].settled.text}\t"
            f"当季 {quarter[''].settled.text}\n"
            f"本班：{this_shift}"
        )
        groups = Text("各组到达率（当月 / 当季）\n", style="bold")
        for name, rate in quarter.items():
            if name:
                m = month.get(name)
                month_text = m.settled.text if m else "无排班"
                groups.append(f"{name}\n  {month_text}\n  {rate.settled.text}\n")
        self.query_one("#attendance-groups", Static).update(groups)
        flags = Text("需要注意\n", style="bold")
        for flag in board.flags:
            flags.append(f"{visible(flag)}\n")
        if not board.flags:
            flags.append("没有异常。\n")
        if data.requests:
            flags.append("\n换班申请\n", style="bold")
            for request in data.requests:
                flags.append(f"{request.status_text}：{visible(request.text)}\n", style="")
        if data.records:
            flags.append("\n当日换班和加班\n", style="bold")
            for line in data.records:
                flags.append(f"{visible(line)}\n", style="")
        self.query_one("#attendance-flags", Static).update(flags)
        own = f"  （{self.first_group}在前）" if self.first_group else ""
        shift = board.shift
        self.set_context(f"考勤  {describe_day(board.day)}  {shift.name} {shift.hours}{own}")

    # --- marking ---------------------------------------------------------------------

    @property
    def board(self) -> Board | None:
        """The board on the screen: what a key acts on, whatever is loading meanwhile."""
        return self.query_one(RollCall).board

    def on_roll_call_mark(self, event: RollCall.Mark) -> None:
        if self.board is not None:
            mark_from(self, self.board.day, self.board.shift, event)

    def on_roll_call_rest_present(self, _event: RollCall.RestPresent) -> None:
        if self.board is not None:
            rest_present_from(self, self.board)

    # --- which board ---------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        assert self.day is not None
        self.day += timedelta(days=step)
        self.reload()

    def action_next_shift(self) -> None:
        assert self.shift is not None
        shifts = self.desk.shifts
        self.shift = shifts[(shifts.index(self.shift) + 1) % len(shifts)]
        self.reload()

    def action_today(self) -> None:
        self.day, self.shift = current_shift(self.desk.shifts, self.desk.clock.now())
        self.reload()

    # --- the rota ----------------------------------------------------------------------------

    def _selected_no(self) -> str | None:
        roll = self.query_one(RollCall)
        if roll.board is None or not roll.board.rows:
            return None
        return roll.board.rows[roll.cursor_row].staff_no

    def _form(self, title: str, fields: list[Field], save: Callable[[dict[str, str]], object],
              done: Callable[[], str]) -> None:  # fmt: skip
        def closed(saved: bool | None) -> None:
            self.reload()
            if saved:
                self.notify(done(), markup=False)

        self.app.push_screen(FormDialog(title, fields, save), closed)

    @work(group="flow", exclusive=True)
    async def action_schedule(self) -> None:
        board = self.board
        if board is None:
            return
        app = self.app
        desk = self.desk
        on_rota = {r.staff_no for r in board.rows}
        everyone = await self.fetch(list_staff, desk.store)
        if isinstance(everyone, Failed):
            return
        people = [p for p in everyone if p.staff_no not in on_rota]
        title = f"加入 {describe_day(board.day)} {board.shift.name}的排班"
        person = await app.push_screen_wait(StaffPicker(title, people))
        if person is not None:
            self.change(
                f"已把 {person.name} 加入 {board.shift.name}排班。",
                schedule, board.day, board.shift, person.staff_no,
            )  # fmt: skip

    def action_unschedule(self) -> None:
        """移出排班, asked first: one key must not take someone off the day's rota."""
        staff_no = self._selected_no()
        board = self.board
        if staff_no is None or board is None:
            return
        row = next(r for r in board.rows if r.staff_no == staff_no)
        day, shift = board.day, board.shift
        marked = f"\n已标记的“{row.status}”随之不再计入当班。" if row.status else ""

        def answered(yes: bool | None) -> None:
            if yes:
                self.change(f"已把 {row.name}（{staff_no}）移出排班。", unschedule, day, shift,
                            staff_no)  # fmt: skip

        self.app.push_screen(
            Confirm(
                "移出排班？",
                f"把 {row.name}（{staff_no}）移出 {describe_day(day)} {shift.name}的排班？"
                f"\n移出后不计入这一班的应到人数。{marked}",
            ),
            answered,
        )

    @work(group="flow", exclusive=True)
    async def action_swap(self) -> None:
        """换班申请: both people shown with group and shift as typed; nothing prefilled."""
        board = self.board
        if board is None:
            return
        _app, desk, day = self.app, self.desk, board.day
        people = await self.fetch(people_on, desk.store, day)
        if isinstance(people, Failed):
            return

        def who(text: str) -> str:
            text = text.strip()
            return people.get(text, "没有这个工号") if text else ""

        def save(values: dict[str, str]) -> None:
            other = values["other_day"].strip()
            other_day = None
            if other:
                try:
                    other_day = parse_day(other)
                except ValueError:
                    raise DomainError(f"日期“{other}”无效，应为 YYYY-MM-DD。") from None
            request_swap(desk.store, desk.actor, day, values["giver"].strip(),
                         values["taker"].strip(), other_day, values["note"])  # fmt: skip

        approver = permits(desk.actor, Action.APPROVE_SWAPS)
        self._form(
            f"换班申请：{describe_day(day)}",
            [
                Field("giver", "原排班人工号", "谁的班", 8, describe=who),
                Field(
                    "taker", "接班人工号", "谁来上；同一天另一班次的人则两人互换", 8, describe=who
                ),  # fmt: skip
                Field("other_day", "换回日期（可空）", "YYYY-MM-DD：接班人那天的班还给对方", 10),
                Field("note", "原因", "", 40),
            ],
            save,
            lambda: "换班申请已提交" + ("，请按 v 审批。" if approver else "，等待值班长批准。"),
        )

    @work(group="flow", exclusive=True)
    async def action_decide_swaps(self) -> None:
        """Approve or refuse the pending swap requests, one at a time."""
        app = self.app
        desk = self.desk
        pending = await self.fetch(swap_requests, desk.store, None)
        if isinstance(pending, Failed):
            return
        if not pending:
            self.notify("没有待批准的换班申请。", markup=False)
            return
        request = await app.push_screen_wait(
            ChoiceDialog("待批准的换班申请", [Choice(r.text, r) for r in pending])
        )
        if request is None:
            return
        verdict = await app.push_screen_wait(
            ChoiceDialog(
                request.text,
                [Choice("批准：现在按申请修改排班", "approve"), Choice("驳回：写明原因", "refuse")],
            )
        )
        if verdict == "approve":
            done = await self.attempt(approve_swap, desk.store, desk.actor, request.id)
            if not isinstance(done, Failed):
                self.notify("已批准，排班已修改。", markup=False)
        elif verdict == "refuse":
            refused = await app.push_screen_wait(
                TextPrompt("驳回换班申请", "原因（申请人会看到）", "请写明驳回的原因。", 60,
                           changing(self, refuse_swap, request.id))
            )  # fmt: skip
            if refused:
                self.notify("已驳回。", markup=False)
        self.reload()

    def action_overtime(self) -> None:
        if self.board is None:
            return
        _app, desk, day = self.app, self.desk, self.board.day
        end = self.board.shift.window(day)[1]
        limit = desk.settings.overtime_month_hours

        def save(values: dict[str, str]) -> None:
            start = parse_moment(values["start"], day)
            finish = parse_moment(values["end"], day)
            record_overtime(desk.store, desk.actor, values["who"].strip(), start, finish,
                            values["note"], month_limit=limit)  # fmt: skip

        self._form(
            f"加班：{describe_day(day)}（由您批准）",
            [
                Field("who", "工号", "", 8),
                Field("start", "开始", "HH:MM", 5, end.format("HH:mm") if end.hour else "00:00"),
                Field("end", "结束", "HH:MM", 5),
                Field("note", "原因", "如：来电高峰顶岗", 40),
            ],
            save,
            lambda: "加班已记录。",
        )

    @work(group="flow", exclusive=True)
    async def action_pattern(self) -> None:
        """One weekly pattern: for the person at the cursor, their whole group, or
        everyone on this shift's board; the people named in the form's title."""
        board, desk = self.board, self.desk
        staff_no = self._selected_no()
        if board is None or staff_no is None:
            return
        row = next(r for r in board.rows if r.staff_no == staff_no)
        everyone = await self.fetch(list_staff, desk.store)
        if isinstance(everyone, Failed):
            return
        person = next((p for p in everyone if p.staff_no == staff_no), None)
        group = [p for p in everyone if person is not None and person.group
                 and p.group == person.group]  # fmt: skip
        choices = [Choice(f"只设 {visible(row.name)}（{staff_no}）", [staff_no])]
        if person is not None and len(group) > 1:
            choices.append(Choice(f"{person.group}全组（{len(group)} 人）",
                                  [p.staff_no for p in group]))  # fmt: skip
        if len(board.rows) > 1:
            choices.append(Choice(f"本班排班的全部 {len(board.rows)} 人",
                                  [r.staff_no for r in board.rows]))  # fmt: skip
        who = choices[0].value
        if len(choices) > 1:
            who = await self.app.push_screen_wait(ChoiceDialog("设每周排班模式：给谁？", choices))
            if who is None:
                return
        label = next(c.label for c in choices if c.value == who).removeprefix("只设 ")

        def save(values: dict[str, str]) -> None:
            set_patterns(desk.store, desk.actor, who, parse_week(values["week"], desk.shifts))

        self._form(
            f"{label}的每周排班模式",
            [Field("week", "周一到周日", "7 个，如：早 早 中 中 休 晚 休", 40)],
            save,
            lambda: f"{label}的每周模式已保存；按 g 生成排班。",
        )

    @work(group="flow", exclusive=True)
    async def action_generate(self) -> None:
        """The span first; over holidays or 调休 working days, what to do there; then the
        rota from the weekly patterns."""
        if self.board is None:
            return
        desk = self.desk
        span: list[date] = []

        def check(values: dict[str, str]) -> None:  # said in the form, where it is typed
            try:
                since, until = (date.fromisoformat(values[k].strip()) for k in ("since", "until"))
            except ValueError:
                raise DomainError("日期应为 YYYY-MM-DD。") from None
            if until < since:
                raise DomainError(f"开始日期 {since} 晚于结束日期 {until}。")
            span[:] = [since, until]

        day = self.board.day
        monday = day + timedelta(days=7 - day.weekday())
        fields = [
            Field("since", "从", "YYYY-MM-DD", 10, monday.isoformat()),
            Field("until", "到", "YYYY-MM-DD", 10, (monday + timedelta(days=6)).isoformat()),
        ]
        title = "按每周模式生成排班（已有的排班保留）"
        if not await self.app.push_screen_wait(FormDialog(title, fields, check)):
            return
        since, until = span
        special = special_days(desk.calendar, since, until)
        skip: frozenset[date] = frozenset()
        if special:
            choices = [Choice("照常按每周模式生成", "keep")]
            if special.off:
                choices.append(Choice("放假日不排班（调休上班日照常按模式）", "skip"))
            answer = await self.app.push_screen_wait(
                ChoiceDialog(f"这段时间有特殊日期。{special.text}", choices)
            )
            if answer is None:
                return
            if answer == "skip":
                skip = frozenset(special.off)
        self.change(
            lambda n: f"已生成 {n[0]} 条排班，保留已有的 {n[1]} 条。", generate, since, until, skip
        )

    @work(group="flow", exclusive=True)
    async def action_import_rota(self) -> None:
        app = self.app
        desk = self.desk
        path = await app.push_screen_wait(
            TextPrompt(
                "导入排班（CSV 或 XLSX：工号,姓名,12-07,12-08,… 或 工号,日期,班次）",
                "文件路径",
                "请填写文件路径。",
                200,
                import_path,
            )
        )
        if not path:
            return
        # Checked in a thread with a progress bar, outside the database's write lock;
        # then saved in one short transaction, in turn with this terminal's other changes.
        rows = await self.fetch_with_progress(self._read_rota, path)
        if isinstance(rows, Failed):
            return
        result = await self.attempt(
            replace_entries, desk.store, desk.actor, rows.wanted, path.name, rows.cleared
        )
        if not isinstance(result, Failed):
            special = special_days_among(desk.calendar, result.days)
            warning = f"\n注意，排班中有特殊日期：{special.text}。" if special else ""
            self.notify(result.text + warning, markup=False, timeout=15 if special else 5)
        self.reload()

    def _read_rota(self, path: Path, progress: Any) -> Any:
        try:
            return read_rota_file(self.desk.store, path, self.desk.shifts, progress)
        except RotaFileError as exc:
            # Every bad row, in a window of its own: a toast is no place for fifty lines.
            self.app.call_from_thread(
                self.app.push_screen, InfoDialog("排班未导入", Text(visible(exc.message)))
            )
            raise DomainError(f"排班文件有 {len(exc.problems)} 处问题，未导入。") from None

    def action_sheet(self) -> None:
        day = self.board.day if self.board else self.desk.clock.now().date()
        self.app.push_screen(AttendanceSheetScreen(day.replace(day=1), self.desk.arrival_rule))
