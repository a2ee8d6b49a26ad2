"""工作汇报: the daily, weekly or monthly report of one period, composed from the records;
the chief writes the remarks and submits it, a manager marks it read, and it exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from hotline_tui.domain.reports import filing
from hotline_tui.domain.reports.document import ReportDocument, document
from hotline_tui.exports.work_report import SUFFIXES, write_report
from hotline_tui.model.permissions import Action
from hotline_tui.model.report_period import KIND_NAMES, ReportPeriod
from hotline_tui.model.text import visible
from hotline_tui.screens.kit.background_export import export_in_background
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Confirm, NotePrompt, changing, open_dialog


def report_text(doc: ReportDocument) -> Text:
    """The report as the screen shows it: section titles bold, user text made visible."""
    text = Text()
    for n, section in enumerate(doc.all_sections()):
        if n:
            text.append("\n")
        text.append(visible(section.title), style="bold")
        for line in section.lines:
            text.append("\n  " + visible(line))
    return text


class ReportsScreen(DeskScreen[ReportDocument]):
    NEEDS = {
        "remarks": Action.WRITE_REPORTS,
        "submit": Action.WRITE_REPORTS,
        "amend": Action.WRITE_REPORTS,
        "mark_read": Action.READ_REPORTS,
        "export": Action.EXPORT_RECORDS,
    }
    HEADER_CONTEXT = "工作汇报"
    BINDINGS = [
        # p and n as on the monthly sheet; the arrows too (the scroll leaves them alone).
        Binding("p,left", "step(-1)", "上一期", key_display="p", id="reports.previous"),
        Binding("n,right", "step(1)", "下一期", key_display="n", id="reports.next"),
        Binding("d", "kind('day')", "日报", id="reports.day"),
        Binding("w", "kind('week')", "周报", id="reports.week"),
        Binding("m", "kind('month')", "月报", id="reports.month"),
        Binding("e", "remarks", "写备注", id="reports.remarks"),
        Binding("s", "submit", "提交", id="reports.submit"),
        Binding("a", "amend", "补充说明", id="reports.amend"),
        Binding("k", "mark_read", "已阅", id="reports.read"),
        Binding("x", "export", "导出", id="reports.export"),
    ]

    def __init__(self, period: ReportPeriod | None = None) -> None:
        super().__init__()
        self.period = period
        self.doc: ReportDocument | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="report-status", markup=False)
        with VerticalScroll(id="report-scroll"):
            yield Static("正在汇总……", id="report-body", markup=False)
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.period is None:
            # The report a chief writes first thing in the morning: yesterday's.
            self.period = ReportPeriod.day(self.desk.clock.now().date()).step(-1)
        self.query_one("#report-scroll").focus()

    # --- showing ---------------------------------------------------------------------

    def read(self) -> ReportDocument:
        desk = self.desk
        assert self.period is not None
        return document(
            desk.store, desk.shifts, self.period, desk.clock.now(), desk.settings.report_due,
            desk.arrival_rule,
        )  # fmt: skip

    def show(self, data: ReportDocument) -> None:
        if data.period != self.period:
            return  # a read for a period the user has already left
        self.doc = data
        late = "  逾期" if data.late and not data.submitted else ""
        self.query_one("#report-status", Static).update(
            f"{data.period.title}    {data.status}{late}"
            + ("" if data.ended or data.submitted else "    （本期尚未结束，不能提交）")
        )
        self.query_one("#report-body", Static).update(report_text(data))
        self.set_context(f"工作汇报  {data.period.title}")
        self.refresh_bindings()

    def action_state(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("step", "kind"):
            return True
        doc = self.doc
        if doc is None:
            return None  # shown, not offered, until the period is read
        actor = self.desk.actor
        stored = doc.stored
        return {
            "remarks": not doc.submitted,
            "submit": not doc.submitted and doc.ended,
            "amend": doc.submitted,
            "mark_read": bool(stored and actor and stored.may_be_read_by(actor.id)),
            "export": doc.ended,
        }.get(action, True)  # fmt: skip

    # --- moving ----------------------------------------------------------------------

    def _go(self, period: ReportPeriod) -> None:
        self.period = period
        self.doc = None
        self.query_one("#report-status", Static).update(f"{period.title}    正在汇总……")
        self.refresh_bindings()
        self.reload()

    def action_step(self, direction: int) -> None:
        if self.period is not None:
            self._go(self.period.step(direction))

    def action_kind(self, kind: str) -> None:
        if self.period is not None and self.period.kind != kind:
            today = self.desk.clock.now().date()
            # The latest period of that kind that has ended: what one reports on.
            day: date = min(self.period.first, today)
            period = ReportPeriod.of(kind, day)
            if not period.ended(self.desk.shifts, self.desk.clock.now()):
                period = period.step(-1)
            self._go(period)

    # --- acting ----------------------------------------------------------------------

    def action_remarks(self) -> None:
        doc = self.doc
        if doc is None:
            return
        period, version = doc.period, doc.remarks_version

        def save(text: str) -> None:
            filing.save_remarks(self.desk.store, self.desk.actor, period, text, version)

        open_dialog(
            self,
            NotePrompt(
                f"值班长备注：{period.title}",
                "写下本期需要说明的情况；提交时连同汇总数据一起封存。",
                "",
                filing.MAX_REMARKS,
                visible(doc.remarks),
                save,
            ),
            "备注已保存。",
        )

    @work(group="flow", exclusive=True)
    async def action_submit(self) -> None:
        doc = self.doc
        if doc is None:
            return
        body = (
            f"提交{doc.period.title}。\n提交时按此刻的记录重新汇总，连同备注一起封存（生成摘要），"
            "之后不能修改，只能补充说明。"
        )
        if not await self.app.push_screen_wait(Confirm("提交工作汇报", body)):
            return
        desk = self.desk
        digest = await self.attempt(
            filing.submit, desk.store, desk.actor, desk.shifts, doc.period, doc.remarks,
            doc.remarks_version, desk.settings.report_due, desk.arrival_rule,
        )  # fmt: skip
        self.reload()
        if not isinstance(digest, Failed):
            self.notify(f"{doc.period.title}已提交，摘要 {digest[:16]}。", markup=False)

    def action_amend(self) -> None:
        doc = self.doc
        if doc is None or doc.stored is None:
            return
        report_id = doc.stored.id

        open_dialog(
            self,
            NotePrompt(
                "补充说明",
                "已提交的汇报不能修改。写下更正或补充，会附在原文之后并记下您的姓名和时间。",
                "补充说明不能为空。",
                filing.MAX_AMENDMENT,
                accept=changing(self, filing.amend, report_id),
            ),
            "补充说明已添加。",
        )

    def action_mark_read(self) -> None:
        doc = self.doc
        if doc is not None and doc.stored is not None:
            self.change(f"已确认阅读{doc.period.title}。", filing.mark_read, doc.stored.id)

    def action_export(self) -> None:
        doc = self.doc
        if doc is None:
            return
        example = f"~/运营{doc.period.name}-{doc.period.key}.xlsx"

        def write(path: Path) -> tuple[str, int]:
            write_report(doc, path, self.desk.store.chain_head())
            return f"已导出{doc.period.title}", 1

        export_in_background(
            self, f"导出{KIND_NAMES[doc.period.kind]}（.xlsx 或 .md）", example, SUFFIXES, write,
            "report", doc.period.title,
        )  # fmt: skip
