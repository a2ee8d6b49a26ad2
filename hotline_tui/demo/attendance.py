"""A quarter of demo rota, attendance, swaps, overtime and morning meetings.

The rota follows each person's weekly pattern (stored too, so that the coming
weeks can be generated from it), with the approved swaps applied. Who comes is
decided per rota entry; the seat plans are then built from it (see
``demo.generate``), so plan, rota and attendance agree except where the demo
means them not to: a no-show now and then, three 旷工 days running, and one
agent seated this morning who has just called in sick.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Attendance,
    Meeting,
    OpenItem,
    OpenItemEvent,
    Overtime,
    RotaEntry,
    RotaPattern,
    ShiftSwap,
)
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.setup_checklist import ROTA_AHEAD
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow

# How the floor usually goes, per scheduled shift (the rest is 出勤).
MIX = (("迟到", 0.02), ("早退", 0.006), ("离岗", 0.004), ("事假", 0.01), ("病假", 0.01),
       ("年假", 0.008), ("调休", 0.006), ("旷工", 0.001))  # fmt: skip
# Known before the shift: the chief does not seat them.
LEAVE = frozenset({"事假", "病假", "年假", "调休"})
# Each shift's share of the agents' weekly patterns, in the shift table's order.
SHIFT_SHARES = (7, 3, 2)
REVIEWS = (
    # The figures of the day before come from the platform's records, above the note.
    "晚高峰出现在 19:00 前后，请各组错峰安排就餐。",
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


@dataclass(frozen=True)
class DemoRota:
    """What the seat plans are built from: who is due on the floor, per date and shift."""

    seated: dict[tuple[date, int], list[int]]  # (day, shift id) -> staff ids, rota order


def _weekly_shift(n: int, shifts: list[Shift]) -> Shift:
    """Agent ``n``'s shift: early for half of them, then middle, then late."""
    slot = n % sum(SHIFT_SHARES[: len(shifts)])
    for shift, share in zip(shifts, SHIFT_SHARES, strict=False):
        if slot < share:
            return shift
        slot -= share
    return shifts[-1]


def duty_chief(
    chiefs: list[StaffRow], shifts: list[Shift], today: date, day: date, shift: Shift
) -> StaffRow:
    """The 值班长 on the rota of ``day``'s ``shift``: in turn, shift after shift, the
    first of them (the README's 1004) on the early shift of the demo's today. Each of
    five works at most one shift a day."""
    n = (day - today).days * len(shifts) + [s.id for s in shifts].index(shift.id)
    return chiefs[n % len(chiefs)]


def load_demo_attendance(
    store: Store, today: date, now: pendulum.DateTime, seed: int = 7, days: int = 92
) -> DemoRota:
    rng = random.Random(seed * 2029 + 17)
    shifts = list_shifts(store)
    by_id = {s.id: s for s in shifts}
    staff = list_staff(store)
    agents = [p for p in staff if p.group]
    chiefs = [p for p in list_staff(store, sign_in_only=True) if p.post == "值班长"]
    start = today - timedelta(days=days - 1)

    # Weekly patterns: five working days a week, rest days staggered, shifts by person.
    patterns = []
    for n, person in enumerate(agents):
        shift = _weekly_shift(n, shifts)
        rest = {n % 7, (n + 1) % 7}
        for weekday in range(7):
            patterns.append({"staff_id": person.id, "weekday": weekday,
                             "shift_id": None if weekday in rest else shift.id})  # fmt: skip
    by_person = {(p["staff_id"], p["weekday"]): p["shift_id"] for p in patterns}
    rota: dict[tuple[date, int], int] = {}  # (day, staff id) -> shift id
    day = start
    while day <= today + timedelta(days=ROTA_AHEAD - 1):
        for person in agents:
            shift_id = by_person[(person.id, day.weekday())]
            hired = person.hire_date is None or person.hire_date <= day
            if shift_id is not None and hired:
                rota[(day, person.id)] = shift_id
        day += timedelta(days=1)

    # A few approved swaps in the quarter: the taker works the giver's shift that day.
    swaps = []
    for k in range(4):
        day = today - timedelta(days=10 + 17 * k)
        giver = next(a for a in agents[3 + k :] if (day, a.id) in rota)
        taker = next(
            a
            for a in agents[40 + k :]
            if (day, a.id) not in rota and (a.hire_date is None or a.hire_date <= day)
        )
        shift_id = rota.pop((day, giver.id))
        rota[(day, taker.id)] = shift_id
        swaps.append({"kind": "take", "day": day, "shift_id": shift_id, "giver_id": giver.id,
                      "taker_id": taker.id, "approved_by": chiefs[k % len(chiefs)].id,
                      "at": now.subtract(days=12 + 17 * k), "note": "家中有事"})  # fmt: skip
    swapped = {(s["day"], s["taker_id"]) for s in swaps}

    # Who came: decided for every rota entry whose shift has begun.
    status: dict[tuple[date, int], str | None] = {}
    for (day, staff_id), shift_id in sorted(rota.items()):
        shift_start = by_id[shift_id].window(day)[0]
        if shift_start > now or (day == today and rng.random() < 0.5):
            status[(day, staff_id)] = None  # the shift has not begun, or the board is half done
            continue
        roll, mark = rng.random(), "出勤"
        for name, share in MIX:
            if roll < share:
                mark = name
                break
            roll -= share
        status[(day, staff_id)] = mark
    # One agent absent without leave three scheduled days running: the flag a chief must see.
    truant = agents[17].id
    for key in sorted(k for k in status if k[1] == truant and k[0] < today)[-3:]:
        status[key] = "旷工"
    # Someone seated this morning who has just called in sick: a flag on today's board.
    early_today = [
        sid for (d, sid), shift_id in rota.items() if d == today and shift_id == shifts[0].id
    ]
    sick = next(sid for sid in early_today if sid != truant and status[(today, sid)] != "旷工")
    status[(today, sick)] = "病假"

    # The duty chiefs on the rota too (who signs a handover is the incoming shift's
    # 值班长 on it), present on every begun shift. Kept apart from the agents' draws.
    chief_rota: dict[tuple[date, int], int] = {}
    day = start
    while day <= today + timedelta(days=ROTA_AHEAD - 1):
        for shift in shifts:
            chief_rota[(day, duty_chief(chiefs, shifts, today, day, shift).id)] = shift.id
        day += timedelta(days=1)
    for (day, staff_id), shift_id in chief_rota.items():
        begun = by_id[shift_id].window(day)[0] <= now
        status[(day, staff_id)] = "出勤" if begun else None
    rota.update(chief_rota)

    seated: dict[tuple[date, int], list[int]] = {}
    for (day, staff_id), shift_id in rota.items():
        if (day, staff_id) in chief_rota:
            continue  # a chief runs the floor, not a seat of a group's zone
        came = status[(day, staff_id)]
        if came not in LEAVE or (day, staff_id) == (today, sick):
            seated.setdefault((day, shift_id), []).append(staff_id)

    with store.write(None) as tx:
        s = tx.session
        s.execute(sa.insert(RotaPattern), patterns)
        s.execute(
            sa.insert(RotaEntry),
            [{"day": day, "shift_id": shift_id, "staff_id": staff_id,
              "source": "swap" if (day, staff_id) in swapped else "pattern",
              "created_at": tx.now, "created_by": None}
             for (day, staff_id), shift_id in rota.items()],
        )  # fmt: skip
        marks = []
        marked_at: dict[tuple[date, int], pendulum.DateTime] = {}  # one per shift, not per mark
        for (day, staff_id), came in status.items():
            if came is None:
                continue
            shift_id = rota[(day, staff_id)]
            if (day, shift_id) not in marked_at:
                marked_at[(day, shift_id)] = by_id[shift_id].window(day)[0].add(minutes=20)
            if (day, staff_id) in chief_rota:  # the chief marks themself, drawing nothing
                marks.append({"day": day, "shift_id": shift_id, "staff_id": staff_id,
                              "status": came, "late_minutes": 0,
                              "marked_at": marked_at[(day, shift_id)], "marked_by": staff_id})  # fmt: skip
                continue
            marks.append({"day": day, "shift_id": shift_id, "staff_id": staff_id,
                          "status": came, "late_minutes": rng.randint(3, 25) if came == "迟到" else 0,
                          "marked_at": marked_at[(day, shift_id)], "marked_by": rng.choice(chiefs).id})  # fmt: skip
        s.execute(sa.insert(Attendance), marks)
        s.execute(sa.insert(ShiftSwap), swaps)

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
                actions.append({"item_id": item_id, "at": closed, "actor_id": owner,
                                "kind": "closed", "note": done})  # fmt: skip
        if actions:
            s.execute(sa.insert(OpenItemEvent), actions)

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
    return DemoRota(seated)
