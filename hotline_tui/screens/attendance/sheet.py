"""月考勤表: people by days, a status code a cell; export to Excel in a worker."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding

from hotline_tui.domain.attendance.sheet import SheetRow, monthly_sheet
from hotline_tui.exports.attendance_sheet import write_sheet
from hotline_tui.model.arrival import CODES, UNMARKED_CODE, ArrivalRule
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import shift_month
from hotline_tui.model.permissions import Action
from hotline_tui.screens.kit.background_export import export_in_background
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.widgets.prose import Prose
from hotline_tui.widgets.sheet_grid import TRIAL, SheetGrid


class AttendanceSheetScreen(DeskScreen[tuple[date, list[date], list[SheetRow]]]):
    NEEDS = {"export": Action.EXPORT_RECORDS}
    BINDINGS = [
        Binding("p", "month(-1)", "上月", id="sheet.prev"),
        Binding("n", "month(1)", "下月", id="sheet.next"),
        Binding("e", "export", "导出 Excel", id="sheet.export"),
        Binding("escape", "back", "返回", key_display="Esc", id="sheet.back"),
    ]

    def __init__(self, month: date, rule: ArrivalRule) -> None:
        super().__init__()
        self.month = month
        self.rule = rule

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(SheetGrid).focus()

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Prose(id="sheet-summary")
        yield SheetGrid(id="sheet-table")
        legend = "，".join(f"{code} {status}" for status, code in CODES.items())
        yield Prose(
            f"图例：{legend}，{UNMARKED_CODE} 已排班未标记，空白为未排班，姓名后 {TRIAL} 为试用期。"
            f"{self.rule.text}",
            classes="hint",
        )
        yield from self.compose_footer()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_month(self, step: int) -> None:
        self.month = shift_month(self.month, step)
        self.reload()

    def read(self) -> tuple[date, list[date], list[SheetRow]]:
        month = self.month
        return (month, *monthly_sheet(self.desk.store, month, self.desk.clock.now(), self.rule))

    def show(self, data: tuple[date, list[date], list[SheetRow]]) -> None:
        month, days, rows = data
        self.query_one(SheetGrid).show(days, rows)
        arrived = sum(r.rate_arrived for r in rows)
        scheduled = sum(r.rate_scheduled for r in rows)
        rate = fraction_percent(arrived, scheduled) if scheduled else "无排班"
        left_out = sum(r.scheduled for r in rows) - scheduled
        note = f"（试用期 {left_out} 人次不计入）" if left_out else ""
        # The rate whole beside its figures, or on a line of its own at 80 columns.
        self.query_one("#sheet-summary", Prose).update(
            f"{month.year} 年 {month.month} 月：{len(rows)} 人，计入到达率的到岗 {arrived} / "
            f"排班 {scheduled} 人次{note}\t到达率 {rate}"
        )
        self.set_context(f"月考勤表  {month:%Y-%m}")

    def action_export(self) -> None:
        _app, desk, month = self.app, self.desk, self.month

        def write(path: Path) -> tuple[str, int]:
            people = write_sheet(desk.store, month, path, desk.clock.now(), self.rule)
            return f"已导出 {people} 人的考勤表", people

        export_in_background(
            self, "导出月考勤表", f"~/考勤-{month:%Y-%m}.xlsx", (".xlsx",), write,
            "attendance", f"{month:%Y-%m}",
        )  # fmt: skip
