"""A month of demo work reports and escalations.

Daily reports from the first of last month on, each composed from the demo records as
they stood when it was submitted, the next morning, a few of them late; yesterday's
is still to be written (due at 10:00 today). Weekly reports for the finished weeks, the
monthly report of the month before. Escalations answered in time, answered late,
withdrawn, and two still waiting with their clocks running.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Escalation, WorkReport
from hotline_tui.domain.handover.digest import session_query
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.reports.compose import compose
from hotline_tui.domain.reports.filing import report_digest
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.report_period import ReportPeriod
from hotline_tui.model.shifts import Shift

REPORT_DUE = "10:00"
REMARKS = (
    "话务平稳，无重大事项。",
    "午间话务高峰，已临时增开 4 个座位。",
    "晚班一名坐席突发身体不适，已安排顶班。",
    "供暖类来电较多，已在早班会提醒统一答复口径。",
    "系统运行正常，交接事项均已落实。",
)
ESCALATIONS = (
    ("请示", "春节值班人员安排方案", "拟按去年方案排班，请审定。", "项目经理", "一般"),
    (
        "报告",
        "工单系统卡顿影响派单",
        "10:20 起工单系统响应变慢，已报厂商。",
        "采购人联系人",
        "紧急",
    ),
    ("请示", "临时增开座位", "午间话务量超出预期，拟临时增开 4 个座位。", "运营主管", "特急"),
    ("报告", "坐席人员身体不适离岗", "晚班一名坐席突发不适，已送医。", "运营主管", "紧急"),
    ("请示", "供暖类来电统一答复口径", "请协调市热力集团提供统一口径。", "采购人联系人", "一般"),
    ("请示", "知识库更新发布时间", "拟于周五晚班后发布新版知识库。", "运营主管", "一般"),
    (
        "报告",
        "群体性诉求来电集中",
        "某小区多名居民反映停暖，已按紧急问题处理。",
        "项目经理",
        "紧急",
    ),
    ("请示", "质检抽检比例调整", "拟将新员工质检抽检比例提高至 10%。", "项目经理", "一般"),
)
REPLIERS = {"项目经理": "项目经理", "运营主管": "运营主管", "采购人联系人": "采购人 王科长"}


def load_demo_reports(store: Store, today: date, seed: int = 7, days: int = 30) -> None:
    now = store.clock.now()
    rng = random.Random(seed * 4409 + 3)
    shifts = list_shifts(store)
    people = list_staff(store, sign_in_only=True)
    chiefs = [p.id for p in people if p.post == "值班长"]
    managers = [p.id for p in people if p.post in ("项目经理", "运营主管")]
    sla = SlaSpec()
    escalations = []
    for n, (kind, subject, content, to, urgency) in enumerate(ESCALATIONS):
        raised = now.subtract(days=days - 3 * n - 1).replace(
            hour=9 + n % 10, minute=15, second=0, microsecond=0
        )
        due = raised.add(minutes=sla.escalation_limit(urgency))
        late, withdrawn = n % 4 == 1, n == 5
        replied = (
            due.add(minutes=rng.randint(20, 90))
            if late
            else raised.add(minutes=rng.randint(5, sla.escalation_limit(urgency) - 5))
        )
        escalations.append(
            {
                "kind": kind, "subject": subject, "content": content,
                "raised_by": rng.choice(chiefs), "raised_at": raised, "addressed_to": to,
                "urgency": urgency, "reply_due": due,
                "replied_at": None if withdrawn else replied,
                "replied_by": "" if withdrawn else REPLIERS[to],
                "decision": "" if withdrawn else "同意，按方案执行。",
                "recorded_by": None if withdrawn else rng.choice(chiefs),
                "withdrawn_at": replied if withdrawn else None,
                "withdrawn_by": rng.choice(chiefs) if withdrawn else None,
                "withdraw_reason": "已由早班会当面决定。" if withdrawn else "",
            }
        )  # fmt: skip
    # Waiting now: one due within the hour (a band), one due this afternoon.
    for minutes_ago, (kind, subject, content, to, urgency) in (
        (100, ESCALATIONS[1]),
        (30, ESCALATIONS[7]),
    ):
        raised = now.subtract(minutes=minutes_ago).replace(microsecond=0)
        escalations.append(
            {
                "kind": kind, "subject": subject, "content": content, "raised_by": chiefs[0],
                "raised_at": raised, "addressed_to": to, "urgency": urgency,
                "reply_due": raised.add(minutes=sla.escalation_limit(urgency)), "replied_at": None,
                "replied_by": "", "decision": "", "recorded_by": None, "withdrawn_at": None,
                "withdrawn_by": None, "withdraw_reason": "",
            }
        )  # fmt: skip
    with store.write(None) as tx:
        tx.session.execute(sa.insert(Escalation), escalations)
        tx.audit("demo.escalations", "database", "demo", None, {"escalations": len(escalations)})

    daily: list[tuple[ReportPeriod, pendulum.DateTime, int, str]] = []
    # From the first of last month, so that last month's report has all its days.
    first = ReportPeriod.month_of(today).step(-1).first
    for back in range((today - first).days, 1, -1):
        day = today - timedelta(days=back)
        late = back % 9 == 4
        due = ReportPeriod.day(day).due(REPORT_DUE)
        at = (
            due.add(hours=1, minutes=rng.randint(5, 50))
            if late
            else due.subtract(minutes=rng.randint(15, 110))
        )
        daily.append((ReportPeriod.day(day), at, rng.choice(chiefs), rng.choice(REMARKS)))
    _submit(store, shifts, daily, today, managers[0], rng)
    # The weeks and the month after the days: they count the daily reports in.
    rollups: list[tuple[ReportPeriod, pendulum.DateTime, int, str]] = []
    week = ReportPeriod.week_of(today - timedelta(days=days))
    while week.last < today - timedelta(days=1):
        at = week.due(REPORT_DUE).add(hours=6)
        rollups.append((week, at, managers[-1], "本周运行平稳，详见每日趋势。"))
        week = week.step(1)
    month = ReportPeriod.month_of(today).step(-1)
    rollups.append(
        (month, month.due(REPORT_DUE).add(days=2), managers[-1], "上月九项指标详见下表。")
    )
    _submit(store, shifts, rollups, today, managers[0], rng)


def _submit(
    store: Store,
    shifts: list[Shift],
    submitted: list[tuple[ReportPeriod, pendulum.DateTime, int, str]],
    today: date,
    reader: int,
    rng: random.Random,
) -> None:
    """Each report composed as the records stood when it was submitted, then sealed."""
    rows = []
    for period, at, by, remarks in submitted:
        body = compose(store, shifts, period, at, REPORT_DUE)
        read = at.add(hours=rng.randint(1, 6)) if period.last < today - timedelta(days=2) else None
        rows.append((period, at, by, remarks, body, read))
    with store.write(None) as tx:
        for period, at, by, remarks, body, read in rows:
            report = WorkReport(
                kind=period.kind, period_start=period.first, period_end=period.last,
                remarks=remarks, version=1, saved_at=at, saved_by=by,
                content=body.to_json(),
                submitted_at=at, submitted_by=by,
                read_at=read, read_by=reader if read and by != reader else None,
            )  # fmt: skip
            if read and by == reader:
                report.read_at = None
            tx.session.add(report)
            tx.session.flush()
            report.digest = report_digest(session_query(tx.session), report.id)
            # Each submission in the chain, as filing.submit records it: check compares.
            tx.audit("report.submit", "work_report", f"{period.kind}/{period.key}", None,
                     {"id": report.id, "digest": report.digest})  # fmt: skip
