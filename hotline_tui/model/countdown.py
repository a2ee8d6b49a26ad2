"""An open clock: its time left, its band, and the warnings it has earned (the clocks
themselves are read by domain/clocks/countdown.py).

Time left is always ``deadline - now`` (working time, for replacements), computed
at the moment it is shown: right after a restart, on every terminal, after a
laptop wakes. Nothing here counts down by itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import pendulum

from hotline_tui.clock import BEIJING
from hotline_tui.model.states import RUNNING_URGENT

if TYPE_CHECKING:
    from hotline_tui.workdays import Calendar

WARNING_SECONDS = 600  # 10 minutes left
DANGER_SECONDS = 300  # 5 minutes left
# Replacements count in working time: a day left is a warning, four hours danger.
REPLACEMENT_WARNING = 24 * 3600
REPLACEMENT_DANGER = 4 * 3600

BANDS = ("normal", "warning", "danger", "overdue")
# The bands differ by a word as well as by colour.
BAND_MARKS = {"normal": "正常", "warning": "注意", "danger": "紧急", "overdue": "超时"}
KIND_NAMES = {
    "urgent": "紧急问题",
    "fault": "故障上报",
    "replacement": "撤换响应",
    "escalation": "请示报告",
}


@dataclass(frozen=True)
class OpenClock:
    kind: str  # urgent, fault, replacement, escalation
    id: int
    title: str
    who: str  # handler, system or agent
    state: str  # as the floor says it: 待受理, 处理中, 待上报, 待答复
    deadline: datetime
    unknown_years: str = ""  # replacements: calendar years nobody entered

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)

    def remaining(self, now: datetime, calendar: Calendar | None = None) -> int:
        """Seconds left; negative once overdue. Replacements count working seconds."""
        if self.kind == "replacement" and calendar is not None:
            return calendar.working_seconds(now, self.deadline)
        # Plain timestamps: this runs for every clock every second, and pendulum's
        # interval objects cost ten times as much.
        return math.floor(self.deadline.timestamp() - now.timestamp())

    @property
    def thresholds(self) -> tuple[int, int]:
        if self.kind == "replacement":
            return (REPLACEMENT_WARNING, REPLACEMENT_DANGER)
        return (WARNING_SECONDS, DANGER_SECONDS)


def band(clock: OpenClock, remaining: int) -> str:
    warning, danger = clock.thresholds
    if remaining <= 0:
        return "overdue"
    if remaining <= danger:
        return "danger"
    if remaining <= warning:
        return "warning"
    return "normal"


def format_remaining(clock: OpenClock, remaining: int, short: bool = False) -> str:
    """12:34 or 1:02:03 for minutes; working days and hours for replacements, or in a
    narrow column (``short``) 2日15时 and -2日15时."""
    sign = "-" if remaining < 0 else ""
    left = abs(remaining)
    if clock.kind == "replacement":
        days, rest = divmod(left, 24 * 3600)
        hours, minutes = rest // 3600, rest % 3600 // 60
        if short:
            return sign + (f"{days}日{hours}时" if days else f"{hours}时{minutes}分")
        text = f"{days} 个工作日 {hours} 小时" if days else f"{hours} 小时 {minutes} 分"
        return f"超时 {text}" if remaining < 0 else text
    hours, rest = divmod(left, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes:02d}:{seconds:02d}"


def deadline_text(deadline: datetime) -> str:
    """A deadline at midnight reads as 24:00 of the day before, as the floor says it."""
    local = pendulum.instance(deadline).in_timezone(BEIJING)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return local.subtract(days=1).format("MM-DD") + " 24:00"
    return local.format("MM-DD HH:mm")


URGENT_STATE_NAMES = {state.value: state.label for state in RUNNING_URGENT}


@dataclass(frozen=True)
class Warning:
    clock: OpenClock
    band: str
    remaining: int

    @property
    def message(self) -> str:
        kind = KIND_NAMES[self.clock.kind]
        if self.band == "overdue":
            late = format_remaining(self.clock, -self.remaining)
            return f"{kind}已超时（超过 {late}）：{self.clock.title}"
        what = "即将到期" if self.band == "warning" else "即将超时"
        left = format_remaining(self.clock, self.remaining)
        return f"{kind}{what}（剩 {left}）：{self.clock.title}"


class WarningTracker:
    """Which thresholds have been announced on this terminal: each one once, then never again.

    When several are crossed at once (a terminal starting up, a laptop
    waking), only the most severe is announced.
    """

    def __init__(self) -> None:
        self.announced: set[tuple[str, int, str]] = set()

    def check(
        self, clocks: list[OpenClock], now: pendulum.DateTime, calendar: Calendar | None = None
    ) -> list[Warning]:
        warnings = []
        for clock in clocks:
            remaining = clock.remaining(now, calendar)
            current = band(clock, remaining)
            if current == "normal":
                continue
            reached = BANDS[1 : BANDS.index(current) + 1]
            fresh = [b for b in reached if (*clock.key, b) not in self.announced]
            self.announced.update((*clock.key, b) for b in reached)
            if fresh:
                warnings.append(Warning(clock, current, remaining))
        return warnings
