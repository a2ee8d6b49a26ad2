"""The daily operation report (运营日报), composed from the day's records, never typed again.

Per shift: who was scheduled and who arrived (by group, by the arrival rule), the
seats used and out of service. For the day: urgent issues and fault reports with
their timeliness, replacement requests, swaps and overtime, the morning meeting
and its action items, the handovers and what they carried, and the escalations,
late replies listed. Issues and faults belong to the day they were opened on:
the shifts overlap, so counting them per shift would count some twice.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Handover,
    HandoverEntry,
    Meeting,
    OpenItem,
    ReplacementRequest,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.attendance.board import board_rows
from hotline_tui.domain.attendance.swaps import day_records
from hotline_tui.domain.clocks import escalations, faults, urgent
from hotline_tui.domain.clocks.escalations import EscalationRow
from hotline_tui.domain.floor.seating import plan_for
from hotline_tui.domain.indicators.traffic import DayTraffic, day_traffic
from hotline_tui.model.arrival import FORMAL_ONLY, ArrivalRule, Rate, shift_rate
from hotline_tui.model.countdown import deadline_text
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.report_table import Cell, Column, FigureTable, Share
from hotline_tui.model.shifts import Shift
from hotline_tui.model.states import HandoverStatus, ItemStatus, UrgentState
from hotline_tui.model.text import moment

OUTCOME_WORDS = {"on_time": "按时", "late": "超时", "pending": "未到期"}


@dataclass(frozen=True)
class Section:
    """A part of a report: a title and its lines, as the screen, Markdown and XLSX show it."""

    title: str
    lines: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        return {"title": self.title, "lines": list(self.lines)}


@dataclass(frozen=True)
class Counted:
    """Timeliness of one kind of record on one day: all, on time, late, still running."""

    total: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0

    @classmethod
    def of(cls, outcomes: list[str]) -> Counted:
        return cls(
            len(outcomes),
            outcomes.count("on_time"),
            outcomes.count("late"),
            outcomes.count("pending"),
        )

    @property
    def share(self) -> Share:
        """On time of those decided (the indicators' rule: still running is not counted)."""
        return Share(self.on_time, self.on_time + self.late)

    def row(self, what: str) -> tuple[Cell, ...]:
        """A line of a timeliness table (TIMELINESS_COLUMNS)."""
        return (what, self.total, self.on_time, self.late, self.pending, self.share)

    @property
    def text(self) -> str:
        if not self.total:
            return "无"
        text = f"{self.total} 件：按时 {self.on_time}，超时 {self.late}"
        return text + (f"，未到期 {self.pending}" if self.pending else "")


TIMELINESS_COLUMNS = (
    Column("项目"), Column("总数", "count"), Column("按时", "count"), Column("超时", "count"),
    Column("未到期", "count"), Column("及时率", "rate"),
)  # fmt: skip


def _rate_cells(rate: Rate) -> tuple[Cell, Cell, Cell]:
    """到岗, 未标记, 到达率 of a begun shift: no rate while its roll call is under way."""
    share = None if rate.calling else Share(rate.arrived, rate.scheduled)
    return rate.arrived, rate.calling, share


TRAFFIC_COLUMNS = (
    Column("日期", "date"), Column("人工呼入量", "count"), Column("人工接通量", "count"),
    Column("人工接通率", "rate"), Column("放弃量", "count"), Column("及时接通量", "count"),
    Column("服务水平", "rate"), Column("最忙时段"), Column("最忙时段呼入", "count"),
)  # fmt: skip


def traffic_table(days: list[DayTraffic]) -> FigureTable:
    """The calls of each day: 服务水平 is answered within the platform's N seconds of
    those offered."""
    return FigureTable(
        "话务",
        TRAFFIC_COLUMNS,
        tuple(
            (d.day, d.offered, d.answered, Share(d.answered, d.offered), d.abandoned,
             d.answered_in_time, Share(d.answered_in_time, d.offered),
             d.busiest.span if d.busiest else None,
             d.busiest.offered if d.busiest else None)
            for d in days
        ),
    )  # fmt: skip


def _state(part: ShiftPart) -> str:
    if not part.begun:
        return "尚未开班"
    return "点名中" if part.total.calling else "已开班"


@dataclass(frozen=True)
class ShiftPart:
    shift: Shift
    begun: bool
    groups: tuple[tuple[str, Rate], ...]  # per group: scheduled and arrived
    total: Rate
    not_arrived: tuple[str, ...]  # 张三（病假）
    seats_used: int
    seats_out: tuple[str, ...]  # B07 耳麦损坏


@dataclass(frozen=True)
class DayReport:
    day: date
    now: pendulum.DateTime
    ended: bool
    shifts: tuple[ShiftPart, ...]
    urgent: Counted
    urgent_lines: tuple[str, ...]
    faults: Counted
    fault_lines: tuple[str, ...]
    replacement_lines: tuple[str, ...]
    swap_lines: tuple[str, ...]
    meeting_lines: tuple[str, ...]
    handover_lines: tuple[str, ...]
    escalations_raised: int
    escalation_lines: tuple[str, ...]
    late_replies: tuple[str, ...]
    traffic: DayTraffic | None = None  # the phone platform's figures, once imported

    def sections(self) -> list[Section]:
        parts = []
        if not self.ended:
            parts.append(
                Section(
                    "说明", (f"本日尚未结束：以下为截至 {self.now.format('MM-DD HH:mm')} 的情况。",)
                )
            )
        for part in self.shifts:
            lines = []
            if part.begun:
                total = part.total
                lines.append(f"排班 {total.people} 人，到岗 {total.arrived} 人（{total.text}）")
                lines += [
                    f"  {group}：排班 {r.people}，到岗 {r.arrived}" for group, r in part.groups
                ]
            else:
                lines.append(f"排班 {part.total.people} 人（尚未开班，不计入到达率）")
            if part.not_arrived:
                lines.append("未到岗：" + "、".join(part.not_arrived))
            lines.append(f"使用座位 {part.seats_used} 个，停用 {len(part.seats_out)} 个")
            lines += [f"  停用 {s}" for s in part.seats_out]
            parts.append(Section(f"{part.shift.name}（{part.shift.hours}）", tuple(lines)))
        parts.append(
            Section(
                "话务（电话平台）",
                (self.traffic.line,)
                if self.traffic
                else ("本日尚未导入话务数据（指标屏按 c 导入）。",),
            )
        )
        parts.append(Section(f"紧急问题：{self.urgent.text}", self.urgent_lines))
        parts.append(Section(f"故障上报：{self.faults.text}", self.fault_lines))
        parts.append(Section("撤换要求", self.replacement_lines or ("无",)))
        parts.append(Section("换班与加班", self.swap_lines or ("无",)))
        parts.append(Section("早班会", self.meeting_lines or ("本日未召开早班会。",)))
        parts.append(Section("交接班", self.handover_lines or ("本日没有交接班记录。",)))
        parts.append(
            Section(
                f"请示报告：本日提出 {self.escalations_raised} 件，逾期答复 {len(self.late_replies)} 件",
                self.escalation_lines + tuple(f"逾期：{line}" for line in self.late_replies),
            )
        )
        return parts

    def tables(self) -> list[FigureTable]:
        """The day's figures as numbers: per shift, per group, and the clocks."""
        shifts = FigureTable(
            "各班次到岗",
            (Column("班次"), Column("时间"), Column("状态"), Column("排班", "count"),
             Column("到岗", "count"), Column("未标记", "count"), Column("到达率", "rate"),
             Column("使用座位", "count"), Column("停用座位", "count")),
            tuple(
                (part.shift.name, part.shift.hours, _state(part), part.total.people,
                 *(_rate_cells(part.total) if part.begun else (None, None, None)),
                 part.seats_used, len(part.seats_out))
                for part in self.shifts
            ),
        )  # fmt: skip
        groups = FigureTable(
            "各工作组到岗",
            (Column("班次"), Column("工作组"), Column("排班", "count"), Column("到岗", "count"),
             Column("未标记", "count"), Column("到达率", "rate")),
            tuple(
                (part.shift.name, group, rate.people, *_rate_cells(rate))
                for part in self.shifts
                if part.begun
                for group, rate in part.groups
            ),
        )  # fmt: skip
        clocks = FigureTable(
            "时效",
            TIMELINESS_COLUMNS,
            (
                self.urgent.row("紧急问题"),
                self.faults.row("故障上报"),
                # Raised that day, and replies late that day: no on-time share of its own.
                ("请示报告", self.escalations_raised, None, len(self.late_replies), None, None),
            ),
        )
        tables = [shifts, groups, clocks]
        if self.traffic is not None:
            tables.append(traffic_table([self.traffic]))
        return tables


def day_bounds(day: date) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    start = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
    return start, start.add(days=1)


def _on(moment_: datetime, day: date) -> bool:
    return pendulum.instance(moment_).in_timezone(BEIJING).date() == day


@dataclass(frozen=True)
class ShiftAttendance:
    """Who of a shift was scheduled and who arrived, by group and in all, and who did not."""

    begun: bool
    groups: tuple[tuple[str, Rate], ...]
    total: Rate
    not_arrived: tuple[str, ...]  # 张三（病假）


def shift_attendance(
    store: Store, day: date, shift: Shift, now: pendulum.DateTime, rule: ArrivalRule
) -> ShiftAttendance:
    """A shift's attendance as the report tells it at ``now`` (the demo's handovers say
    the same figures)."""
    starts, ends = shift.window(day)
    begun, running = starts <= now, starts <= now < ends
    counted = [r for r in board_rows(store, day, shift) if rule.counts_person(r.probation)]
    counted.sort(key=lambda r: (r.group_order < 0, r.group_order, r.staff_no))
    groups: dict[str, list[str]] = {}
    for row in counted:
        groups.setdefault(row.group or "管理人员", []).append(row.status)

    def rate(statuses: list[str]) -> Rate:
        return shift_rate(statuses, running) if begun else Rate(len(statuses), 0)

    not_arrived = (
        tuple(
            f"{r.name}（{r.status_text}）"
            for r in counted
            if not r.arrived and (r.status or not running)
        )
        if begun
        else ()
    )
    return ShiftAttendance(
        begun,
        tuple((g, rate(statuses)) for g, statuses in groups.items()),
        rate([r.status for r in counted]),
        not_arrived,
    )


def _shift_part(
    store: Store, day: date, shift: Shift, now: pendulum.DateTime, rule: ArrivalRule
) -> ShiftPart:
    """A shift of the day as the report tells it: its attendance, and the seats."""
    came = shift_attendance(store, day, shift, now, rule)
    plan = plan_for(store, day, shift)
    return ShiftPart(
        shift,
        came.begun,
        came.groups,
        came.total,
        came.not_arrived,
        plan.occupied,
        tuple(f"{s.label} {s.out_reason}" for s in plan.out_of_service),
    )


def urgent_on(store: Store, day: date) -> list[urgent.MonthIssue]:
    return [i for i in urgent.issues_in_month(store, day.replace(day=1)) if _on(i.opened_at, day)]


def faults_on(store: Store, day: date) -> list[faults.FaultRow]:
    return [f for f in faults.faults_in_month(store, day.replace(day=1)) if _on(f.detected_at, day)]


def _left(deadline: datetime, now: pendulum.DateTime) -> str:
    seconds = int(deadline.timestamp() - now.timestamp())
    minutes = abs(seconds) // 60
    return f"剩 {minutes} 分钟" if seconds > 0 else f"已超时 {minutes} 分钟"


def _urgent_line(issue: urgent.MonthIssue, now: pendulum.DateTime) -> str:
    head = f"#{issue.id} {moment(issue.opened_at)[-5:]} [{issue.category}] {issue.summary}"
    if issue.closed_at is None:
        state = UrgentState(issue.state).label
        return (
            f"{head}：{state}，{_left(issue.deadline, now)}（{deadline_text(issue.deadline)} 截止）"
        )
    outcome = OUTCOME_WORDS[issue.outcome(now)]
    verb = UrgentState(issue.state).label
    text = f"{head}：{moment(issue.closed_at)} {verb}（{outcome}，{issue.handler}）"
    return text + (f"，延误原因：{issue.delay_reason}" if issue.delay_reason else "")


def _fault_line(fault: faults.FaultRow, now: pendulum.DateTime) -> str:
    head = (
        f"#{fault.id} {moment(fault.detected_at)[-5:]} {fault.system} {fault.description}".rstrip()
    )
    if fault.reported_at is None:
        report = f"未上报，{_left(fault.report_deadline, now)}"
    else:
        report = f"{moment(fault.reported_at)} 上报{fault.reported_to}（{OUTCOME_WORDS[fault.outcome(now)]}）"
    fixed = f"，{moment(fault.resolved_at)} 恢复" if fault.resolved_at else "，未恢复"
    return f"{head}：{report}{fixed}"


def _replacement_lines(store: Store, day: date, now: pendulum.DateTime) -> list[str]:
    start, end = day_bounds(day)
    with store.read() as session:
        rows = session.execute(
            sa.select(
                ReplacementRequest.id, Staff.name, ReplacementRequest.reason,
                ReplacementRequest.requested_at, ReplacementRequest.deadline,
                ReplacementRequest.responded_at,
            )
            .join(Staff, Staff.id == ReplacementRequest.staff_id)
            .where(
                ReplacementRequest.requested_at < end,
                sa.or_(
                    ReplacementRequest.requested_at >= start,
                    ReplacementRequest.responded_at.is_(None),
                    ReplacementRequest.responded_at >= start,
                ),
            )
            .order_by(ReplacementRequest.requested_at)
        ).all()  # fmt: skip
    lines = []
    for rid, name, reason, requested, deadline, responded in rows:
        if responded is not None and responded < end:
            state = f"{moment(responded)} 已答复" + ("（超期）" if responded > deadline else "")
        else:
            state = f"{deadline_text(deadline)} 前答复" + ("，已超期" if now > deadline else "")
        lines.append(f"#{rid} 撤换 {name}：{reason}（{moment(requested)} 提出，{state}）")
    return lines


_DAY = sa.bindparam("day", type_=sa.Date)


@functools.cache
def _meeting_queries() -> tuple[sa.Select, sa.Select]:
    """Built once (aliased selects cost more to build than to run): the day's meetings,
    and the action items of the meetings given as ``meetings``."""
    host, owner = aliased(Staff), aliased(Staff)
    meetings = (
        sa.select(Meeting.id, ShiftDef.name, Meeting.held_at, host.name)
        .join(ShiftDef, ShiftDef.id == Meeting.shift_id)
        .join(host, host.id == Meeting.host_id)
        .where(Meeting.day == _DAY)
        .order_by(ShiftDef.sort_order)
    )
    items = (
        sa.select(OpenItem.meeting_id, OpenItem.title, owner.name, OpenItem.due, OpenItem.status)
        .join(owner, owner.id == OpenItem.owner_id)
        .join(Meeting, Meeting.id == OpenItem.meeting_id)
        .where(Meeting.day == _DAY)
        .order_by(OpenItem.id)
    )
    return meetings, items


def _meeting_lines(store: Store, day: date) -> list[str]:
    meetings_query, items_query = _meeting_queries()
    with store.read() as session:
        meetings = session.execute(meetings_query, {"day": day}).all()
        items = session.execute(items_query, {"day": day}).all()
    lines = []
    for meeting_id, shift, held_at, host_name in meetings:
        lines.append(f"早班会（{shift}）{held_at} 召开，主持 {host_name}")
        for mid, title, owner_name, due, status in items:
            if mid == meeting_id:
                due_text = f"，{due:%m-%d} 前" if due else ""
                done = "已完成" if status == ItemStatus.CLOSED else "未完成"
                lines.append(f"  待办：{title}（{owner_name}{due_text}，{done}）")
    return lines


@functools.cache
def _handover_query() -> sa.Select:
    author, signer = aliased(Staff), aliased(Staff)
    return (
        sa.select(
            Handover.id, Handover.from_shift_id, Handover.to_shift_id, Handover.status,
            author.name, signer.name, Handover.signed_at,
            sa.select(sa.func.count(HandoverEntry.id))
            .where(HandoverEntry.handover_id == Handover.id)
            .scalar_subquery(),
            Handover.early_reason, Handover.sign_reason,
        )
        .join(author, author.id == Handover.author_id)
        .outerjoin(signer, signer.id == Handover.signed_by)
        .where(Handover.day == _DAY)
    )  # fmt: skip


def _handover_lines(store: Store, day: date, shifts: list[Shift]) -> list[str]:
    with store.read() as session:
        rows = session.execute(_handover_query(), {"day": day}).all()
    names = {s.id: s.name for s in shifts}
    order = {s.id: n for n, s in enumerate(shifts)}
    lines = []
    for hid, from_id, to_id, status, by, signed_by, signed_at, carried, early, stand_in in sorted(
        rows, key=lambda r: order.get(r[1], 99)
    ):
        what = f"#{hid} {names.get(from_id, '?')}交{names.get(to_id, '?')}（{by}）"
        if status == HandoverStatus.SIGNED:
            state = f"{signed_by} {moment(signed_at)} 签收"
        else:
            state = "已提交，待签收" if status == HandoverStatus.SUBMITTED else "草稿，未提交"
        lines.append(f"{what}：{state}，带入事项 {carried} 项")
        if early and status != HandoverStatus.DRAFT:
            lines.append(f"  提前提交，原因：{early}")
        if stand_in and status == HandoverStatus.SIGNED:
            lines.append(f"  非排班接班人代签，原因：{stand_in}")
    return lines


def escalation_line(row: EscalationRow, now: datetime) -> str:
    head = f"#{row.id} {moment(row.raised_at)} {row.raised_by}{row.kind}{row.addressed_to}：{row.subject}（{row.urgency}）"
    if row.replied_at is not None:
        return f"{head}，{row.replied_by} {moment(row.replied_at)} 答复：{row.decision}"
    if row.withdrawn_at is not None:
        return f"{head}，{moment(row.withdrawn_at)} 撤回：{row.withdraw_reason}"
    return f"{head}，待答复，{moment(row.reply_due)} 前" + (
        "（已超时）" if now > row.reply_due else ""
    )


def compose_day(
    store: Store,
    shifts: list[Shift],
    day: date,
    now: pendulum.DateTime,
    rule: ArrivalRule = FORMAL_ONLY,
) -> DayReport:
    """The report of ``day`` as the records stand at ``now``."""
    start, end = day_bounds(day)
    period = ReportPeriod.day(day)
    issues = urgent_on(store, day)
    day_faults = faults_on(store, day)
    raised = escalations.between(store, start, end)
    by_end = min(end, now)
    # Late replies of the day: answered that day after the deadline, or still waiting
    # at the day's end (or now) with the deadline passed during the day or before.
    late = [r for r in raised if r.replied_at is not None and _on(r.replied_at, day) and r.late]
    late += [r for r in escalations.still_open(store, by_end) if r.reply_due < by_end]
    return DayReport(
        day,
        now,
        period.ended(shifts, now),
        tuple(_shift_part(store, day, shift, now, rule) for shift in shifts),
        Counted.of([i.outcome(now) for i in issues]),
        tuple(_urgent_line(i, now) for i in issues),
        Counted.of([f.outcome(now) for f in day_faults]),
        tuple(_fault_line(f, now) for f in day_faults),
        tuple(_replacement_lines(store, day, now)),
        tuple(day_records(store, day)),
        tuple(_meeting_lines(store, day)),
        tuple(_handover_lines(store, day, shifts)),
        sum(1 for r in raised if _on(r.raised_at, day)),
        tuple(escalation_line(r, now) for r in raised),
        tuple(escalation_line(r, now) for r in _unique(late)),
        day_traffic(store, day, day).get(day),
    )


def _unique(rows: list[EscalationRow]) -> list[EscalationRow]:
    seen: dict[int, EscalationRow] = {}
    for row in rows:
        seen.setdefault(row.id, row)
    return list(seen.values())
