"""A year of demo QC records: every month the indicators show is counted from records.

Most calls pass; a few miss an item or two, fewer still with a wrong answer (业务解答错误),
and two agents fail more often than the rest, for the team leaders to find.
"""

from __future__ import annotations

import random
from datetime import date

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import QcRecord
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.quality.records import QC_GROUP_WORD
from hotline_tui.model.checklist import score
from hotline_tui.model.periods import shift_month

PER_MONTH = 120
# Which error kind a missed item is, as a checker would name it.
KIND_OF = {
    "开场白与结束语": "服务规范", "身份与诉求核实": "服务规范", "业务解答准确": "业务解答错误",
    "转接转办正确": "转接错误", "服务态度与用语": "服务规范", "工单记录完整": "工单记录",
}  # fmt: skip
NOTES = ("", "", "", "语速偏快", "未复述来电人诉求", "政策口径需更新")


def load_demo_quality(store: Store, today: date, seed: int = 7, months: int = 12) -> None:
    now = store.clock.now()
    rng = random.Random(seed * 613 + 5)
    qc = QcSpec()
    staff = list_staff(store)
    checkers = [p.id for p in staff if QC_GROUP_WORD in p.group]
    agents = [p for p in staff if p.post in ("组员", "班长") and QC_GROUP_WORD not in p.group]
    weak = {p.id for p in rng.sample(agents, 2)}  # the two a team leader should see
    items = [name for name, _ in qc.items]
    rows = []
    first = shift_month(today.replace(day=1), -(months - 1))
    for back in range(months):
        month = shift_month(first, back)
        for n in range(PER_MONTH):
            day = min(month.day + rng.randrange(28), 28)
            call_at = pendulum.datetime(
                month.year, month.month, day, rng.randint(8, 22), rng.randrange(60), tz=BEIJING
            )
            if call_at >= now:
                continue
            hired = [a for a in agents if a.hire_date is None or a.hire_date <= call_at.date()]
            agent = rng.choice(hired)
            chance = 0.35 if agent.id in weak else 0.06
            missed = (
                sorted(rng.sample(items, rng.choice((1, 1, 2)))) if rng.random() < chance else []
            )
            value, passed = score(qc, missed)
            rows.append(
                {
                    "call_at": call_at, "call_ref": f"LY{call_at.format('YYYYMMDD')}{n:04d}",
                    "agent_id": agent.id, "checker_id": rng.choice(checkers), "score": value,
                    "full_score": qc.full_score, "passed": passed, "missed": "、".join(missed),
                    "errors": "、".join(dict.fromkeys(KIND_OF[i] for i in missed)),
                    "note": rng.choice(NOTES) if missed else "", "entered_at": call_at.add(days=1),
                    "entered_by": None,
                }
            )  # fmt: skip
    with store.write(None) as tx:
        tx.session.execute(sa.insert(QcRecord), rows)
        tx.audit("demo.quality", "database", "demo", None, {"qc_records": len(rows)})
