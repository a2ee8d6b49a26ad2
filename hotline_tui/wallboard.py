"""`hotline-tui wallboard`: the floor's big screen. Read-only, no sign-in, `q` to leave.

Open clocks, seats occupied of 94 in the running shift and today's arrival so
far, refreshed from the database as other terminals change it. Nothing on it writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from pendulum import DateTime
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Digits, Static

from hotline_tui.clock import BEIJING, Clock
from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.attendance.rota import scheduled
from hotline_tui.domain.clocks.countdown import open_clocks
from hotline_tui.domain.floor.seating import Plan, plan_for
from hotline_tui.domain.indicators.traffic import CallsSoFar, calls_so_far
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule, Rate
from hotline_tui.model.countdown import OpenClock, band, format_remaining
from hotline_tui.model.percent import percent_figure
from hotline_tui.model.shifts import current_shift, describe_day
from hotline_tui.model.text import visible
from hotline_tui.services.change_watch import ChangeWatch
from hotline_tui.styles import SteadyStylesheet
from hotline_tui.widgets.countdown_list import CountdownList
from hotline_tui.workdays import Calendar


class Tile(Vertical):
    """A caption over large digits."""

    def __init__(self, caption: str, tile_id: str) -> None:
        super().__init__(id=tile_id, classes="tile")
        self.caption = caption

    def compose(self) -> ComposeResult:
        yield Static(self.caption, classes="tile-caption")
        yield Digits("", classes="tile-digits")
        yield Static("", classes="tile-note", markup=False)

    def show(self, digits: str, note: str = "", level: str = "normal") -> None:
        self.query_one(Digits).update(digits)
        self.query_one(".tile-note", Static).update(note)
        for name in ("normal", "warning", "danger", "overdue"):
            self.set_class(name == level, f"-{name}")


@dataclass(frozen=True)
class FloorNow:
    """What the big screen reads when the database changes."""

    clocks: list[OpenClock]
    plan: Plan
    arrival: Rate
    expected: int  # on the rota of the shift running (or next) now
    begun: bool  # whether that shift has started: before it, no rate
    calls: CallsSoFar | None = None  # today's calls from the latest import


class WallboardApp(App[None]):
    TITLE = "西城热线 现场大屏"
    CSS = """
    Screen { background: $surface; }
    #wall-title { height: 1; background: $primary; color: $text; text-style: bold; padding: 0 1; }
    #tiles { height: auto; margin: 1 1 0 1; }
    .tile { width: 1fr; height: auto; background: $panel; padding: 0 2; margin-right: 1; }
    .tile-caption { color: $text-muted; text-style: bold; }
    .tile-note { color: $text-muted; }
    .tile.-warning { background: $warning-muted; }
    .tile.-danger { background: $warning; color: $background; }
    .tile.-overdue { background: $error; color: $text; }
    #wall-list { height: 1fr; margin: 1 1 0 1; }
    #wall-foot { height: 1; color: $text-muted; padding: 0 1; }
    /* Under 100 columns four tiles fit: the seats give way to the calls. */
    Screen.-narrow #tile-seats { display: none; }
    """
    BINDINGS = [Binding("q", "quit", "离开", id="wallboard.quit")]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        seat_count: int,
        calendar: Calendar,
        poll_seconds: float = 1.0,
        rule: ArrivalRule = FORMAL_ONLY,
    ) -> None:
        super().__init__()
        self.stylesheet = SteadyStylesheet(variables=self.get_css_variables())
        self.rule = rule
        self.store = store
        self.clock = clock
        self.seat_count = seat_count
        self.calendar = calendar
        self.poll_seconds = poll_seconds
        self.shifts = list_shifts(store)
        self._changes = ChangeWatch(store.change_marker)
        self._minute = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="wall-title", markup=False)
        with Horizontal(id="tiles"):
            yield Tile("正在计时的紧急问题", "tile-urgent")
            yield Tile("最近一项剩余", "tile-nearest")
            yield Tile("坐席占用", "tile-seats")
            yield Tile("今日到岗", "tile-arrival")
            yield Tile("今日人工接通率", "tile-calls")
        yield CountdownList(id="wall-list", cursor=False, empty_text="没有正在计时的事项。")
        yield Static("只读大屏：数据随各终端的修改自动刷新    q 离开", id="wall-foot")

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(self.poll_seconds, self._tick)

    def on_resize(self, event: events.Resize) -> None:
        self.screen.set_class(event.size.width < 100, "-narrow")

    def _tick(self) -> None:
        try:
            countdowns = self.query_one(CountdownList)
        except NoMatches:
            return  # a tick due as the big screen closes (its widgets are gone first)
        look = self._changes.look()
        if look.failure:
            self.notify(look.failure, severity="error", markup=False, timeout=15)
        now = self.clock.now()
        # Read again on another terminal's change, and each minute: a shift that begins
        # changes what the tiles say without any change to the data.
        minute = now.format("YYYY-MM-DD HH:mm")
        if look.first or look.changed or minute != self._minute:
            self._minute = minute
            self._read()
        countdowns.tick(now)
        self.query_one("#wall-title", Static).update(
            f"西城区政务服务热线  {describe_day(now.date())}  {now.format('HH:mm:ss')}"
        )
        self._show_clocks(now)

    @work(thread=True, exclusive=True, group="read")
    def _read(self) -> None:
        now = self.clock.now()
        day, shift = current_shift(self.shifts, now)
        floor = FloorNow(
            open_clocks(self.store),
            plan_for(self.store, day, shift),
            rates(self.store, now.date(), now.date(), now, self.shifts, rule=self.rule)[""],
            len(scheduled(self.store, day, shift)),
            shift.window(day)[0] <= now,
            calls_so_far(self.store, now.date()),
        )
        self.call_from_thread(self._show, floor)

    def _show(self, floor: FloorNow) -> None:
        now = self.clock.now()
        try:
            countdowns = self.query_one(CountdownList)
        except NoMatches:
            return  # a read that finished as the big screen closed
        countdowns.show(floor.clocks, now, self.calendar)
        arrival, plan = floor.arrival, floor.plan
        shift = plan.shift
        if not floor.begun:  # before the shift: who is expected, never a rate
            big, words = (
                str(floor.expected),
                f"人应到，{shift.name} {shift.hours.split('-')[0]} 开始",
            )
        else:
            big, words = arrival_tile(arrival)
        self.query_one("#tile-arrival", Tile).show(big, words)
        self.query_one("#tile-calls", Tile).show(*calls_tile(floor.calls))
        # Digits has no slash: the count large, the total in words.
        self.query_one("#tile-seats", Tile).show(
            str(plan.occupied),
            f"共 {self.seat_count} 座，{plan.shift.name}，停用 {len(plan.out_of_service)} 个",
        )
        self._show_clocks(now)

    def _show_clocks(self, now: DateTime) -> None:
        clocks = self.query_one(CountdownList).clocks
        urgent = [c for c in clocks if c.kind == "urgent"]
        self.query_one("#tile-urgent", Tile).show(str(len(urgent)), "件")
        # Minutes-and-seconds clocks only: a replacement counts in working days.
        timed = [c for c in clocks if c.kind != "replacement"]
        if timed:
            nearest = timed[0]
            left = nearest.remaining(now)
            self.query_one("#tile-nearest", Tile).show(
                format_remaining(nearest, left), visible(nearest.title), band(nearest, left)
            )
        else:
            self.query_one("#tile-nearest", Tile).show("--:--", "无")


def calls_tile(calls: CallsSoFar | None) -> tuple[str, str, str]:
    """Today's 人工接通率 so far, from the platform's latest report, and when it came: the
    big screen says how old its figure is (the platform's report comes in by import)."""
    if calls is None or not calls.traffic.offered:
        return "--", "今日尚未导入话务数据", "normal"
    traffic = calls.traffic
    until = f"截至 {calls.until}" if calls.until else "全天"
    imported = pendulum.instance(calls.imported_at).in_timezone(BEIJING).format("HH:mm")
    words = f"% 接通 {traffic.answered}/{traffic.offered}\n{until}\n{imported} 导入"
    below = traffic.answered * 100 < traffic.offered * 95  # the contract's 95 %, exactly
    return (
        percent_figure(traffic.answered, traffic.offered),
        words,
        "warning" if below else "normal",
    )


def arrival_tile(arrival: Rate) -> tuple[str, str]:
    """The big figure and the words beside it: the rate as the board writes it."""
    if arrival.calling:  # a figure, not a verdict, before the roll call is over
        words = f"人到岗 点名中\n未标记 {arrival.calling}\n排班 {arrival.people}"
        return str(arrival.arrived), words
    if arrival.value is None:
        return "--", "今天没有排班"
    return (
        percent_figure(arrival.arrived, arrival.scheduled),
        f"% 到岗 {arrival.arrived} / 排班 {arrival.scheduled}",
    )
