"""考试: a month's exam sittings and business tests, each with its scores; a new sitting,
a resit of one, and a person's score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.quality import exams
from hotline_tui.errors import DomainError
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import shift_month
from hotline_tui.model.permissions import Action
from hotline_tui.model.person_fields import typed_day
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Choice, ChoiceDialog, Field, StaffPicker, open_form

COLUMNS = (("日期", 10), ("类别", 8), ("名称", 34), ("及格/满分", 9), ("参加", 5), ("及格", 5),
           ("及格率", 8))  # fmt: skip


@dataclass(frozen=True)
class ExamsData:
    month: date
    sittings: list[exams.ExamRow]
    scores: dict[int, list[exams.ScoreRow]]


def _whole(text: str, what: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise DomainError(f"{what}应为整数，而不是“{visible(text)}”。") from None


class ExamsScreen(DeskScreen[ExamsData]):
    NEEDS = {"new": Action.EXAMS, "resit": Action.EXAMS, "score": Action.EXAMS}
    HEADER_CONTEXT = "考试"
    BINDINGS = [
        Binding("p", "month(-1)", "上月", id="exams.prev"),
        Binding("n", "month(1)", "下月", id="exams.next"),
        Binding("a", "new", "新考试", id="exams.new"),
        Binding("r", "resit", "补考", id="exams.resit"),
        Binding("s", "score", "登记成绩", id="exams.score"),
        Binding("escape", "back", "返回", key_display="Esc", id="exams.back"),
    ]

    def __init__(self, month: date) -> None:
        super().__init__()
        self.month = month.replace(day=1)
        self.data: ExamsData | None = None
        self.select_next: int | None = None  # a sitting just added: shown selected

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="exams-summary", markup=False)
        yield DataTable(id="exams-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="exams-empty", classes="empty-state", markup=False)
        yield Static("", id="exams-scores", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one(DataTable)
        for title, width in COLUMNS:
            table.add_column(title, width=width)
        table.focus()

    def read(self) -> ExamsData:
        store = self.desk.store
        rows = exams.exams_in_month(store, self.month)
        return ExamsData(self.month, rows, exams.scores_of(store, [e.id for e in rows]))

    def show(self, data: ExamsData) -> None:
        if data.month != self.month:
            return
        keep_id = self.select_next or (self.selected.id if self.selected else None)
        self.select_next = None
        self.data = data
        table = self.query_one(DataTable)
        table.clear()
        for e in data.sittings:
            rate = fraction_percent(e.passed, e.taken) if e.taken else "无成绩"
            table.add_row(
                e.day.isoformat(), exams.KINDS[e.kind], visible(e.topic) + ("（补考）" if e.resit_of else "") + e.applies,
                f"{e.pass_mark}/{e.full_mark}", str(e.taken), str(e.passed), rate, key=str(e.id),
            )  # fmt: skip
        if keep_id is not None:
            index = next((n for n, e in enumerate(data.sittings) if e.id == keep_id), None)
            if index is not None:
                table.move_cursor(row=index)
        counted = [e for e in data.sittings if e.kind == "exam" and e.resit_of is None]
        taken, passed = sum(e.taken for e in counted), sum(e.passed for e in counted)
        rate = fraction_percent(passed, taken) if taken else "无数据"
        self.query_one("#exams-summary", Static).update(
            f"{self.month:%Y-%m} 在职考试合格率：{passed}/{taken} = {rate}"
            "（只计本月考试的首次成绩；补考和业务测试不计）" if taken else
            f"{self.month:%Y-%m} 在职考试合格率：无数据（本月还没有考试成绩）"
        )  # fmt: skip
        empty = self.query_one("#exams-empty", Static)
        empty.display = not data.sittings
        empty.update(f"{self.month:%Y-%m} 没有考试。按 a 登记一场考试或业务测试。")
        self._show_scores()
        self.set_context(f"考试  {self.month:%Y-%m}")

    @property
    def selected(self) -> exams.ExamRow | None:
        table = self.query_one(DataTable)
        if self.data is None or table.cursor_row >= len(self.data.sittings):
            return None
        return self.data.sittings[table.cursor_row]

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_scores()
        self.refresh_bindings()

    def _show_scores(self) -> None:
        exam = self.selected
        box = self.query_one("#exams-scores", Static)
        if exam is None or self.data is None:
            box.update("")
            return
        rows = self.data.scores.get(exam.id, [])
        if not rows:
            box.update(f"{exam.title}：还没有成绩。按 s 登记。")
            return
        failed = [f"{r.name} {r.score}" for r in rows if not r.passed]
        passed = [f"{r.name} {r.score}" for r in rows if r.passed]
        text = f"{exam.title}：不及格 {len(failed)} 人：{'、'.join(failed) or '无'}\n及格 {len(passed)} 人：{'、'.join(passed)}"
        box.update(visible(text))

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("resit", "score"):
            exam = self.selected
            if exam is None:
                return None
            return exam.passed < exam.taken if action == "resit" else True
        return True

    def action_month(self, step: int) -> None:
        self.month = shift_month(self.month, step)
        self.data = None
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(group="flow", exclusive=True)
    async def action_new(self) -> None:
        app = self.app
        desk = self.desk
        kind = await app.push_screen_wait(
            ChoiceDialog("哪一类？", [Choice(f"{name}（{'计入' if k == 'exam' else '不计入'}考试合格率）", k)
                                     for k, name in exams.KINDS.items()])
        )  # fmt: skip
        if kind is None:
            return

        def save(values: dict[str, str]) -> None:
            live = values.get("live", "").strip()
            self.select_next = exams.add_exam(
                desk.store, desk.actor, kind, values["topic"], typed_day(values["day"]),
                _whole(values["pass"], "及格分"), _whole(values["full"], "满分"),
                live_from=typed_day(live) if live else None, zone=values.get("zone", ""),
            )  # fmt: skip

        today = desk.clock.now().date().isoformat()
        fields = [
            Field("topic", "名称", "如：11 月政策知识考试", exams.MAX_TOPIC),
            Field("day", "日期", "YYYY-MM-DD", 10, value=today),
            Field("pass", "及格分", "", 4, value="60"),
            Field("full", "满分", "", 4, value="100"),
        ]
        if kind == "test":
            fields += [
                Field("live", "新政策上线日期", "YYYY-MM-DD；此后未通过者在排座时标出", 10),
                Field("zone", "适用座位区", "座位编号前的字母，如 F；留空为全部座位", 1),
            ]
        open_form(self, f"登记{exams.KINDS[kind]}", fields, save, "已登记，按 s 登记成绩。")

    def action_resit(self) -> None:
        exam = self.selected
        if exam is None:
            return
        desk = self.desk

        def save(values: dict[str, str]) -> None:
            self.select_next = exams.add_exam(
                desk.store, desk.actor, exam.kind, exam.topic, typed_day(values["day"]),
                exam.pass_mark, exam.full_mark, exam.resit_of or exam.id,
            )  # fmt: skip

        open_form(
            self,
            f"补考：{exam.title}（只有不及格的人可以参加）",
            [Field("day", "补考日期", "YYYY-MM-DD，晚于原考试", 10)],
            save,
            "补考已登记，按 s 登记成绩。",
        )

    @work(group="flow", exclusive=True)
    async def action_score(self) -> None:
        exam = self.selected
        if exam is None:
            return
        app = self.app
        desk = self.desk
        people = await self.fetch(list_staff, desk.store)
        if isinstance(people, Failed):
            return
        agents = [p for p in people if p.post in ("组员", "班长")]
        person = await app.push_screen_wait(StaffPicker(f"{exam.title}：谁的成绩？", agents))
        if person is None:
            return

        def save(values: dict[str, str]) -> None:
            exams.record_score(desk.store, desk.actor, exam.id, person.staff_no,
                               _whole(values["score"], "成绩"))  # fmt: skip

        open_form(
            self,
            f"{exam.title}：{person.name}（{person.staff_no}）",
            [Field("score", f"成绩（满分 {exam.full_mark}，{exam.pass_mark} 分及格）", "", 4)],
            save,
            "成绩已登记。",
        )
