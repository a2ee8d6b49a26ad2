"""指标: the nine indicators for a month and its quarter, their trend, the records behind
them, the figures entered from outside, and the review workbook."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, ProgressBar, Static

from hotline_tui.domain.indicators.figures import figures, parse_figures, save_figures
from hotline_tui.domain.indicators.records import (
    RECORD_COLUMNS,
    Record,
    against_first,
    cell_text,
)
from hotline_tui.domain.indicators.report import (
    Line,
    met_text,
    quarter_note,
    rate_text,
    recorded_figures,
    report,
    trend,
)
from hotline_tui.exports.kpi_review import sheet_rule, write_review
from hotline_tui.imports.kpi_figures import import_figures
from hotline_tui.imports.tabular import import_path
from hotline_tui.imports.traffic_file import import_traffic
from hotline_tui.model.indicators import FIGURES
from hotline_tui.model.periods import month_of, quarter_label, shift_month
from hotline_tui.model.permissions import Action
from hotline_tui.model.text import visible
from hotline_tui.screens.indicators.intraday import IntradayScreen
from hotline_tui.screens.kit.background_export import export_in_background
from hotline_tui.screens.kit.base import DeskScreen, Failed
from hotline_tui.screens.kit.dialogs import Field, FormDialog, TextPrompt, open_dialog
from hotline_tui.screens.quality.checks import QualityScreen
from hotline_tui.screens.quality.exams import ExamsScreen
from hotline_tui.screens.quality.training import TrainingScreen
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.trend_strip import TrendStrip

PERIOD = {"month": "月", "quarter": "季"}
# Cells a record column takes in the drill-down; times are "11-30 09:00".
RECORD_WIDTHS = {
    "系统": 8, "现象": 26, "上报给": 12, "结果": 14, "班次": 4, "工号": 6, "姓名": 8,
    "状态": 6, "类别": 12, "摘要": 30, "经手": 6, "延误原因": 30, "原因": 24, "答复": 24, "补录": 30,
    "日期": 10,
}  # fmt: skip


class IndicatorTable(DataTable):
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "indicator-table--missed",
        "indicator-table--none",
    }
    BINDINGS = [
        Binding("enter", "select_cursor", "明细", key_display="Enter", id="indicators.detail")
    ]


class IndicatorsScreen(DeskScreen[tuple[date, list[Line]]]):
    NEEDS = {
        "enter_figures": Action.OUTSIDE_FIGURES,
        "import_figures": Action.OUTSIDE_FIGURES,
        "import_traffic": Action.OUTSIDE_FIGURES,
        "export": Action.EXPORT_RECORDS,
    }
    BINDINGS = [
        Binding("p", "month(-1)", "上月", id="indicators.prev"),
        Binding("n", "month(1)", "下月", id="indicators.next"),
        Binding("i", "enter_figures", "录入外部数据", id="indicators.enter"),
        Binding("u", "import_figures", "导入 CSV", id="indicators.import"),
        Binding("c", "import_traffic", "导入话务", id="indicators.traffic"),
        Binding("d", "intraday", "分时话务", id="indicators.intraday"),
        Binding("e", "export", "导出报表", id="indicators.export"),
        Binding("q", "quality", "质检记录", id="indicators.quality"),
        Binding("k", "exams", "考试", id="indicators.exams"),
        Binding("t", "training", "培训", id="indicators.training"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None
        self.lines: list[Line] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="indicators-title", markup=False)
        yield IndicatorTable(id="indicators-table", cursor_type="row", zebra_stripes=True)
        yield TrendStrip(id="indicators-trend")
        yield ProgressBar(id="indicators-progress", show_eta=False)
        yield Prose(
            "季度考核的指标（1、4）以本季数值判定，其余以本月判定。无数据的指标不显示为 0% 或 100%。",
            classes="hint",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.month = self.desk.clock.now().date().replace(day=1)
        table = self.query_one(IndicatorTable)
        # What decides the payment first, each column as wide as its widest word, so that
        # at 80 columns the seven up to 结果 show whole ("撤换响应（3 个工作日内）", "不高于
        # 0.030%", "未达标") and at 160 the source is read to its end.
        for title, width in (
            ("序号", 4), ("指标", 24), ("考核", 4), ("本月", 6), ("本季", 6), ("目标", 13),
            ("结果", 6), ("本月分子/分母", 13), ("本季分子/分母", 13), ("来源", 48),
        ):  # fmt: skip
            table.add_column(title, width=width)
        self.query_one(ProgressBar).display = False
        table.focus()

    def action_month(self, step: int) -> None:
        assert self.month is not None
        self.month = shift_month(self.month, step)
        self.reload()

    def ready(self) -> bool:
        return self.month is not None

    def read(self) -> tuple[date, list[Line]]:
        month, desk = self.month, self.desk
        assert month is not None
        return month, report(desk.store, month, desk.clock.now(), desk.shifts, desk.arrival_rule)

    def show(self, data: tuple[date, list[Line]]) -> None:
        month, self.lines = data
        table = self.query_one(IndicatorTable)
        missed = table.get_component_rich_style("indicator-table--missed", partial=True)
        none = table.get_component_rich_style("indicator-table--none", partial=True)
        keep = table.cursor_row
        table.clear()
        for line in self.lines:
            ind = line.indicator
            result = met_text(line)
            style = missed if result == "未达标" else none if result == "无数据" else ""
            month_counts = f"{line.month.numerator}/{line.month.denominator}"
            quarter_counts = f"{line.quarter.numerator}/{line.quarter.denominator}"
            cells = (
                str(ind.no) if ind else "",
                line.name,
                PERIOD[ind.period] if ind else "月",
                rate_text(line, line.month),
                rate_text(line, line.quarter),
                ind.target_text if ind else "100%",
                result,
                month_counts if line.month.denominator else "",
                quarter_counts if line.quarter.denominator else "",
                f"{line.source}：{line.detail}"
                + (f"；{note}" if (note := quarter_note(line)) else ""),
            )
            table.add_row(*(Text(visible(c), style=style) for c in cells))
        table.move_cursor(row=min(keep, len(self.lines) - 1))
        self._load_trend(month)
        quarter = quarter_label(month)
        missing = sum(1 for line in self.lines if met_text(line) == "未达标")
        title = f"{month.year} 年 {month.month} 月（{quarter}）：未达标 {missing} 项"
        if all(met_text(line) == "无数据" for line in self.lines):
            title = (
                f"{month.year} 年 {month.month} 月（{quarter}）：还没有数据。外部指标按 i 录入"
                "或 u 导入，话务数据按 c 导入，其余随考勤、时效和故障记录自动计算。"
            )
        self.query_one("#indicators-title", Static).update(title)
        self.set_context(f"指标  {month:%Y-%m}")

    @work(thread=True, exclusive=True, group="trend")
    def _load_trend(self, month: date) -> None:
        """Twelve months of reports take a sixth of a second: loaded after the month itself."""
        app = self.app
        desk = self.desk
        months = trend(desk.store, month, desk.clock.now(), desk.shifts, rule=desk.arrival_rule)
        if month == self.month:  # the user may have moved on meanwhile
            app.call_from_thread(self.query_one(TrendStrip).show, months)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        line = self.lines[event.cursor_row]
        if line.records is None:
            self.notify(
                "这一项来自外部录入，没有明细记录；按 i 查看或修改录入的数据。", markup=False
            )
            return
        assert self.month is not None
        self.app.push_screen(IndicatorRecordsScreen(line, month_of(self.month)))

    # --- figures from outside ------------------------------------------------------------

    @work(group="flow", exclusive=True)
    async def action_enter_figures(self) -> None:
        app, desk, month = self.app, self.desk, self.month
        assert month is not None
        entered = await self.fetch(figures, desk.store, [month])
        replaced = await self.fetch(recorded_figures, desk.store, month)
        if isinstance(entered, Failed) or isinstance(replaced, Failed):
            return
        current = entered[month]
        fields = [
            Field(
                key,
                f"{name}（本月按记录计算，此项只作备查）" if key in replaced else name,
                "整数，不知道可留空",
                12,
                str(current[key].value) if key in current else "",
            )
            for key, name in FIGURES
        ]

        def save(values: dict[str, str]) -> None:
            save_figures(desk.store, desk.actor, month, parse_figures(values))

        form = FormDialog(f"{month:%Y-%m} 外部数据（电话平台、质检抽样、考试）", fields, save)
        if await app.push_screen_wait(form):
            self.reload()
            self.notify("已保存，录入人和时间已记录。", markup=False)

    def action_import_figures(self) -> None:
        def read(text: str) -> int:
            return import_figures(self.desk.store, self.desk.actor, Path(text).expanduser())

        open_dialog(
            self,
            TextPrompt("导入外部数据（CSV：月份,项目,数值）", "文件路径", "请填写文件路径。", 200,
                       read),
            lambda months: f"已导入 {months} 个月的外部数据。",
        )  # fmt: skip

    def action_import_traffic(self) -> None:
        """The phone platform's report by half-hour or by day: 人工接通率 is computed from it."""

        def read(text: str) -> str:
            desk = self.desk
            return import_traffic(
                desk.store, desk.actor, import_path(text), desk.settings.traffic
            ).text

        open_dialog(
            self,
            TextPrompt("导入话务数据（电话平台报表，按半小时或按天，CSV 或 XLSX）", "文件路径",
                       "请填写文件路径。", 200, read),
            lambda text: text,
        )  # fmt: skip

    # --- the review workbook ----------------------------------------------------------------

    def action_intraday(self) -> None:
        self.app.push_screen(IntradayScreen())

    def action_quality(self) -> None:
        self.app.push_screen(QualityScreen(self.month or self.desk.clock.now().date()))

    def action_exams(self) -> None:
        self.app.push_screen(ExamsScreen(self.month or self.desk.clock.now().date()))

    def action_training(self) -> None:
        self.app.push_screen(TrainingScreen(self.month or self.desk.clock.now().date()))

    def action_export(self) -> None:
        app, desk, month = self.app, self.desk, self.month
        assert month is not None
        bar = self.query_one(ProgressBar)

        def progress(done: int, total: int, what: str) -> None:
            app.call_from_thread(bar.update, total=total, progress=done)

        def write(path: Path) -> tuple[str, int]:
            app.call_from_thread(setattr, bar, "display", True)
            try:
                sheets = write_review(
                    desk.store,
                    month,
                    path,
                    desk.clock.now(),
                    desk.shifts,
                    progress=progress,
                    sla=desk.settings.sla,
                    rule=desk.arrival_rule,
                )
            finally:
                app.call_from_thread(setattr, bar, "display", False)
            return f"已导出 {month:%Y-%m} 考核报表", sheets

        export_in_background(
            self,
            "导出考核报表（.csv 只导出汇总）",
            f"~/考核-{month:%Y-%m}.xlsx",
            (".xlsx", ".csv"),
            write,
            "kpi",
            f"{month:%Y-%m}",
        )


class IndicatorRecordsScreen(DeskScreen[list[Record]]):
    """The records a computed indicator is computed from; the ones that count against it first."""

    BINDINGS = [Binding("escape", "back", "返回", key_display="Esc", id="records.back")]

    def __init__(self, line: Line, period: tuple[date, date]) -> None:
        super().__init__()
        self.line = line
        self.period = period

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="records-summary", markup=False)
        yield DataTable(id="records-table", cursor_type="row", zebra_stripes=True)
        yield from self.compose_footer()

    @property
    def key(self) -> int:
        return self.line.indicator.no if self.line.indicator else 0

    def on_mount(self) -> None:
        super().on_mount()
        key = self.key
        table = self.query_one(DataTable)
        # Fixed widths: the columns do not jump when the records arrive.
        for title in RECORD_COLUMNS[key]:
            table.add_column(title, width=RECORD_WIDTHS.get(title, 11))
        self.query_one(DataTable).focus()

    def read(self) -> list[Record]:
        assert self.line.records is not None
        return self.line.records(self.period)

    def show(self, data: list[Record]) -> None:
        records = data
        against = [r for r in records if r.counted and not r.ok]
        table = self.query_one(DataTable)
        table.clear()
        for record in against_first(records):  # the workbook's order, too
            style = "bold" if record.counted and not record.ok else ""
            table.add_row(*(Text(visible(cell_text(v)), style=style) for v in record.cells))
        self.query_one("#records-summary", Static).update(
            f"{self.line.name}  {self.period[0]:%Y-%m}：共 {len(records)} 条，不利 {len(against)} 条（列在前面）\n"
            f"计算规则：{sheet_rule(self.key, self.desk.settings.sla, self.desk.arrival_rule)}"
        )
        self.set_context(f"指标明细  {self.line.name}")

    def action_back(self) -> None:
        self.app.pop_screen()
