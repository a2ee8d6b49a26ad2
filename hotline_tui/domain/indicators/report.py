"""Every indicator of a month and its quarter, judged as the contract says."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

import pendulum

from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.indicators.figures import FigureEntry, figures
from hotline_tui.domain.indicators.records import (
    Period,
    Record,
    attendance_records,
    fault_records,
    replacement_records,
    urgent_records,
)
from hotline_tui.domain.indicators.traffic import month_traffic_figures
from hotline_tui.domain.quality.exams import month_exam_figures
from hotline_tui.domain.quality.records import month_figures
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule, Rate
from hotline_tui.model.indicators import INDICATORS, REPLACEMENT_NAME, Indicator, Value
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import month_of, months_of, quarter_of, shift_month
from hotline_tui.model.shifts import Shift
from hotline_tui.model.text import moment


@dataclass(frozen=True)
class Line:
    indicator: Indicator | None  # None: the replacement-response record
    month: Value
    quarter: Value
    detail: str = ""  # who entered the figures, or the rule used
    # The records behind a computed indicator, for a (first, last) day period.
    records: Callable[[tuple[date, date]], list[Record]] | None = field(default=None, compare=False)
    # Each month of the quarter up to this one, with its own value: the quarter's
    # judgement of a monthly indicator is every month's, and a month without data shows.
    months: tuple[tuple[date, Value], ...] = ()
    # Where the month's value came from when not the indicator's usual source: 质检记录.
    source_now: str = ""

    @property
    def source(self) -> str:
        if self.source_now:
            return self.source_now
        return self.indicator.source if self.indicator else "系统记录"

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else REPLACEMENT_NAME


T = TypeVar("T")


class _Reads:
    """What a report has read, by what and which period: a trend's twelve reports share
    their quarters and months, and each is read once (a sixth of the cost)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, Any], Any] = {}

    def get(self, what: str, period: Any, read: Callable[[], T]) -> T:
        key = (what, period)
        if key not in self._kept:
            self._kept[key] = read()
        return self._kept[key]


def _tally(records: list[Record]) -> Value:
    counted = [r for r in records if r.counted]
    return Value(sum(r.ok for r in counted), len(counted))


def report(
    store: Store,
    month: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    rule: ArrivalRule = FORMAL_ONLY,
    reads: _Reads | None = None,
) -> list[Line]:
    """Every indicator for the month and its quarter, plus the replacement record."""
    reads = _Reads() if reads is None else reads
    month = month.replace(day=1)
    month_period = month_of(month)
    quarter_period = quarter_of(month)
    quarter_months = months_of(quarter_period)
    entered = reads.get("figures", quarter_period, lambda: figures(store, quarter_months))
    lines = []

    so_far = [m for m in quarter_months if m <= month]

    def tally(what: str, fetch: Callable[[Period], list[Record]], period: Period) -> Value:
        return _tally(reads.get(what, period, lambda: fetch(period)))

    def arrival(period: Period) -> Rate:
        return reads.get(
            "arrival", period, lambda: rates(store, *period, now, shifts, rule=rule)[""]
        )

    def computed(
        what: str, fetch: Callable[[Period], list[Record]]
    ) -> tuple[Value, Value, Callable[[Period], list[Record]], tuple[tuple[date, Value], ...]]:
        """The month's and the quarter's values, the records, and each month so far."""
        months = tuple((m, tally(what, fetch, month_of(m))) for m in so_far)
        return tally(what, fetch, month_period), tally(what, fetch, quarter_period), fetch, months

    # 质检合格率 and 业务解答准确率 come from the QC records in the months that have them
    # (domain/quality/records.py); the other months keep the counts entered by hand.
    from_records: dict[date, dict[str, int]] = {}
    for counted in (
        reads.get("qc", quarter_period, lambda: month_figures(store, quarter_months)),
        reads.get("exams", quarter_period, lambda: month_exam_figures(store, quarter_months)),
        reads.get("traffic", quarter_period, lambda: month_traffic_figures(store, quarter_months)),
    ):
        for m, counts in counted.items():
            from_records.setdefault(m, {}).update(counts)

    for ind in INDICATORS:
        if ind.figures:
            num, den = ind.figures
            recorded = {m for m in from_records if den in from_records[m]}

            def count(m: date, key: str, recorded: set[date] = recorded) -> int | None:
                if m in recorded:
                    return from_records[m][key]
                return entered[m][key].value if key in entered[m] else None

            def total(months: list[date], key: str) -> int:
                return sum(count(m, key) or 0 for m in months)

            known = [m for m in quarter_months if count(m, den) is not None]
            m_value = Value(total([month], num), total([month], den))
            q_value = Value(total(known, num), total(known, den))
            label, counted_as, count_key = RECORD_SOURCES.get(den, ("", "", den))
            if month in recorded:
                detail = counted_as.format(n=from_records[month][count_key])
            else:
                who = entered[month].get(den)
                detail = f"{who.entered_by} {moment(who.entered_at)} 录入" if who else "本月未录入"
            if recorded:
                detail += "；" + _sources_of_quarter(so_far, recorded, entered, den, label)
            months = tuple((m, Value(total([m], num), total([m], den))) for m in so_far)
            source = label if month in recorded else ""
            lines.append(Line(ind, m_value, q_value, detail, months=months, source_now=source))
            continue
        if ind.no == 2:
            mv, qv, rec, months = computed("faults", lambda p: fault_records(store, p, now))
            detail = "发现后按时上报的故障 / 计入的故障"
        elif ind.no == 6:
            mv, qv, rec, months = computed("urgent", lambda p: urgent_records(store, p, now))
            detail = "时限内办结或转办 / 计入的紧急问题"
        else:  # 4: arrival, by the attendance module's rule
            mv, qv = _as_value(arrival(month_period)), _as_value(arrival(quarter_period))
            months = tuple((m, _as_value(arrival(month_of(m)))) for m in so_far)

            def rec(period: Period) -> list[Record]:
                return attendance_records(store, period, now, shifts, rule)

            detail = "到岗人次 / 排班人次"
        lines.append(Line(ind, mv, qv, detail, rec, months))
    mv, qv, rec, months = computed("replacements", lambda p: replacement_records(store, p, now))
    lines.append(Line(None, mv, qv, "期限内答复 / 计入的撤换要求", rec, months))
    return lines


# The entered figures that records replace, by denominator: (the source's name, how
# the detail says it was counted, the count it names).
RECORD_SOURCES = {
    "qc_sampled": ("质检记录", "按质检记录计算（{n} 条）", "qc_sampled"),
    "accuracy_sampled": ("质检记录", "按质检记录计算（{n} 条）", "accuracy_sampled"),
    "exam_taken": ("考试记录", "按考试成绩计算（{n} 人次，不含补考）", "exam_taken"),
    "calls_offered": ("话务记录", "按电话平台话务记录计算（{n} 天）", "traffic_days"),
    "transfers": ("话务记录", "按电话平台话务记录计算（{n} 天）", "traffic_days"),
}

# Counts that say how much a source covers, not figures an indicator takes.
_COVERAGE = ("traffic_days",)


def recorded_figures(store: Store, month: date) -> set[str]:
    """The entered figures of ``month`` that its records replace (its QC records, its
    exam results, its call traffic): the form says so beside them."""
    keys: set[str] = set()
    for counted in (
        month_figures(store, [month]),
        month_exam_figures(store, [month]),
        month_traffic_figures(store, [month]),
    ):
        for counts in counted.values():
            keys.update(k for k in counts if k not in _COVERAGE)
    return keys


def _sources_of_quarter(
    months: list[date],
    recorded: set[date],
    entered: dict[date, dict[str, FigureEntry]],
    key: str,
    label: str,
) -> str:
    """Each month of the quarter so far and the source it used: 10月 质检记录；11月 外部录入."""
    return "；".join(
        f"{m.month}月 "
        + (label if m in recorded else "外部录入" if key in entered[m] else "无数据")
        for m in months
    )


def _as_value(rate: Rate) -> Value:
    return Value(rate.arrived, rate.scheduled)


def missing_months(line: Line) -> list[date]:
    """The quarter's months so far without any data for this indicator."""
    return [m for m, v in line.months if v.denominator == 0]


def quarter_met(line: Line) -> bool | None:
    """The quarter's judgement: a quarterly indicator on the quarter's sums; a monthly
    one (月度考核) fails the quarter if any month failed, and is None without data."""
    if line.indicator is not None and line.indicator.period == "quarter":
        return line.indicator.met(line.quarter)
    results = [_met(line, v) for _, v in line.months]
    if any(r is False for r in results):
        return False
    return None if all(r is None for r in results) else True


def _met(line: Line, value: Value) -> bool | None:
    if line.indicator is None:
        return None if value.rate is None else value.rate == 1
    return line.indicator.met(value)


def months_text(line: Line) -> str:
    """Each month of the quarter so far: 10月 96.0% 达标；11月 无数据"""
    return "；".join(
        f"{m.month}月 无数据"
        if v.rate is None
        else f"{m.month}月 {rate_text(line, v)} {met_text(line, v)}"
        for m, v in line.months
    )


def quarter_note(line: Line) -> str:
    """Said wherever a quarter is judged: which of its months have no data."""
    missing = missing_months(line)
    if not missing or len(missing) == len(line.months):
        return ""
    return "本季缺 " + "、".join(f"{m:%Y-%m}" for m in missing) + " 的数据（按已有月份计）"


def judged(line: Line) -> Value:
    """The value the contract judges: the quarter's for quarterly indicators."""
    if line.indicator is not None and line.indicator.period == "quarter":
        return line.quarter
    return line.month


def digits(line: Line) -> tuple[int, bool]:
    """How a line's rate is shown: its decimals, and whether it is cut up (a rate judged
    "at most", the complaint rate, shown to three decimals as its target is)."""
    fine = bool(line.indicator and line.indicator.lower_is_better)
    return (3 if fine else 1), fine


def rate_text(line: Line, value: Value) -> str:
    if value.rate is None:
        return "无数据"
    decimals, up = digits(line)
    return fraction_percent(value.numerator, value.denominator, decimals, up)


def met_text(line: Line, value: Value | None = None) -> str:
    """Met or not on ``value``, by default the value the contract judges."""
    value = judged(line) if value is None else value
    if line.indicator is None:
        return "无数据" if value.rate is None else ("达标" if value.rate == 1 else "未达标")
    met = line.indicator.met(value)
    return "无数据" if met is None else "达标" if met else "未达标"


def trend(
    store: Store,
    month: date,
    now: pendulum.DateTime,
    shifts: list[Shift],
    count: int = 12,
    rule: ArrivalRule = FORMAL_ONLY,
) -> list[tuple[date, list[Line]]]:
    """The last ``count`` months' reports, oldest first."""
    first = month.replace(day=1)
    months = [shift_month(first, -back) for back in range(count - 1, -1, -1)]
    reads = _Reads()
    return [(m, report(store, m, now, shifts, rule, reads)) for m in months]
