"""A month of demo urgent issues and faults, one replacement request, and a few open clocks.

Past records are written as they would have ended up (a few late, with their
reasons); the open ones are placed relative to the clock, so a new user sees
countdowns in every band at once.
"""

from __future__ import annotations

import random
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Fault,
    ReplacementRequest,
    Seat,
    SeatAssignment,
    SeatOutage,
    StaffStatus,
    UrgentIssue,
)
from hotline_tui.domain.clocks.faults import SYSTEMS
from hotline_tui.domain.clocks.replacements import deadline_for
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.workdays import Calendar

SUMMARIES = (
    ("涉及人身安全", "老人独居家中摔倒，家属联系不上"),
    ("涉及人身安全", "楼道内有人持刀争吵"),
    ("突发事件", "某小区燃气泄漏报警"),
    ("突发事件", "路口井盖缺失，有行人跌落风险"),
    ("群体性诉求", "二十余名工人反映被拖欠工资"),
    ("群体性诉求", "多名家长反映校车未按时到站"),
    ("水电气热中断", "整栋楼停暖超过 12 小时"),
    ("水电气热中断", "小区突然停水，无通知"),
    ("其他紧急", "电梯困人，物业无人接听"),
    ("其他紧急", "树木倒伏压住车辆"),
)
NOTES = (
    "已转属地街道处置，回访确认完毕",
    "已派单至区住建委并电话督办",
    "已联系 110 联动处置",
    "已协调物业到场",
)
TRANSFER_TO = ("区应急管理局", "区住建委", "属地街道办事处", "区城管委")
DELAYS = ("承办单位电话占线，多次联系未果", "系统卡顿，派单延迟", "来电人信息不全，二次核实")
FAULTS = (
    ("电话平台", "呼入无振铃"),
    ("中继线路", "一条中继闪断"),
    ("工单系统", "派单页面无响应"),
    ("网络", "部分坐席掉线"),
    ("知识库", "检索超时"),
    ("耳机", "两副耳机无声"),
)


def load_demo_clocks(
    store: Store, sla: SlaSpec, calendar: Calendar, seed: int = 7, days: int = 30
) -> None:
    now = store.clock.now()
    rng = random.Random(seed * 7793 + 11)
    chiefs = [p.id for p in list_staff(store, sign_in_only=True) if p.post == "值班长"]
    agents = [p for p in list_staff(store) if p.post == "组员"]
    issues, fault_rows = [], []
    for n in range(days * 4 // 3):
        category, summary = rng.choice(SUMMARIES)
        opened = (
            now.subtract(days=days)
            .add(hours=rng.randint(0, days * 24 - 6))
            .replace(second=0, microsecond=0)
        )
        hour = opened.hour
        opened = opened.replace(hour=8 + hour % 15)  # during the shifts, 08:00-23:00
        if opened > now.subtract(hours=2):
            continue
        limit = sla.urgent_limit(category)
        late = n % 13 == 5
        closed = opened.add(
            minutes=rng.randint(limit + 2, limit + 15) if late else rng.randint(4, limit - 2)
        )
        transferred = rng.random() < 0.3
        issues.append(
            {
                "opened_at": opened,
                "category": category,
                "summary": summary,
                "reference": f"GD{opened.format('YYYYMMDD')}{rng.randint(100, 999)}",
                "deadline": opened.add(minutes=limit),
                "state": "transferred" if transferred else "resolved",
                "handler_id": rng.choice(chiefs),
                "created_by": rng.choice(chiefs),
                "closed_at": closed,
                "closed_by": rng.choice(chiefs),
                "note": rng.choice(NOTES),
                "transferred_to": rng.choice(TRANSFER_TO) if transferred else "",
                "delay_reason": rng.choice(DELAYS) if late else "",
            }
        )
    for n, (system, description) in enumerate(FAULTS):
        detected = now.subtract(days=days - 4 * n - 1, hours=rng.randint(0, 8))
        late = n == 2
        reported = detected.add(
            minutes=sla.fault_report_minutes + 7 if late else rng.randint(3, 12)
        )
        fault_rows.append(
            {
                "system": system,
                "description": description,
                "detected_at": detected,
                "report_deadline": detected.add(minutes=sla.fault_report_minutes),
                "reported_at": reported,
                "reported_to": "采购人值班室",
                "resolved_at": reported.add(minutes=rng.randint(20, 150)),
                "resolution": "厂商处理后恢复",
                "created_by": rng.choice(chiefs),
            }
        )
    # Open now: one in each band before the deadline, and a fault not yet reported.
    for minutes_ago, (category, summary), state in (
        (3, SUMMARIES[6], "open"),
        (21, SUMMARIES[2], "handling"),
        (26, SUMMARIES[0], "handling"),
    ):
        opened = now.subtract(minutes=minutes_ago).replace(microsecond=0)
        issues.append(
            {
                "opened_at": opened,
                "category": category,
                "summary": summary,
                "reference": f"GD{opened.format('YYYYMMDD')}{500 + minutes_ago}",
                "deadline": opened.add(minutes=sla.urgent_limit(category)),
                "state": state,
                "handler_id": chiefs[0] if state == "handling" else None,
                "created_by": chiefs[0],
                "closed_at": None,
                "closed_by": None,
                "note": "",
                "transferred_to": "",
                "delay_reason": "",
            }
        )
    detected = now.subtract(minutes=6).replace(microsecond=0)
    requested = now.subtract(days=1).replace(microsecond=0)
    replacement_deadline, unknown = deadline_for(calendar, requested, sla.replacement_workdays)
    # The customer's request is for the agent whose status says so (待撤换), from its day.
    agent = agents[rng.randrange(len(agents))]
    agent = next((p for p in agents if p.status == "待撤换"), agent)
    with store.write(None) as tx:
        s = tx.session
        if issues:
            s.execute(sa.insert(UrgentIssue), issues)
        if fault_rows:
            s.execute(sa.insert(Fault), fault_rows)
        fault_id = s.execute(
            sa.insert(Fault)
            .values(
                system=SYSTEMS[3],
                description="C 区交换机端口告警",
                detected_at=detected,
                report_deadline=detected.add(minutes=sla.fault_report_minutes),
                reported_to="",
                resolution="",
                created_by=chiefs[0],
            )
            .returning(Fault.id)
        ).scalar_one()
        # The switch port of zone C: its last seat nobody sits on today goes out of service.
        seat_id = s.execute(
            sa.select(Seat.id)
            .where(
                Seat.zone == "C",
                Seat.id.not_in(
                    sa.select(SeatAssignment.seat_id).where(SeatAssignment.day == now.date())
                ),
            )
            .order_by(Seat.label.desc())
            .limit(1)
        ).scalar_one()
        s.execute(
            sa.insert(SeatOutage).values(
                seat_id=seat_id,
                reason="故障：网络 C 区交换机端口告警",
                started_at=detected,
                started_by=chiefs[0],
                fault_id=fault_id,
            )
        )
        s.execute(
            sa.insert(ReplacementRequest).values(
                staff_id=agent.id,
                reason="一个月内两次有效投诉",
                requested_at=requested,
                deadline=replacement_deadline,
                calendar_unknown=",".join(map(str, unknown)),
                response="",
                created_by=chiefs[1],
            )
        )
        replace_status(tx.session, agent.id, requested.in_timezone(BEIJING).date())
        tx.audit(
            "demo.clocks",
            "database",
            "demo",
            None,
            {"urgent": len(issues), "faults": len(fault_rows) + 1, "replacements": 1},
        )


def replace_status(session: Session, staff_id: int, since: date) -> None:
    """The person is 待撤换 from ``since``: their open span ends there."""
    open_span = session.execute(
        sa.select(StaffStatus).where(StaffStatus.staff_id == staff_id, StaffStatus.until.is_(None))
    ).scalar_one()
    open_span.until = since
    session.add(
        StaffStatus(staff_id=staff_id, status="待撤换", probation=open_span.probation, since=since)
    )
