"""质检: a month's QC records, per person and per group; enter one, or import the QC
group's file. A team leader sees their own group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.clocks.urgent import parse_opened
from hotline_tui.domain.quality.records import (
    MAX_NOTE,
    MAX_REF,
    QcRow,
    QcSummary,
    add_record,
    list_records,
    people_by_no,
    summaries,
)
from hotline_tui.errors import DomainError
from hotline_tui.imports.qc_file import import_qc
from hotline_tui.imports.tabular import import_path
from hotline_tui.model import checklist
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import shift_month
from hotline_tui.model.permissions import LEADER, Action
from hotline_tui.model.states import Employment
from hotline_tui.model.text import moment, visible
from hotline_tui.screens.kit.base import DeskScreen, Failed, off_loop
from hotline_tui.screens.kit.dialogs import Field, InfoDialog, StaffPicker, TextPrompt, open_form

VIEWS = ("records", "people", "groups")
VIEW_NAMES = {"records": "逐条记录", "people": "按人员", "groups": "按组"}
RECORD_COLUMNS = (("通话时间", 12), ("通话编号", 14), ("坐席", 8), ("组", 16), ("质检员", 8),
                  ("得分", 7), ("结果", 6), ("错误类型", 20), ("未达标项", 30))  # fmt: skip
SUMMARY_COLUMNS = (("工号", 6), ("姓名", 8), ("组", 16), ("质检", 5), ("合格", 5),
                   ("合格率", 8), ("解答错误", 8), ("错误类型（次数）", 40))  # fmt: skip


@dataclass(frozen=True)
class QcData:
    month: date
    rows: list[QcRow]


class QualityScreen(DeskScreen[QcData]):
    NEEDS = {"new": Action.QC_RECORDS, "import_file": Action.QC_RECORDS}
    HEADER_CONTEXT = "质检"
    BINDINGS = [
        Binding("p", "month(-1)", "上月", id="quality.prev"),
        Binding("n", "month(1)", "下月", id="quality.next"),
        Binding("v", "view", "切换视图", id="quality.view"),
        Binding("a", "new", "录入", id="quality.new"),
        Binding("i", "import_file", "导入", id="quality.import"),
        Binding("enter", "open", "明细", key_display="Enter", id="quality.open"),
        Binding("escape", "back", "返回", key_display="Esc", id="quality.back"),
    ]

    def __init__(self, month: date) -> None:
        super().__init__()
        self.month = month.replace(day=1)
        self.view = "records"
        self.data: QcData | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="quality-summary", markup=False)
        yield DataTable(id="quality-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="quality-empty", classes="empty-state", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(DataTable).focus()

    @property
    def own_group(self) -> str | None:
        """A team leader's own group: the only one they see."""
        actor = self.desk.actor
        return actor.group if actor is not None and actor.post == LEADER else None

    # --- showing -----------------------------------------------------------------------

    def read(self) -> QcData:
        return QcData(self.month, list_records(self.desk.store, self.month, self.own_group))

    def show(self, data: QcData) -> None:
        if data.month != self.month:
            return
        self.data = data
        rows = data.rows
        passed = sum(r.passed for r in rows)
        rate = fraction_percent(passed, len(rows)) if rows else "无数据"
        whose = f"（{self.own_group}）" if self.own_group else ""
        self.query_one("#quality-summary", Static).update(
            f"{self.month:%Y-%m} 质检{whose}：{len(rows)} 条，合格 {passed} 条，合格率 {rate}    "
            f"视图：{VIEW_NAMES[self.view]}（v 切换）"
        )
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if self.view == "records":
            for title, width in RECORD_COLUMNS:
                table.add_column(title, width=width)
            for r in rows:
                table.add_row(
                    moment(r.call_at), visible(r.call_ref), visible(r.agent), r.group, r.checker,
                    f"{r.score}/{r.full_score}",
                    Text("合格" if r.passed else "不合格", style="" if r.passed else "bold red"),
                    r.errors, r.missed, key=str(r.id),
                )  # fmt: skip
        else:
            for title, width in SUMMARY_COLUMNS:
                table.add_column(title, width=width)
            for s in summaries(rows, by_group=self.view == "groups"):
                table.add_row(*self._summary_cells(s), key=s.key)
        empty = self.query_one("#quality-empty", Static)
        empty.display = not rows
        empty.update(f"{self.month:%Y-%m} 没有质检记录。按 a 录入一条，或按 i 导入质检组的文件。")
        self.set_context(f"质检  {self.month:%Y-%m}")
        self.refresh_bindings()

    def _summary_cells(self, s: QcSummary) -> tuple[object, ...]:
        kinds = "、".join(f"{kind} {n}" for kind, n in s.errors)
        failing = s.passed < s.checked
        key, name = ("", s.key) if self.view == "groups" else (s.key, s.name)
        return (
            key, visible(name), s.group, str(s.checked), str(s.passed),
            Text(s.rate_text, style="bold red" if failing else ""), str(s.answer_errors), kinds,
        )  # fmt: skip

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.data and self.data.rows) and self.view == "records"
        return True

    # --- moving ------------------------------------------------------------------------

    def action_month(self, step: int) -> None:
        self.month = shift_month(self.month, step)
        self.data = None
        self.reload()

    def action_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        if self.data is not None:
            self.show(self.data)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.data is None or self.view != "records" or table.cursor_row >= len(self.data.rows):
            return
        r = self.data.rows[table.cursor_row]
        text = Text()
        text.append(f"{moment(r.call_at)}  通话 {r.call_ref}\n", style="bold")
        text.append(f"坐席：{r.agent}（{r.agent_no}，{r.group or '无组'}）\n质检员：{r.checker}\n")
        text.append(f"得分：{r.score}/{r.full_score}，{'合格' if r.passed else '不合格'}\n")
        text.append(f"未达标项：{r.missed or '无'}\n错误类型：{r.errors or '无'}\n")
        text.append(f"备注：{r.note or '无'}\n")
        self.app.push_screen(InfoDialog("质检记录", Text(visible(text.plain))))

    # --- changes -----------------------------------------------------------------------

    @work(group="flow", exclusive=True)
    async def action_new(self) -> None:
        app = self.app
        desk = self.desk
        people = await self.fetch(people_by_no, desk.store)
        if isinstance(people, Failed):
            return
        today = desk.clock.now().date()
        agents = [
            p for p in people.values()
            if p.post in ("组员", "班长") and p.status != Employment.LEFT
            and (p.left_on is None or p.left_on > today)
        ]  # fmt: skip
        agents.sort(key=lambda p: p.staff_no)
        agent = await app.push_screen_wait(StaffPicker("质检哪位坐席的通话？", agents))
        if agent is None:
            return
        qc = desk.settings.qc
        numbered = "  ".join(
            f"{n} {name}（{points}）" for n, (name, points) in enumerate(qc.items, 1)
        )
        kinds = "  ".join(f"{n} {kind}" for n, kind in enumerate(checklist.ERROR_KINDS, 1))

        def describe_checker(text: str) -> str:
            person = people.get(text.strip())
            return (
                f"{person.name}（{person.group or '无组'}）" if person else "输入质检组人员的工号"
            )

        def describe_missed(text: str) -> str:
            try:
                items = checklist.missed_items(text, qc)
            except DomainError as exc:
                return exc.message
            if not text.strip():
                return numbered
            value, passed = checklist.score(qc, items)
            return f"{'、'.join(items)} → {value} 分，{'合格' if passed else '不合格'}（合格分 {qc.pass_score}）"

        def describe_kinds(text: str) -> str:
            try:
                return "、".join(checklist.error_kinds(text)) or kinds
            except DomainError as exc:
                return exc.message

        def save(values: dict[str, str]) -> None:
            call_at = parse_opened(values["call_at"], desk.clock.now())
            add_record(
                desk.store, desk.actor, qc, call_at, values["call_ref"], agent.staff_no,
                values["checker"], values["missed"], values["errors"], values["note"],
            )  # fmt: skip

        open_form(
            self,
            f"质检录入：{agent.name}（{agent.staff_no}）",
            [
                Field("call_at", "通话时间", "YYYY-MM-DD HH:MM 或 HH:MM（今天）", 16),
                Field("call_ref", "通话编号", "话务平台的录音或流水号", MAX_REF),
                Field("checker", "质检员工号", "质检组人员", 10, describe=describe_checker),
                Field(
                    "missed",
                    "未达标项（编号，空格分隔；全部达标留空）",
                    "如 3 5",
                    40,
                    describe=describe_missed,
                ),
                Field("errors", "错误类型（编号）", "如 1", 20, describe=describe_kinds),
                Field("note", "备注", "可不填", MAX_NOTE),
            ],  # fmt: skip
            save,
            "质检记录已保存。",
        )

    @work(group="flow", exclusive=True)
    async def action_import_file(self) -> None:
        app = self.app
        path = await app.push_screen_wait(
            TextPrompt(
                "导入质检文件（CSV 或 XLSX）",
                "文件路径；表头：通话时间,通话编号,坐席工号,质检员工号,未达标项,错误类型,备注",
                "请填写文件路径。",
                200,
                import_path,
            )
        )
        if not path:
            return
        self.notify("正在检查并导入……", markup=False, timeout=3)
        try:
            count = await self._run_import(path)
        except DomainError as exc:
            app.push_screen(InfoDialog("未导入", Text(visible(exc.message))))
            return
        self.reload()
        self.notify(f"已导入 {count} 条质检记录。", markup=False)

    async def _run_import(self, path: Path) -> int:
        app = self.app
        desk = self.desk
        return await off_loop(app, import_qc, desk.store, desk.actor, path, desk.settings.qc)
