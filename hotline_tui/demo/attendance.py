"""A quarter of demo rota, attendance, swaps, overtime and morning meetings.

Days with demo seat plans are scheduled exactly as seated (everyone seated is
on the rota); earlier days follow each person's weekly pattern, which is also
stored, so that the rota for coming weeks can be generated from it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import sqlalchemy as sa

from hotline_tui.db.tables import (
    Attendance,
    Meeting,
    OpenItem,
    OpenItemEvent,
    Overtime,
    RotaEntry,
    RotaPattern,
    SeatAssignment,
    ShiftSwap,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import list_shifts

# How the floor usually goes, per scheduled shift (the rest is 出勤).
MIX = (("迟到", 0.02), ("早退", 0.006), ("离岗", 0.004), ("事假", 0.01), ("病假", 0.01),
       ("年假", 0.008), ("调休", 0.006), ("旷工", 0.002))  # fmt: skip
REVIEWS = (
    "昨日共受理来电 3,412 个，人工接通率 96.1%；晚高峰出现在 19:00 前后。",
    "昨日来电平稳，供暖类诉求占比上升至 18%，需关注回访。",
    "昨日有 2 件时效性问题，均在 30 分钟内办结。",
)
POLICIES = (
    "医保年度结算口径调整，知识库条目已更新，请全员学习。",
    "社保卡补换可线上办理，解答时引导市民使用政务服务 App。",
    "本周起居住证办理材料减少一项，详见知识库。",
)
QCS = (
    "抽检 120 通，合格 116 通；问题集中在诉求记录不完整。",
    "抽检 100 通，合格 97 通；个别坐席未做结束语确认。",
)
NOTICES = (
    "注意文明用语，来电高峰时段尽量缩短话后处理。",
    "下午 14:00 系统维护约 10 分钟，请提前告知来电人。",
    "",
)
ACTIONS = (
    ("整理供暖类诉求清单报业务支撑组", "已报送"),
    ("组织新人学习医保结算新口径", "已组织学习并考试"),
    ("核对上周质检扣分工单", "已核对，扣分无误"),
    ("更新耳机领用登记表", ""),
)


def load_demo_attendance(store, today: date, now, seed: int = 7, days: int = 92) -> None:
    rng = random.Random(seed * 2029 + 17)
    shifts = list_shifts(store)
    staff = list_staff(store)
    agents = [p for p in staff if p.group]
    chiefs = [p for p in list_staff(store, sign_in_only=True) if p.post == "值班长"]
    start = today - timedelta(days=days - 1)
    with store.write(None) as tx:
        s = tx.session
        plans: dict[date, dict[int, int]] = {}
        for day, shift_id, staff_id in s.execute(
            sa.select(SeatAssignment.day, SeatAssignment.shift_id, SeatAssignment.staff_id).where(
                SeatAssignment.day >= start
            )
        ):
            plans.setdefault(day, {})[staff_id] = shift_id
        # Weekly patterns: five working days a week, rest days staggered, shifts by person.
        patterns = []
        for n, person in enumerate(agents):
            shift = shifts[n % len(shifts)]
            rest = {n % 7, (n + 1) % 7}
            for weekday in range(7):
                patterns.append({"staff_id": person.id, "weekday": weekday,
                                 "shift_id": None if weekday in rest else shift.id})  # fmt: skip
        s.execute(sa.insert(RotaPattern), patterns)
        by_person = {(p["staff_id"], p["weekday"]): p["shift_id"] for p in patterns}
        rota, marks = [], []
        day = start
        while day <= today + timedelta(days=7):
            if day in plans:
                entries = plans[day]
            else:
                entries = {
                    p.id: by_person[(p.id, day.weekday())]
                    for p in agents
                    if by_person[(p.id, day.weekday())] is not None
                }
            for staff_id, shift_id in entries.items():
                rota.append({"day": day, "shift_id": shift_id, "staff_id": staff_id,
                             "source": "pattern", "created_at": tx.now, "created_by": None})  # fmt: skip
                shift = next(x for x in shifts if x.id == shift_id)
                shift_start, _ = shift.window(day)
                if shift_start > now or (day == today and rng.random() < 0.5):
                    continue  # not marked yet: the shift has not begun, or the board is half done
                status = "出勤"
                roll = rng.random()
                for name, share in MIX:
                    if roll < share:
                        status = name
                        break
                    roll -= share
                marks.append({"day": day, "shift_id": shift_id, "staff_id": staff_id, "status": status,
                              "late_minutes": rng.randint(3, 25) if status == "迟到" else 0,
                              "marked_at": shift_start.add(minutes=20), "marked_by": rng.choice(chiefs).id})  # fmt: skip
            day += timedelta(days=1)
        # One agent absent without leave three scheduled days running: the flag a chief must see.
        truant = agents[17].id
        truant_days = sorted(
            m["day"] for m in marks if m["staff_id"] == truant and m["day"] < today
        )[-3:]
        for m in marks:
            if m["staff_id"] == truant and m["day"] in truant_days:
                m["status"], m["late_minutes"] = "旷工", 0
        # Someone seated this morning who called in sick: a flag on today's board.
        seated_today = plans.get(today, {})
        for m in marks:
            if m["day"] == today and m["staff_id"] in seated_today and m["staff_id"] != truant:
                m["status"] = "病假"
                break
        s.execute(sa.insert(RotaEntry), rota)
        s.execute(sa.insert(Attendance), marks)

        early = shifts[0]
        meetings, actions = [], []
        day = start
        while day <= today:
            held = early.window(day)[0].subtract(minutes=rng.choice((5, 10, 15)))
            if held <= now:
                meetings.append({"day": day, "shift_id": early.id, "host_id": chiefs[(day.toordinal()) % len(chiefs)].id,
                                 "held_at": held.format("HH:mm"), "review": rng.choice(REVIEWS),
                                 "policy": rng.choice(POLICIES), "qc": rng.choice(QCS), "notices": rng.choice(NOTICES),
                                 "version": 1, "updated_at": held.add(minutes=20), "updated_by": None})  # fmt: skip
            day += timedelta(days=1)
        s.execute(sa.insert(Meeting), meetings)
        ids = dict(s.execute(sa.select(Meeting.day, Meeting.id)).all())
        for n, (title, done) in enumerate(ACTIONS):
            day = today - timedelta(days=3 + 9 * n)
            if day not in ids:
                continue
            opened = early.window(day)[0].subtract(minutes=5)
            owner = rng.choice(chiefs).id
            closed = opened.add(days=2) if done else None
            item_id = s.execute(
                sa.insert(OpenItem).values(
                    title=title, owner_id=owner, status="closed" if done else "open", opened_at=opened,
                    opened_by=owner, closed_at=closed, closed_by=owner if done else None, close_note=done,
                    meeting_id=ids[day], due=day + timedelta(days=3),
                ).returning(OpenItem.id)
            ).scalar_one()  # fmt: skip
            actions.append({"item_id": item_id, "at": opened, "actor_id": owner, "kind": "opened",
                            "note": f"早班会 {day}"})  # fmt: skip
            if done:
                actions.append(
                    {
                        "item_id": item_id,
                        "at": closed,
                        "actor_id": owner,
                        "kind": "closed",
                        "note": done,
                    }
                )
        if actions:
            s.execute(sa.insert(OpenItemEvent), actions)

        # A few approved swaps and overtime records in the quarter.
        for k in range(4):
            day = today - timedelta(days=10 + 17 * k)
            a, b = agents[3 + k], agents[40 + k]
            shift_id = by_person.get((a.id, day.weekday())) or shifts[0].id
            s.execute(sa.insert(ShiftSwap).values(
                kind="take", day=day, shift_id=shift_id, giver_id=a.id, taker_id=b.id,
                approved_by=chiefs[k % len(chiefs)].id, at=now.subtract(days=12 + 17 * k), note="家中有事",
            ))  # fmt: skip
        for k in range(5):
            day = today - timedelta(days=4 + 13 * k)
            person = agents[(11 * k) % len(agents)]
            end = shifts[0].window(day)[1]
            s.execute(sa.insert(Overtime).values(
                staff_id=person.id, start=end, end=end.add(hours=2), approved_by=chiefs[0].id,
                note="来电高峰顶岗", at=end,
            ))  # fmt: skip
        tx.audit("demo.attendance", "database", "demo", None,
                 {"rota": len(rota), "attendance": len(marks), "meetings": len(meetings)})  # fmt: skip
