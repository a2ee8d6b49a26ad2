"""The nine indicators (验收标准) the customer pays the last 10 % on, for a month or a quarter.

Four come from the desk's own records (fault reports, arrival, urgent issues,
and the replacement-response record beside them); the rest from monthly
figures entered from outside (the phone platform, QC sampling, exams). A
period without data has no rate: it is never shown as 0 % or 100 %.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.domain import attendance, faults, urgent
from hotline_tui.domain.errors import DomainError
from hotline_tui.domain.models import (
    Attendance,
    KpiFigure,
    ReplacementRequest,
    RotaEntry,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.periods import month_of, months_of, quarter_of, shift_month
from hotline_tui.domain.roster import StaffRow
from hotline_tui.domain.seating import moment
from hotline_tui.domain.shifts import Shift

# Figures entered from outside: key, the name on the form and in CSV files.
FIGURES: tuple[tuple[str, str], ...] = (
    ("calls_offered", "人工服务呼入量"),
    ("calls_answered", "人工接通量"),
    ("exam_taken", "在职考试人次"),
    ("exam_passed", "考试合格人次"),
    ("accuracy_sampled", "解答抽检量"),
    ("accuracy_correct", "解答准确量"),
    ("transfers", "转接转办量"),
    ("transfers_ok", "及时准确转办量"),
    ("complaints", "有效投诉量"),
    ("calls_handled", "话务处理总量"),
    ("qc_sampled", "质检抽检量"),
    ("qc_passed", "质检合格量"),
)
FIGURE_NAMES = dict(FIGURES)
# (numerator, denominator): a numerator may never exceed its denominator.
PAIRS = (
    ("calls_answered", "calls_offered"),
    ("exam_passed", "exam_taken"),
    ("accuracy_correct", "accuracy_sampled"),
    ("transfers_ok", "transfers"),
    ("complaints", "calls_handled"),
    ("qc_passed", "qc_sampled"),
)


@dataclass(frozen=True)
class Value:
    numerator: int
    denominator: int

    @property
    def rate(self) -> float | None:
        return None if not self.denominator else self.numerator / self.denominator


@dataclass(frozen=True)
class Indicator:
    no: int
    name: str
    target: float
    period: str  # the period the contract judges it on: month or quarter
    source: str  # 系统记录 or 外部录入
    lower_is_better: bool = False
    figures: tuple[str, str] | None = None  # entered: (numerator, denominator) keys

    @property
    def target_text(self) -> str:
        if self.target == 1:
            return "100%"
        # Words, not ≥ and ≤: those are ambiguous-width in CJK terminals.
        sign = "不高于" if self.lower_is_better else "不低于"
        return f"{sign} {percent(self.target, self.lower_is_better)}"

    def met(self, value: Value) -> bool | None:
        rate = value.rate
        if rate is None:
            return None
        return rate <= self.target if self.lower_is_better else rate >= self.target


def percent(rate: float, fine: bool = False) -> str:
    """95.2%, or 0.021% for the complaint rate, whose target is three in ten thousand."""
    return f"{rate:.3%}" if fine else f"{rate:.1%}"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "人工接通率", 0.95, "quarter", "外部录入", figures=("calls_answered", "calls_offered")),
    Indicator(2, "系统故障上报及时率", 1.0, "month", "系统记录"),
    Indicator(3, "在职考试合格率", 0.95, "month", "外部录入", figures=("exam_passed", "exam_taken")),
    Indicator(4, "人员到达率", 0.90, "quarter", "系统记录"),
    Indicator(5, "业务解答准确率", 0.95, "month", "外部录入", figures=("accuracy_correct", "accuracy_sampled")),
    Indicator(6, "时效性问题处置及时率", 1.0, "month", "系统记录"),
    Indicator(7, "转接转办及时准确率", 0.95, "month", "外部录入", figures=("transfers_ok", "transfers")),
    Indicator(8, "有效投诉率", 0.0003, "month", "外部录入", lower_is_better=True, figures=("complaints", "calls_handled")),
    Indicator(9, "质检合格率", 0.95, "month", "外部录入", figures=("qc_passed", "qc_sampled")),
)  # fmt: skip
REPLACEMENT_NAME = "撤换响应（3 个工作日内）"


# --- periods -----------------------------------------------------------------------------


# --- the records behind computed indicators ----------------------------------------------------


@dataclass(frozen=True)
class Record:
    """One line of what an indicator is computed from, for the drill-down and the workbook."""

    cells: tuple
    counted: bool
    ok: bool


RECORD_COLUMNS = {
    2: ("发现时间", "系统", "现象", "上报截止", "上报时间", "上报给", "结果"),
    4: ("日期", "班次", "工号", "姓名", "状态", "结果"),
    6: ("发生时间", "类别", "摘要", "截止", "办结时间", "经手", "结果", "延误原因"),
    0: ("登记时间", "工号", "姓名", "原因", "答复期限", "答复时间", "答复", "结果"),
}
OUTCOME_NAMES = {"on_time": "及时", "late": "超时", "pending": "未到期（不计）"}


def _fault_records(store, period, now) -> list[Record]:
    rows = [f for m in months_of(period) for f in faults.faults_in_month(store, m)]
    return [
        Record(
            (moment(f.detected_at), f.system, f.description, moment(f.report_deadline),
             moment(f.reported_at), f.reported_to, OUTCOME_NAMES[f.outcome(now)]),
            f.outcome(now) != "pending", f.outcome(now) == "on_time",
        )
        for f in rows
    ]  # fmt: skip


def _urgent_records(store, period, now) -> list[Record]:
    rows = [i for m in months_of(period) for i in urgent.issues_in_month(store, m)]
    return [
        Record(
            (moment(i.opened_at), i.category, i.summary, moment(i.deadline), moment(i.closed_at),
             i.handler, OUTCOME_NAMES[i.outcome(now)], i.delay_reason),
            i.outcome(now) != "pending", i.outcome(now) == "on_time",
        )
        for i in rows
    ]  # fmt: skip


def _attendance_records(store, period, now, shifts: list[Shift]) -> list[Record]:
    """The shifts not arrived (the absent ones): what pulls the rate down."""
    since, until = period
    today = now.date()
    begun = {s.id for s in shifts if s.window(today)[0] <= now}
    with store.read() as session:
        rows = session.execute(
            sa.select(RotaEntry.day, ShiftDef.name, RotaEntry.shift_id, Staff.staff_no, Staff.name,
                      sa.func.coalesce(Attendance.status, ""))
            .select_from(RotaEntry)
            .join(ShiftDef, ShiftDef.id == RotaEntry.shift_id)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .outerjoin(Attendance, attendance.marked())
            .where(RotaEntry.day >= since, RotaEntry.day <= min(until, today),
                   sa.func.coalesce(Attendance.status, "").not_in(tuple(attendance.ARRIVED)))
            .order_by(RotaEntry.day, ShiftDef.sort_order, Staff.staff_no)
        ).all()  # fmt: skip
    return [
        Record((day.isoformat(), shift, no, name, status or "未标记", "未到岗"), True, False)
        for day, shift, shift_id, no, name, status in rows
        if day < today or shift_id in begun
    ]


def _replacement_records(store, period, now) -> list[Record]:
    since, until = period
    start = pendulum.datetime(since.year, since.month, since.day, tz=BEIJING)
    end = pendulum.datetime(until.year, until.month, until.day, tz=BEIJING).add(days=1)
    with store.read() as session:
        rows = session.execute(
            sa.select(ReplacementRequest.requested_at, Staff.staff_no, Staff.name, ReplacementRequest.reason,
                      ReplacementRequest.deadline, ReplacementRequest.responded_at, ReplacementRequest.response)
            .join(Staff, Staff.id == ReplacementRequest.staff_id)
            .where(ReplacementRequest.requested_at >= start, ReplacementRequest.requested_at < end)
            .order_by(ReplacementRequest.requested_at)
        ).all()  # fmt: skip
    records = []
    for at, no, name, reason, deadline, responded, response in rows:
        if responded is not None:
            outcome = "on_time" if responded <= deadline else "late"
        else:
            outcome = "late" if now > deadline else "pending"
        records.append(
            Record(
                (
                    moment(at),
                    no,
                    name,
                    reason,
                    moment(deadline),
                    moment(responded),
                    response,
                    OUTCOME_NAMES[outcome],
                ),
                outcome != "pending",
                outcome == "on_time",
            )  # fmt: skip
        )
    return records


# --- the figures entered from outside ------------------------------------------------------------


@dataclass(frozen=True)
class FigureEntry:
    value: int
    entered_at: datetime
    entered_by: str


def figures(store, months: list[date]) -> dict[date, dict[str, FigureEntry]]:
    with store.read() as session:
        rows = session.execute(
            sa.select(KpiFigure.month, KpiFigure.key, KpiFigure.value, KpiFigure.entered_at,
                      sa.func.coalesce(Staff.name, "导入"))
            .outerjoin(Staff, Staff.id == KpiFigure.entered_by)
            .where(KpiFigure.month.in_(months))
        ).all()  # fmt: skip
    result: dict[date, dict[str, FigureEntry]] = {m: {} for m in months}
    for month, key, value, at, who in rows:
        result[month][key] = FigureEntry(value, at, who)
    return result


def parse_figures(raw: dict[str, str]) -> dict[str, int | None]:
    """Whole numbers from the form; empty means not known yet. Pairs are checked."""
    values: dict[str, int | None] = {}
    for key, name in FIGURES:
        text = raw.get(key, "").strip().replace(",", "")
        if not text:
            values[key] = None
            continue
        if not text.isdigit():
            raise DomainError(f"“{name}”应为不小于 0 的整数，而不是“{raw[key]}”。")
        values[key] = int(text)
    for numerator, denominator in PAIRS:
        n, d = values[numerator], values[denominator]
        if (n is None) != (d is None):
            missing = FIGURE_NAMES[denominator if d is None else numerator]
            raise DomainError(
                f"“{FIGURE_NAMES[numerator]}”和“{FIGURE_NAMES[denominator]}”要一起填写，缺少“{missing}”。"
            )
        if n is not None and n > d:
            raise DomainError(
                f"“{FIGURE_NAMES[numerator]}”（{n}）不能大于“{FIGURE_NAMES[denominator]}”（{d}）。"
            )
    return values


def save_figures(store, actor: StaffRow | None, month: date, values: dict[str, int | None]) -> int:
    """Store the month's figures; each change is audited with before and after. Returns changes."""
    if actor is None:
        raise DomainError("请先登录：录入的数据记在录入人名下。")
    month = month.replace(day=1)
    with store.write(actor.id) as tx:
        current = {
            row.key: row
            for row in tx.session.execute(
                sa.select(KpiFigure).where(KpiFigure.month == month)
            ).scalars()
        }
        changed = 0
        for key, value in values.items():
            row = current.get(key)
            before = None if row is None else row.value
            if before == value:
                continue
            changed += 1
            if value is None:
                tx.session.delete(row)
            elif row is None:
                tx.session.add(
                    KpiFigure(
                        month=month, key=key, value=value, entered_at=tx.now, entered_by=actor.id
                    )
                )
            else:
                row.value, row.entered_at, row.entered_by = value, tx.now, actor.id
            tx.audit(
                "kpi.figure",
                "kpi_figure",
                f"{month:%Y-%m}/{key}",
                {"value": before},
                {"value": value},
            )
        if not changed:
            tx.audit("kpi.figure", "kpi_figure", f"{month:%Y-%m}", None, {"unchanged": True})
        return changed


def import_figures(store, actor: StaffRow | None, path: Path) -> int:
    """A CSV of 月份,项目,数值 rows; all of it or nothing. Returns how many months."""
    from hotline_tui.domain.rota import read_rows

    if path.suffix.lower() != ".csv":
        raise DomainError(
            f"外部数据请用 CSV 文件（月份,项目,数值），而不是“{path.suffix or path.name}”。"
        )
    rows = [(n, cells) for n, cells in read_rows(path) if any(cells)]
    if not rows or [c.strip() for c in rows[0][1][:3]] != ["月份", "项目", "数值"]:
        raise DomainError("第 1 行应为表头“月份,项目,数值”。")
    by_name = {name: key for key, name in FIGURES}
    problems, months = [], {}
    for n, cells in rows[1:]:
        cells = (cells + ["", "", ""])[:3]
        month_text, name, value = cells
        try:
            year, mon = (int(x) for x in month_text.split("-"))
            month = date(year, mon, 1)
        except ValueError:
            problems.append(f"第 {n} 行：月份“{month_text}”无效，应为 YYYY-MM")
            continue
        if name not in by_name:
            problems.append(f"第 {n} 行：没有“{name}”这一项")
            continue
        if by_name[name] in months.setdefault(month, {}):
            problems.append(f"第 {n} 行：{month_text} 的“{name}”重复")
            continue
        months[month][by_name[name]] = value
    checked = {}
    for month, raw in months.items():
        current = {k: str(v.value) for k, v in figures(store, [month])[month].items()}
        try:
            checked[month] = parse_figures({**current, **raw})
        except DomainError as exc:
            problems.append(f"{month:%Y-%m}：{exc.message}")
    if problems:
        raise DomainError(f"文件有 {len(problems)} 处问题，未导入：\n" + "\n".join(problems[:30]))
    for month, values in checked.items():
        save_figures(store, actor, month, values)
    return len(checked)


# --- the indicators of a period ----------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    indicator: Indicator | None  # None: the replacement-response record
    month: Value
    quarter: Value
    detail: str = ""  # who entered the figures, or the rule used
    # The records behind a computed indicator, for a (first, last) day period.
    records: Callable[[tuple[date, date]], list[Record]] | None = field(default=None, compare=False)

    @property
    def name(self) -> str:
        return self.indicator.name if self.indicator else REPLACEMENT_NAME


def _tally(records: list[Record]) -> Value:
    counted = [r for r in records if r.counted]
    return Value(sum(r.ok for r in counted), len(counted))


def report(store, month: date, now: pendulum.DateTime, shifts: list[Shift]) -> list[Line]:
    """Every indicator for the month and its quarter, plus the replacement record."""
    month = month.replace(day=1)
    month_period = month_of(month)
    quarter_period = quarter_of(month)
    entered = figures(store, months_of(quarter_period))
    lines = []

    def computed(fetch) -> tuple[Value, Value, Callable]:
        return _tally(fetch(month_period)), _tally(fetch(quarter_period)), fetch

    for ind in INDICATORS:
        if ind.figures:
            num, den = ind.figures

            def total(months: list[date], key: str) -> int:
                return sum(entered[m][key].value for m in months if key in entered[m])

            known = [m for m in months_of(quarter_period) if den in entered[m]]
            m_value = Value(total([month], num), total([month], den))
            q_value = Value(total(known, num), total(known, den))
            who = entered[month].get(den)
            detail = f"{who.entered_by} {moment(who.entered_at)} 录入" if who else "本月未录入"
            lines.append(Line(ind, m_value, q_value, detail))
            continue
        if ind.no == 2:
            mv, qv, rec = computed(lambda p: _fault_records(store, p, now))
            detail = "发现后按时上报的故障 / 计入的故障"
        elif ind.no == 6:
            mv, qv, rec = computed(lambda p: _urgent_records(store, p, now))
            detail = "时限内办结或转办 / 计入的紧急问题"
        else:  # 4: arrival, by the attendance module's rule
            m_rate = attendance.rates(store, *month_period, now, shifts)[""]
            q_rate = attendance.rates(store, *quarter_period, now, shifts)[""]
            mv, qv = (
                Value(m_rate.arrived, m_rate.scheduled),
                Value(q_rate.arrived, q_rate.scheduled),
            )

            def rec(period):
                return _attendance_records(store, period, now, shifts)

            detail = "到岗人次 / 排班人次"
        lines.append(Line(ind, mv, qv, detail, rec))
    mv, qv, rec = computed(lambda p: _replacement_records(store, p, now))
    lines.append(Line(None, mv, qv, "期限内答复 / 计入的撤换要求", rec))
    return lines


def judged(line: Line) -> Value:
    """The value the contract judges: the quarter's for quarterly indicators."""
    if line.indicator is not None and line.indicator.period == "quarter":
        return line.quarter
    return line.month


def rate_text(line: Line, value: Value) -> str:
    if value.rate is None:
        return "无数据"
    fine = bool(line.indicator and line.indicator.lower_is_better)
    return percent(value.rate, fine)


def met_text(line: Line, value: Value | None = None) -> str:
    """Met or not on ``value``, by default the value the contract judges."""
    value = judged(line) if value is None else value
    if line.indicator is None:
        return "无数据" if value.rate is None else ("达标" if value.rate == 1 else "未达标")
    met = line.indicator.met(value)
    return "无数据" if met is None else "达标" if met else "未达标"


def trend(
    store, month: date, now: pendulum.DateTime, shifts: list[Shift], count: int = 12
) -> list[tuple[date, list[Line]]]:
    """The last ``count`` months' reports, oldest first."""
    first = month.replace(day=1)
    months = [shift_month(first, -back) for back in range(count - 1, -1, -1)]
    return [(m, report(store, m, now, shifts)) for m in months]


def csv_text(lines: list[Line], month: date) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "序号",
            "指标",
            "考核周期",
            "本月分子",
            "本月分母",
            "本月",
            "本季分子",
            "本季分母",
            "本季",
            "目标",
            "结果",
            "来源",
        ]
    )
    for line in lines:
        ind = line.indicator
        writer.writerow([
            ind.no if ind else "", line.name, {"month": "月", "quarter": "季"}[ind.period] if ind else "月",
            line.month.numerator, line.month.denominator, rate_text(line, line.month),
            line.quarter.numerator, line.quarter.denominator, rate_text(line, line.quarter),
            ind.target_text if ind else "100%", met_text(line), ind.source if ind else "系统记录",
        ])  # fmt: skip
    return out.getvalue()
