"""A year of demo exams: a monthly 在职考试 that most pass, a resit for those who did
not in some months, and a business test before a new policy went live."""

from __future__ import annotations

import random
from datetime import date

import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Exam, ExamResult
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.model.periods import shift_month

TOPICS = ("政策法规知识", "热线服务规范", "知识库新增条目", "工单分派规则", "医保政策更新",
          "社保业务办理", "供暖季常见问题", "应急事件处置", "投诉处理流程", "话术与礼仪",
          "新区划与地名", "年度综合考试")  # fmt: skip


def policy_test_day(today: date) -> date:
    """The day of the demo's business test on a new 医保 policy: the 10th of this month
    if it is past, else of the month before (no score for a test still to come)."""
    sat = today.replace(day=10)
    return sat if sat < today else shift_month(today.replace(day=1), -1).replace(day=10)


def load_demo_exams(store: Store, today: date, seed: int = 7, months: int = 12) -> None:
    rng = random.Random(seed * 331 + 9)
    now = store.clock.now()
    agents = [p for p in list_staff(store) if p.post in ("组员", "班长")]
    weak = {p.id for p in rng.sample(agents, 3)}
    first = shift_month(today.replace(day=1), -(months - 1))
    with store.write(None) as tx:
        s = tx.session
        count = 0
        for back in range(months):
            month = shift_month(first, back)
            day = month.replace(day=20)
            if day >= today:
                continue
            exam = Exam(kind="exam", topic=f"{month.month} 月{TOPICS[back % len(TOPICS)]}",
                        day=day, pass_mark=60, full_mark=100, created_at=now)  # fmt: skip
            s.add(exam)
            s.flush()
            failed = []
            rows = []
            for person in agents:
                if person.hire_date is not None and person.hire_date > day:
                    continue
                fails = rng.random() < (0.5 if person.id in weak else 0.02)
                score = rng.randint(40, 59) if fails else rng.randint(60, 100)
                rows.append({"exam_id": exam.id, "staff_id": person.id, "score": score,
                             "passed": score >= 60, "entered_at": now})  # fmt: skip
                if score < 60:
                    failed.append(person.id)
            s.execute(sa.insert(ExamResult), rows)
            count += len(rows)
            resit_day = month.replace(day=27)
            if failed and back % 3 == 0 and resit_day < today:
                resit = Exam(kind="exam", topic=exam.topic, day=resit_day, pass_mark=60,
                             full_mark=100, resit_of=exam.id, created_at=now)  # fmt: skip
                s.add(resit)
                s.flush()
                s.execute(sa.insert(ExamResult), [
                    {"exam_id": resit.id, "staff_id": sid, "score": rng.randint(58, 90),
                     "passed": True, "entered_at": now} for sid in failed
                ])  # fmt: skip
                s.execute(
                    sa.update(ExamResult)
                    .where(ExamResult.exam_id == resit.id, ExamResult.score < 60)
                    .values(passed=False)
                )
        # Sat on the 10th, live on the 医保 seats (zone F) since the 15th: who has not
        # passed is marked there. This month's if the 10th is past, else last month's:
        # no score for a test still to come (the desk refuses to enter one).
        sat = policy_test_day(today)
        test = Exam(kind="test", topic="医保门诊共济新政", day=sat, pass_mark=80,
                    full_mark=100, live_from=sat.replace(day=15), zone="F",
                    created_at=now)  # fmt: skip
        s.add(test)
        s.flush()
        s.execute(sa.insert(ExamResult), [
            {"exam_id": test.id, "staff_id": p.id, "score": (sc := rng.randint(60, 100)),
             "passed": sc >= 80, "entered_at": now}
            for p in agents if "医保" in p.group
        ])  # fmt: skip
        tx.audit("demo.exams", "database", "demo", None, {"results": count})
