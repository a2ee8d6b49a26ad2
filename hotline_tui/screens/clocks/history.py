"""时效历史: a month of urgent issues and faults, with the timeliness they add up to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from hotline_tui.domain.clocks import faults, urgent
from hotline_tui.domain.clocks.faults import FaultRow
from hotline_tui.domain.clocks.urgent import MonthIssue
from hotline_tui.model.backdating import late_text
from hotline_tui.model.countdown import deadline_text
from hotline_tui.model.periods import shift_month
from hotline_tui.model.text import moment, visible
from hotline_tui.model.timeliness import tally
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.widgets.prose import Prose

OUTCOMES = {"on_time": "及时", "late": "超时", "pending": "未到期"}
URGENT_COLUMNS = (
    ("发生", 11), ("类别", 12), ("摘要", 30), ("截止", 11), ("办结", 11), ("结果", 6),
    ("经手", 6), ("说明", 50),
)  # fmt: skip
FAULT_COLUMNS = (
    ("发现", 11), ("系统", 8), ("现象", 30), ("上报截止", 11), ("上报", 11), ("结果", 6),
    ("上报给", 16), ("恢复", 11), ("补录", 40),
)  # fmt: skip


@dataclass(frozen=True)
class MonthRecords:
    month: date
    issues: list[MonthIssue]
    faults: list[FaultRow]


class ClockHistoryScreen(DeskScreen[MonthRecords]):
    BINDINGS = [
        Binding("p", "month(-1)", "上月", id="history.prev"),
        Binding("n", "month(1)", "下月", id="history.next"),
        Binding("escape", "back", "返回", key_display="Esc", id="history.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static("", id="history-urgent-summary", classes="section-title", markup=False)
        yield DataTable(id="history-urgent", cursor_type="row", zebra_stripes=True)
        yield Static("", id="history-fault-summary", classes="section-title", markup=False)
        yield DataTable(id="history-faults", cursor_type="row", zebra_stripes=True)
        yield Prose(
            "口径：当月发生的事项，在截止时间前办结或转办（故障：上报）为及时；"
            "超过截止时间才办结、或至今未办结且已过截止时间为超时；未到截止时间的不计入。",
            classes="hint",
        )
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.month = self.desk.clock.now().date().replace(day=1)
        # Fixed widths: the columns do not jump when the month's rows arrive.
        urgent_table = self.query_one("#history-urgent", DataTable)
        for title, width in URGENT_COLUMNS:
            urgent_table.add_column(title, width=width)
        fault_table = self.query_one("#history-faults", DataTable)
        for title, width in FAULT_COLUMNS:
            fault_table.add_column(title, width=width)

    def action_month(self, step: int) -> None:
        assert self.month is not None
        self.month = shift_month(self.month, step)
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def ready(self) -> bool:
        return self.month is not None

    def read(self) -> MonthRecords:
        month = self.month
        assert month is not None
        store = self.desk.store
        return MonthRecords(
            month, urgent.issues_in_month(store, month), faults.faults_in_month(store, month)
        )

    def show(self, data: MonthRecords) -> None:
        now = self.desk.clock.now()
        issues, fault_rows = data.issues, data.faults
        label = f"{data.month.year} 年 {data.month.month} 月"
        self.set_context(f"时效历史  {label}")
        u, f = tally(i.outcome(now) for i in issues), tally(x.outcome(now) for x in fault_rows)
        self.query_one("#history-urgent-summary", Static).update(
            f"紧急问题  共 {len(issues)} 件，及时率 {u.text}（目标 100%）"
        )
        self.query_one("#history-fault-summary", Static).update(
            f"故障上报  共 {len(fault_rows)} 次，及时率 {f.text}（目标 100%）"
        )
        table = self.query_one("#history-urgent", DataTable)
        table.clear()
        for i in issues:
            outcome = i.outcome(now)
            note = i.note + (f"；延误原因：{i.delay_reason}" if i.delay_reason else "")
            late = late_text(i.late_reason, i.entered_at)
            note = "；".join(part for part in (late, note) if part)
            table.add_row(
                *(
                    Text(visible(x))
                    for x in (
                        moment(i.opened_at), i.category, i.summary, deadline_text(i.deadline),
                        moment(i.closed_at), OUTCOMES[outcome], i.handler, note,
                    )
                )
            )  # fmt: skip
        table = self.query_one("#history-faults", DataTable)
        table.clear()
        for x in fault_rows:
            table.add_row(
                *(
                    Text(visible(v))
                    for v in (
                        moment(x.detected_at), x.system, x.description, deadline_text(x.report_deadline),
                        moment(x.reported_at), OUTCOMES[x.outcome(now)], x.reported_to,
                        moment(x.resolved_at) or "未恢复", late_text(x.late_reason, x.entered_at),
                    )
                )
            )  # fmt: skip
