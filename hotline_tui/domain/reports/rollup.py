"""Weekly and monthly reports (周报 · 月报): the days rolled up, the indicators' state
for the period (the same rules as the indicators screen), and the day-by-day trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import WorkReport
from hotline_tui.domain.attendance.rates import daily_rates
from hotline_tui.domain.clocks import escalations, faults, urgent
from hotline_tui.domain.indicators.records import replacement_records
from hotline_tui.domain.indicators.report import Line, digits, judged, met_text, rate_text, report
from hotline_tui.domain.indicators.traffic import DayTraffic, day_traffic
from hotline_tui.domain.reports.day import (
    TIMELINESS_COLUMNS,
    Counted,
    Section,
    day_bounds,
    escalation_line,
    traffic_table,
)
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule, Rate
from hotline_tui.model.indicators import INDICATORS
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import months_of
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.report_table import Cell, Column, FigureTable, Share
from hotline_tui.model.shifts import Shift

WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class DayFigures:
    day: date
    arrival: Rate
    urgent: Counted
    faults: Counted
    escalations: int  # raised that day
    late_replies: int  # answered late that day
    report: str  # the daily report: 按时提交, 逾期提交, 未提交
    calls: DayTraffic | None = None  # the phone platform's figures of the day


@dataclass(frozen=True)
class PeriodReport:
    period: ReportPeriod
    now: pendulum.DateTime
    ended: bool
    arrival: Rate
    urgent: Counted
    faults: Counted
    replacements: Counted
    days: tuple[DayFigures, ...]
    late_lines: tuple[str, ...]  # overdue urgent issues, faults and escalations of the period
    indicator_lines: tuple[str, ...]  # monthly: the nine indicators as the review judges them
    indicator_rows: tuple[tuple[Cell, ...], ...] = ()  # the same as INDICATOR_COLUMNS
    traffic: tuple[DayTraffic, ...] = ()  # the days with call traffic, in order

    @property
    def calls(self) -> tuple[int, int]:
        """Calls offered and answered over the days with traffic."""
        return sum(d.offered for d in self.traffic), sum(d.answered for d in self.traffic)

    @property
    def reports_late(self) -> int:
        return sum(1 for d in self.days if d.report != "按时提交")

    def sections(self) -> list[Section]:
        parts = []
        if not self.ended:
            parts.append(
                Section(
                    "说明", (f"本期尚未结束：以下为截至 {self.now.format('MM-DD HH:mm')} 的情况。",)
                )
            )
        parts.append(
            Section(
                "本期概况",
                (
                    f"人员到达率：{self.arrival.text}",
                    self._calls_line(),
                    f"紧急问题：{self.urgent.text}（及时率 {_rate(self.urgent)}）",
                    f"故障上报：{self.faults.text}（及时率 {_rate(self.faults)}）",
                    f"撤换要求：{self.replacements.text}",
                    f"日报：{len(self.days)} 天，按时提交 {len(self.days) - self.reports_late} 份，"
                    f"逾期或未提交 {self.reports_late} 份",
                ),
            )
        )
        if self.indicator_lines:
            parts.append(Section("九项指标（本月）", self.indicator_lines))
        legend = "接通：人工接通率；紧急问题、故障：件数/超时；请示报告：提出/逾期答复"
        parts.append(Section("每日趋势", (legend, *(_day_line(d) for d in self.days))))
        parts.append(Section("逾期事项", self.late_lines or ("无",)))
        return parts

    def _calls_line(self) -> str:
        if not self.traffic:
            return "人工接通率：本期尚未导入话务数据"
        offered, answered = self.calls
        rate = fraction_percent(answered, offered) if offered else "无数据"
        return (
            f"人工接通率：{answered}/{offered} = {rate}"
            f"（话务记录 {len(self.traffic)} 天，按季度考核，目标不低于 95.0%）"
        )

    def tables(self) -> list[FigureTable]:
        """The period's figures as numbers: its summary, each day, the calls of each day,
        and (a month) the nine indicators as the review judges them."""
        arrival = self.arrival
        offered, answered = self.calls
        summary = FigureTable(
            "本期概况",
            TIMELINESS_COLUMNS,
            (
                # Arrival in the same columns: 总数 scheduled, 按时 arrived.
                ("人员到达率", arrival.scheduled, arrival.arrived, None, None,
                 Share(arrival.arrived, arrival.scheduled)),
                # Calls in the same columns: 总数 offered, 按时 answered.
                ("人工接通率", offered, answered, None, None, Share(answered, offered)),
                self.urgent.row("紧急问题"),
                self.faults.row("故障上报"),
                self.replacements.row("撤换要求"),
            ),
        )  # fmt: skip
        days = FigureTable(
            "每日趋势",
            (Column("日期", "date"), Column("星期"), Column("排班", "count"),
             Column("到岗", "count"), Column("未标记", "count"), Column("到达率", "rate"),
             Column("紧急问题", "count"), Column("紧急超时", "count"), Column("故障", "count"),
             Column("故障超时", "count"), Column("请示提出", "count"),
             Column("逾期答复", "count"), Column("日报")),
            tuple(
                (d.day, f"周{WEEKDAYS[d.day.weekday()]}", d.arrival.people, d.arrival.arrived,
                 d.arrival.calling, Share(d.arrival.arrived, d.arrival.scheduled),
                 d.urgent.total, d.urgent.late, d.faults.total, d.faults.late,
                 d.escalations, d.late_replies, d.report)
                for d in self.days
            ),
        )  # fmt: skip
        tables = [summary, days]
        if self.traffic:
            tables.append(traffic_table(list(self.traffic)))
        if self.indicator_rows:
            tables.append(FigureTable("九项指标", INDICATOR_COLUMNS, self.indicator_rows))
        return tables


INDICATOR_COLUMNS = (
    Column("序号", "count"), Column("指标"), Column("考核周期"), Column("本月分子", "count"),
    Column("本月分母", "count"), Column("本月比率", "rate"), Column("考核值", "rate"),
    Column("目标"), Column("结果"),
)  # fmt: skip


def _indicator_row(line: Line) -> tuple[Cell, ...]:
    """An indicator of the month as the review workbook has it: the month's counts, and
    the value the contract judges (the quarter so far for a quarterly one)."""
    assert line.indicator is not None
    ind, (decimals, up) = line.indicator, digits(line)
    month, judge = line.month, judged(line)
    return (
        ind.no, ind.name, "季" if ind.period == "quarter" else "月",
        month.numerator, month.denominator, Share(month.numerator, month.denominator, decimals, up),
        Share(judge.numerator, judge.denominator, decimals, up), ind.target_text, met_text(line),
    )  # fmt: skip


def _rate(counted: Counted) -> str:
    judged = counted.on_time + counted.late
    return "无数据" if not judged else fraction_percent(counted.on_time, judged)


def _day_line(d: DayFigures) -> str:
    """One day of the trend, short enough for a 100-column terminal."""
    arrival = (
        f"{d.arrival.arrived}/{d.arrival.scheduled} "
        f"{fraction_percent(d.arrival.arrived, d.arrival.scheduled)}"
        if d.arrival.scheduled
        else "无排班"
    ) + ("（点名中）" if d.arrival.calling else "")
    calls = ""
    if d.calls is not None and d.calls.offered:
        calls = f"  接通 {fraction_percent(d.calls.answered, d.calls.offered)}"
    return (
        f"{d.day:%m-%d} 周{WEEKDAYS[d.day.weekday()]}  到岗 {arrival}{calls}  "
        f"紧急 {d.urgent.total}/{d.urgent.late}  故障 {d.faults.total}/{d.faults.late}  "
        f"请示 {d.escalations}/{d.late_replies}  日报{d.report}"
    )


def daily_report_states(store: Store, days: list[date], report_due: str) -> dict[date, str]:
    """Whether each day's report came in time (by ``report_due`` the next morning)."""
    if not days:
        return {}
    with store.read() as session:
        submitted = dict(
            session.execute(
                sa.select(WorkReport.period_start, WorkReport.submitted_at).where(
                    WorkReport.kind == "day",
                    WorkReport.period_start >= days[0],
                    WorkReport.period_start <= days[-1],
                    WorkReport.submitted_at.is_not(None),
                )
            ).all()
        )
    states = {}
    for day in days:
        at: datetime | None = submitted.get(day)
        if at is None:
            states[day] = "未提交"
        else:
            due = ReportPeriod.day(day).due(report_due)
            states[day] = "按时提交" if at <= due else "逾期提交"
    return states


def compose_period(
    store: Store,
    shifts: list[Shift],
    period: ReportPeriod,
    now: pendulum.DateTime,
    report_due: str,
    rule: ArrivalRule = FORMAL_ONLY,
) -> PeriodReport:
    """A week's or a month's report as the records stand at ``now``."""
    span = (period.first, period.last)
    issues = [i for m in months_of(span) for i in urgent.issues_in_month(store, m)]
    found_faults = [f for m in months_of(span) for f in faults.faults_in_month(store, m)]
    start, end = day_bounds(period.first)[0], day_bounds(period.last)[1]
    raised = escalations.between(store, start, end)
    days = [d for d in period.days if d <= now.date()]
    states = daily_report_states(store, days, report_due)

    def local_day(at: datetime) -> date:
        return pendulum.instance(at).in_timezone(BEIJING).date()

    daily = daily_rates(store, period.first, period.last, now, shifts, rule)
    calls = day_traffic(store, period.first, min(period.last, now.date()))
    figures = []
    for day in days:
        day_issues = [i for i in issues if local_day(i.opened_at) == day]
        day_faults = [f for f in found_faults if local_day(f.detected_at) == day]
        figures.append(
            DayFigures(
                day,
                daily.get(day, Rate(0, 0)),
                Counted.of([i.outcome(now) for i in day_issues]),
                Counted.of([f.outcome(now) for f in day_faults]),
                sum(1 for r in raised if local_day(r.raised_at) == day),
                sum(
                    1 for r in raised if r.late and r.replied_at and local_day(r.replied_at) == day
                ),
                states[day],
                calls.get(day),
            )
        )
    in_period = [i for i in issues if period.first <= local_day(i.opened_at) <= period.last]
    faults_in = [f for f in found_faults if period.first <= local_day(f.detected_at) <= period.last]
    replacements = replacement_records(store, span, now)
    late = [
        f"紧急问题 #{i.id} {local_day(i.opened_at):%m-%d} [{i.category}] {i.summary}"
        + (f"：延误原因 {i.delay_reason}" if i.delay_reason else "：仍未办结")
        for i in in_period
        if i.outcome(now) == "late"
    ]
    late += [
        f"故障 #{f.id} {local_day(f.detected_at):%m-%d} {f.system} {f.description}".rstrip()
        + "：上报超时"
        for f in faults_in
        if f.outcome(now) == "late"
    ]
    late += [
        f"请示报告 {escalation_line(r, now)}"
        for r in raised
        if local_day(r.raised_at) >= period.first and (r.late or (r.is_open and now > r.reply_due))
    ]
    indicator_lines: tuple[str, ...] = ()
    indicator_rows: tuple[tuple[Cell, ...], ...] = ()
    if period.kind == "month":
        lines = report(store, period.first, now, shifts, rule)
        by_no = {line.indicator.no: line for line in lines if line.indicator is not None}
        indicator_lines = tuple(
            f"{ind.no}. {ind.name}：本月 {rate_text(by_no[ind.no], by_no[ind.no].month)}"
            f"（目标 {ind.target_text}，{_judgement(by_no[ind.no])}）"
            for ind in INDICATORS
        )
        indicator_rows = tuple(_indicator_row(by_no[ind.no]) for ind in INDICATORS)
    return PeriodReport(
        period,
        now,
        period.ended(shifts, now),
        # A week or a month is judged on what is counted so far, roll call or not.
        Rate(sum(r.scheduled for r in daily.values()), sum(r.arrived for r in daily.values())),
        Counted.of([i.outcome(now) for i in in_period]),
        Counted.of([f.outcome(now) for f in faults_in]),
        Counted(
            len(replacements),
            sum(1 for r in replacements if r.counted and r.ok),
            sum(1 for r in replacements if r.counted and not r.ok),
            sum(1 for r in replacements if not r.counted),
        ),
        tuple(figures),
        tuple(late),
        indicator_lines,
        indicator_rows,
        tuple(calls.values()),
    )


def _judgement(line: Line) -> str:
    """A monthly indicator judged on the month; a quarterly one on the quarter so far."""
    if line.indicator is not None and line.indicator.period == "quarter":
        return f"按季度考核，本季 {rate_text(line, line.quarter)} {met_text(line)}"
    return met_text(line, line.month)
