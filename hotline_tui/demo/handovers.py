"""A month of demo handovers, written through the real handover rules.

Each one is started, filled in, submitted and signed by the duty chiefs in turn
on a clock that walks through the month, so the demo holds exactly what the
application itself would have stored: carried items, digests, history. The
latest handover that fell due is left waiting for its signature.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hotline_tui.clock import FixedClock
from hotline_tui.db.store import Store
from hotline_tui.demo.attendance import duty_chief
from hotline_tui.domain.handover.items import add_item, close_item
from hotline_tui.domain.handover.lifecycle import amend, sign, start, submit
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.reports.day import shift_attendance
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.arrival import FORMAL_ONLY
from hotline_tui.model.shift_changes import change_after, last_change_due
from hotline_tui.model.shifts import Shift

TOPICS = (
    "供暖费缴纳和停暖报修",
    "医保年度结算",
    "社保卡补换",
    "老旧小区加装电梯",
    "占道经营和噪音扰民",
    "公积金提取",
    "居住证办理",
    "冬季道路除雪",
)
SYSTEMS_NOTES = (
    "各系统运行正常。",
    "工单系统 {t} 前后卡顿约 3 分钟，已自行恢复，未影响派单。",
    "知识库检索较慢，已通知采编组跟进。",
    "电话平台运行正常；一条中继线 {t} 闪断一次，已向运营商报备。",
    "坐席电脑均正常；个别耳机杂音，已更换备用耳机。",
)
OTHER_NOTES = (
    "",
    "",
    "市民服务热线办通知：本周五下午开展政策培训，请各组安排轮岗参加。",
    "质检组抽检发现两张工单诉求描述不完整，已退回坐席补充。",
    "领导来访参观，{t} 前后请保持现场安静整洁。",
)
# (item, how it was closed, for how many handovers it stays open)
ITEMS = (
    ("B07 耳机报修，等厂家上门更换", "厂家已上门更换耳机，测试通话正常", 4),
    ("居民反映供暖不热的工单需回访确认", "已回访 12 户，均已恢复供暖", 3),
    ("知识库“医保年度结算”条目需更新", "采编组已更新条目并通知全员", 5),
    ("电话平台录音调取申请待科室审批", "科室已批复，录音已调取并归档", 2),
    ("夜班新人独立上线前需再做一次陪听", "陪听完成，班长确认可独立上线", 6),
    ("周报中投诉工单数据核对有出入", "与数据分析组核对，系统统计口径已统一", 3),
    ("中继线闪断问题待运营商回复", "运营商已更换故障板卡，连续观察两日正常", 7),
    ("耳机备件不足，需申领 10 副", "", 0),  # still open at the demo's now
    ("三号会议室投影仪故障影响培训", "", 0),
)


def _hhmm(rng: random.Random, start: int, end: int) -> str:
    return f"{rng.randint(start, end - 1):02d}:{rng.choice((5, 10, 20, 35, 40, 50)):02d}"


def _people(store: Store, day: date, shift: Shift) -> tuple[int, str]:
    """人员情况 as the chief writes it from the marks, in the day report's figures (the
    shift as ended, by the arrival rule): how many were due, and the sentence."""
    part = shift_attendance(store, day, shift, shift.window(day)[1], FORMAL_ONLY)
    due, came = part.total.scheduled, part.total.arrived
    missing = "无缺勤"
    if part.not_arrived:
        named = "、".join(part.not_arrived[:3])
        more = f"等 {len(part.not_arrived)} 人" if len(part.not_arrived) > 3 else ""
        missing = f"未到：{named}{more}"
    return due, f"应到 {due} 人，实到 {came} 人；{missing}。"


def _sections(
    rng: random.Random, store: Store, day: date, shift: Shift, hours: tuple[int, int]
) -> dict:
    due, people = _people(store, day, shift)
    calls = rng.randint(180, 260) * max(due, 1) // 10
    return {
        "traffic": (
            f"{shift.name}共受理来电 {calls} 个，人工接通率 {rng.uniform(93, 99):.1f}%。"
            f"{_hhmm(rng, *hours)} 前后出现来电高峰，集中咨询{rng.choice(TOPICS)}。"
        ),
        "systems": rng.choice(SYSTEMS_NOTES).format(t=_hhmm(rng, *hours)),
        "people": people,
        "other": rng.choice(OTHER_NOTES).format(t=_hhmm(rng, *hours)),
    }


def load_demo_handovers(store: Store, seat_count: int, seed: int = 7, days: int = 30) -> int:
    """Write the handovers of the last ``days`` days up to the store clock's now; returns how many."""
    now = store.clock.now()
    rng = random.Random(seed * 104729 + 3)
    shifts = list_shifts(store)
    staff = list_staff(store, sign_in_only=True)
    chiefs = [p for p in staff if p.post == "值班长"]
    leaders = [p for p in staff if p.post == "班长"]
    latest = last_change_due(shifts, now)
    if latest is None or len(chiefs) < 2:
        return 0
    changes = []
    day = now.date() - timedelta(days=days)
    while True:
        for shift in shifts:
            change = change_after(shifts, day, shift)
            if change.due <= latest.due:
                changes.append(change)
        if day >= latest.day:
            break
        day += timedelta(days=1)

    # Which item opens at which handover, and where it is closed.
    opens: dict[int, list[tuple[str, str, int]]] = {}
    for n, (title, note, span) in enumerate(ITEMS):
        at = (n * len(changes)) // (len(ITEMS) + 1) + rng.randint(0, 3)
        opens.setdefault(min(at, len(changes) - 2), []).append((title, note, span))

    clock = FixedClock(now)
    demo = Store(store.target, clock)  # the same database, on a clock that walks through the month
    closing: dict[int, list[tuple[int, str]]] = {}
    try:
        for index, change in enumerate(changes):
            # Written by the outgoing shift's chief on the rota, signed by the incoming one's.
            author = duty_chief(chiefs, shifts, now.date(), change.day, change.shift)
            signer = duty_chief(chiefs, shifts, now.date(), change.to_day, change.to_shift)
            due = change.due
            clock.set(due.subtract(minutes=45))
            h = start(demo, author, change, seat_count)
            for title, note, span in opens.get(index, []):
                owner = rng.choice(leaders + chiefs)
                item = add_item(demo, author, title, owner.staff_no, h)
                if span:
                    closing.setdefault(index + span, []).append((item, note))
            clock.set(due.subtract(minutes=25))
            for item, note in closing.pop(index, []):
                close_item(demo, author, item, note, h)
            start_h, end_h = (int(x[:2]) for x in (change.shift.start, change.shift.end))
            sections = _sections(rng, demo, change.day, change.shift, (start_h, end_h or 24))
            clock.set(due.subtract(minutes=12))
            submit(demo, author, h, sections, None, seat_count)
            if change == latest:
                break  # the incoming chief has not signed yet
            to_start = change.to_shift.window(change.to_day)[0]
            clock.set(max(due, to_start).add(minutes=rng.randint(4, 20)))
            sign(demo, signer, h)
            if index % 23 == 7 and index + 3 < len(changes):
                clock.advance(minutes=50)
                amend(
                    demo,
                    author,
                    h,
                    "补充：系统运行一栏所记情况已由信息科确认处理完毕，详见信息科报修记录。",
                )
    finally:
        demo.close()
    return len(changes)
