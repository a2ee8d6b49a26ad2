"""A year of demo training: a monthly policy session for every group and a session for
the 医保 seats before their new policy, with the roll called; one session ahead."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.db.store import Store
from hotline_tui.db.tables import TrainingAttendee, TrainingSession
from hotline_tui.demo.exams import policy_test_day
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model.periods import shift_month

TOPICS = ("年度政策法规汇编", "接诉即办工作规范", "知识库新增条目解读", "工单派发与回访",
          "医保报销政策更新", "社保卡业务办理", "供暖季诉求应答", "防汛应急处置",
          "投诉处理与情绪安抚", "服务用语与礼仪", "街道社区区划调整", "年度考核要点")  # fmt: skip
TRAINERS = ("业务培训组 武老师", "业务培训组 孟老师", "区政务服务局 刘科长", "质检组 冯组长")


def load_demo_training(store: Store, today: date, seed: int = 7, months: int = 12) -> None:
    rng = random.Random(seed * 577 + 3)
    now = store.clock.now()
    people = list_staff(store)
    agents = [p for p in people if p.post in ("组员", "班长")]
    caller = next(p.id for p in people if p.post == "值班长")  # who called the roll
    first = shift_month(today.replace(day=1), -(months - 1))
    sessions: list[tuple[str, date, str, list[int]]] = []
    for back in range(months):
        month = shift_month(first, back)
        invited = [p.id for p in agents if p.hire_date is None or p.hire_date <= month]
        sessions.append((f"{month.month} 月{TOPICS[back % len(TOPICS)]}", month.replace(day=12),
                         TRAINERS[back % len(TRAINERS)], invited))  # fmt: skip
    insured = [p.id for p in agents if "医保" in p.group]
    # Two days before the business test on the same policy (demo/exams.py).
    briefing = policy_test_day(today) - timedelta(days=2)
    sessions.append(("医保门诊共济新政解读", briefing, "区医保局 王老师", insured))
    sessions.append(("冬季供暖诉求应答复训", today + timedelta(days=3), TRAINERS[0],
                     [p.id for p in agents if p.group == "综合坐席"]))  # fmt: skip
    count = 0
    with store.write(None) as tx:
        s = tx.session
        for topic, day, trainer, invited in sessions:
            row = TrainingSession(topic=topic, day=day, trainer=trainer, created_at=now,
                                  materials=f"课件：共享盘/培训/{day:%Y-%m}/{topic}")  # fmt: skip
            s.add(row)
            s.flush()
            held = day < today
            called = pendulum.datetime(day.year, day.month, day.day, 9, 35, tz=BEIJING)
            marks = []
            for staff_id in invited:
                status = ""
                if held:
                    roll = rng.random()
                    status = "缺席" if roll < 0.02 else "请假" if roll < 0.06 else (
                        "迟到" if roll < 0.09 else "出席")  # fmt: skip
                marks.append({"session_id": row.id, "staff_id": staff_id, "status": status,
                              "marked_at": called if held else None,
                              "marked_by": caller if held else None})  # fmt: skip
            s.execute(sa.insert(TrainingAttendee), marks)
            count += len(marks)
        tx.audit("demo.training", "database", "demo", None, {"trainings": len(sessions),
                                                             "count": count})  # fmt: skip
