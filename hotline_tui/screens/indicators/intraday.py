"""分时话务: one day's half-hours from the phone platform, calls against answered and each
half-hour's rate against 95 %, with the heads on the rota (d on 指标)."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.binding import Binding

from hotline_tui.domain.indicators.traffic import Intraday, intraday
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.shifts import describe_day
from hotline_tui.screens.kit.base import DeskScreen
from hotline_tui.widgets.intraday_chart import IntradayChart
from hotline_tui.widgets.prose import Prose

LEGEND = (
    "来电：绿色为接通，红色为放弃；接通率：* 不低于 95%，! 低于 95%，橙色虚线为 95%；"
    "时刻为整点；在岗为排班中班次覆盖该半小时的人数。"
)


class IntradayScreen(DeskScreen[Intraday]):
    BINDINGS = [
        Binding("p", "day(-1)", "前一天", id="intraday.prev"),
        Binding("n", "day(1)", "后一天", id="intraday.next"),
        Binding("escape", "back", "返回", key_display="Esc", id="intraday.back"),
    ]

    def __init__(self, day: date | None = None) -> None:
        super().__init__()
        self.day = day

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Prose(id="intraday-title", classes="section-title")
        yield IntradayChart(id="intraday-chart")
        yield Prose(LEGEND, id="intraday-legend", classes="hint")
        yield from self.compose_footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.day = self.day or self.desk.clock.now().date()
        # Nothing under the title until the day's figures are read.
        self.query_one(IntradayChart).display = False
        self.query_one("#intraday-legend").display = False

    def ready(self) -> bool:
        return self.day is not None

    def action_day(self, step: int) -> None:
        assert self.day is not None
        self.day += timedelta(days=step)
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def read(self) -> Intraday:
        assert self.day is not None
        return intraday(self.desk.store, self.day, self.desk.shifts)

    def show(self, data: Intraday) -> None:
        self.set_context(f"分时话务  {describe_day(data.day)}")
        chart = self.query_one(IntradayChart)
        chart.show(data)
        chart.display = bool(data.rows)
        self.query_one("#intraday-legend").display = bool(data.rows)
        title = self.query_one("#intraday-title", Prose)
        if not data.rows:
            title.update(
                f"{describe_day(data.day)}：只有全天数据，没有分时数据。"
                if data.whole_day_only
                else f"{describe_day(data.day)}：没有话务数据。在指标屏按 c 导入电话平台的报表；"
                "p / n 看前一天、后一天。"
            )
            return
        offered = sum(r.offered for r in data.rows)
        answered = sum(r.answered for r in data.rows)
        rate = fraction_percent(answered, offered) if offered else "无数据"
        title.update(
            f"{describe_day(data.day)}：人工呼入 {offered}，接通 {answered}，人工接通率 {rate}；"
            f"\t{len(data.rows)} 个半小时，低于 95% 的 {data.below_target} 个"
        )
