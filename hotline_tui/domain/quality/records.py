"""QC records (质检记录): entered one at a time or imported, listed by month, summed per
person and per group, and the month's counts the indicators take from them.

The rules, stated once (docs/indicators.md):
- 质检合格率 of a month = the calls checked that month that passed / the calls checked.
- 业务解答准确率 of a month = the calls checked without 业务解答错误 / the calls checked.
- A month is counted from its records when it has any; a month without records keeps
  the counts entered by hand (外部录入), and the indicator says which source it used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.store import Store
from hotline_tui.db.tables import QcRecord, Staff, StaffGroup, WorkGroup
from hotline_tui.domain.people.roster import has_left, list_staff, member_on
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.checklist import ANSWER_ERROR, error_kinds, missed_items, score
from hotline_tui.model.percent import fraction_percent
from hotline_tui.model.periods import month_bounds
from hotline_tui.model.permissions import MANAGERS, Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.text import one_line

MAX_REF = 40
MAX_NOTE = 200
MAX_BACK_DAYS = 400  # a call may be checked long after it was made, not years after
QC_GROUP_WORD = "质检"  # the checker's group is the one whose name says 质检


@dataclass(frozen=True)
class QcEntry:
    """A checked record, ready to save."""

    call_at: pendulum.DateTime
    call_ref: str
    agent_id: int
    checker_id: int
    score: int
    full_score: int
    passed: bool
    missed: tuple[str, ...]
    errors: tuple[str, ...]
    note: str


def people_by_no(store: Store) -> dict[str, StaffRow]:
    """Everyone ever on the staff, by 工号: read once, before checking many rows."""
    return {p.staff_no: p for p in list_staff(store, include_left=True)}


def check_entry(
    people: dict[str, StaffRow],
    qc: QcSpec,
    now: pendulum.DateTime,
    call_at: pendulum.DateTime,
    call_ref: str,
    agent_no: str,
    checker_no: str,
    missed: str,
    errors: str,
    note: str,
) -> QcEntry:
    """One record checked against the rules; a refusal names the first thing wrong."""
    call_ref, note = one_line(call_ref), one_line(note)
    if not call_ref:
        raise DomainError("请填写通话编号（话务平台的录音或流水号）。")
    if len(call_ref) > MAX_REF:
        raise DomainError(f"通话编号不超过 {MAX_REF} 个字符。")
    if len(note) > MAX_NOTE:
        raise DomainError(f"备注不超过 {MAX_NOTE} 字。")
    if call_at > now:
        raise DomainError(f"通话时间 {call_at.format('YYYY-MM-DD HH:mm')} 在将来。")
    if call_at < now.subtract(days=MAX_BACK_DAYS):
        raise DomainError(f"通话时间 {call_at.format('YYYY-MM-DD')} 早于 {MAX_BACK_DAYS} 天前。")
    day = call_at.in_timezone(BEIJING).date()
    agent = people.get(agent_no.strip())
    if agent is None:
        raise DomainError(f"坐席工号 {agent_no or '（空）'} 不存在。")
    if agent.post in (*MANAGERS, "值班长"):
        raise DomainError(f"{agent.name}（{agent.staff_no}）是{agent.post}，不是坐席。")
    if has_left(agent.status, agent.left_on, day) or (agent.hire_date and agent.hire_date > day):
        raise DomainError(f"{agent.name}（{agent.staff_no}）{day} 不在职。")
    checker = people.get(checker_no.strip())
    if checker is None:
        raise DomainError(f"质检员工号 {checker_no or '（空）'} 不存在。")
    if QC_GROUP_WORD not in checker.group:
        raise DomainError(
            f"{checker.name}（{checker.staff_no}）在“{checker.group or '无'}”组，不是质检组的人员。"
        )
    if checker.staff_no == agent.staff_no:
        raise DomainError("质检员不能检查自己的通话。")
    items = missed_items(missed, qc)
    kinds = error_kinds(errors)
    value, passed = score(qc, items)
    return QcEntry(
        call_at, call_ref, agent.id, checker.id, value, qc.full_score, passed,
        tuple(items), tuple(kinds), note,
    )  # fmt: skip


def _values(entry: QcEntry, now: datetime, actor_id: int) -> dict[str, object]:
    return {
        "call_at": entry.call_at, "call_ref": entry.call_ref, "agent_id": entry.agent_id,
        "checker_id": entry.checker_id, "score": entry.score, "full_score": entry.full_score,
        "passed": entry.passed, "missed": "、".join(entry.missed),
        "errors": "、".join(entry.errors), "note": entry.note, "entered_at": now,
        "entered_by": actor_id,
    }  # fmt: skip


def _taken(session: sa.orm.Session, pairs: Iterable[tuple[str, int]]) -> set[tuple[str, int]]:
    """The (call, agent) pairs already checked, of those given."""
    wanted = list(pairs)
    refs = {ref for ref, _ in wanted}
    found: set[tuple[str, int]] = set()
    refs_list = sorted(refs)
    for start in range(0, len(refs_list), 500):
        chunk = refs_list[start : start + 500]
        found |= {
            (ref, agent)
            for ref, agent in session.execute(
                sa.select(QcRecord.call_ref, QcRecord.agent_id).where(QcRecord.call_ref.in_(chunk))
            )
        }
    return found & set(wanted)


def add_record(
    store: Store,
    actor: StaffRow | None,
    qc: QcSpec,
    call_at: pendulum.DateTime,
    call_ref: str,
    agent_no: str,
    checker_no: str,
    missed: str = "",
    errors: str = "",
    note: str = "",
) -> int:
    """Enter one QC record; returns its id."""
    actor = require(actor, Action.QC_RECORDS)
    entry = check_entry(
        people_by_no(store), qc, store.clock.now(), call_at, call_ref, agent_no, checker_no,
        missed, errors, note,
    )  # fmt: skip
    with store.write(actor.id) as tx:
        if _taken(tx.session, [(entry.call_ref, entry.agent_id)]):
            raise ConflictError(f"通话 {entry.call_ref} 的这位坐席已经质检过，不能重复录入。")
        row = QcRecord(**_values(entry, tx.now, actor.id))
        tx.session.add(row)
        tx.session.flush()
        tx.audit("qc.add", "qc_record", str(row.id), None,
                 {"call": entry.call_ref, "agent": agent_no, "score": entry.score,
                  "passed": entry.passed, "errors": "、".join(entry.errors)})  # fmt: skip
        return row.id


def save_records(store: Store, actor: StaffRow | None, entries: list[QcEntry], source: str) -> int:
    """Save checked records at once (an import): all of them, or none when any call was
    checked already."""
    actor = require(actor, Action.QC_RECORDS)
    with store.write(actor.id) as tx:
        taken = _taken(tx.session, [(e.call_ref, e.agent_id) for e in entries])
        if taken:
            listed = "、".join(sorted(ref for ref, _ in taken)[:10])
            raise ConflictError(f"{len(taken)} 条通话已经质检过（{listed}），未导入任何一行。")
        tx.session.execute(sa.insert(QcRecord), [_values(e, tx.now, actor.id) for e in entries])
        tx.audit("qc.import", "qc_record", source, None, {"rows": len(entries)})
        return len(entries)


@dataclass(frozen=True)
class QcRow:
    id: int
    call_at: datetime
    call_ref: str
    agent_no: str
    agent: str
    group: str
    checker: str
    score: int
    full_score: int
    passed: bool
    missed: str
    errors: str
    note: str


def list_records(
    store: Store, month: date, group: str | None = None, agent_no: str | None = None
) -> list[QcRow]:
    """The month's records, newest call first; of one group or one agent when given
    (the group the agent is in now)."""
    start, end = month_bounds(month)
    checker = aliased(Staff)
    today = store.clock.now().date()  # the group shown is today's; filtering is too
    query = (
        sa.select(
            QcRecord.id, QcRecord.call_at, QcRecord.call_ref, Staff.staff_no, Staff.name,
            sa.func.coalesce(WorkGroup.name, ""), checker.name, QcRecord.score,
            QcRecord.full_score, QcRecord.passed, QcRecord.missed, QcRecord.errors,
            QcRecord.note,
        )
        .join(Staff, Staff.id == QcRecord.agent_id)
        .join(checker, checker.id == QcRecord.checker_id)
        .outerjoin(StaffGroup, member_on(today))
        .outerjoin(WorkGroup, WorkGroup.id == StaffGroup.group_id)
        .where(QcRecord.call_at >= start, QcRecord.call_at < end)
        .order_by(QcRecord.call_at.desc(), QcRecord.id.desc())
    )  # fmt: skip
    if group is not None:
        query = query.where(WorkGroup.name == group)
    if agent_no is not None:
        query = query.where(Staff.staff_no == agent_no)
    with store.read() as session:
        return [QcRow(*tuple(row)) for row in session.execute(query).all()]


@dataclass(frozen=True)
class QcSummary:
    """Calls checked, passed, and the error kinds found, of a person or a group."""

    key: str  # 工号, or the group's name
    name: str
    group: str
    checked: int
    passed: int
    answer_errors: int
    errors: tuple[tuple[str, int], ...]  # kind, times; most frequent first

    @property
    def rate_text(self) -> str:
        return fraction_percent(self.passed, self.checked) if self.checked else "无数据"


def summaries(rows: list[QcRow], by_group: bool = False) -> list[QcSummary]:
    """Per agent (or per group), the most checks failed first."""
    buckets: dict[str, list[QcRow]] = {}
    for row in rows:
        buckets.setdefault(row.group if by_group else row.agent_no, []).append(row)
    result = []
    for key, mine in buckets.items():
        kinds = Counter(kind for r in mine for kind in r.errors.split("、") if kind)
        first = mine[0]
        result.append(
            QcSummary(
                key,
                key if by_group else first.agent,
                first.group,
                len(mine),
                sum(r.passed for r in mine),
                sum(ANSWER_ERROR in r.errors for r in mine),
                tuple(kinds.most_common()),
            )  # fmt: skip
        )
    result.sort(key=lambda s: (s.passed - s.checked, s.key))
    return result


def month_figures(store: Store, months: list[date]) -> dict[date, dict[str, int]]:
    """For each month that has QC records: the counts the two indicators take from them
    (qc_sampled, qc_passed, accuracy_sampled, accuracy_correct). A month without
    records is absent: its entered counts stand."""
    if not months:
        return {}
    start = month_bounds(min(months))[0]
    end = month_bounds(max(months))[1]
    with store.read() as session:
        rows = session.execute(
            sa.select(QcRecord.call_at, QcRecord.passed, QcRecord.errors).where(
                QcRecord.call_at >= start, QcRecord.call_at < end
            )
        ).all()
    figures: dict[date, dict[str, int]] = {}
    for call_at, passed, errors in rows:
        month = pendulum.instance(call_at).in_timezone(BEIJING).date().replace(day=1)
        if month not in months:
            continue
        counts = figures.setdefault(
            month, {"qc_sampled": 0, "qc_passed": 0, "accuracy_sampled": 0, "accuracy_correct": 0}
        )
        counts["qc_sampled"] += 1
        counts["qc_passed"] += bool(passed)
        counts["accuracy_sampled"] += 1
        counts["accuracy_correct"] += ANSWER_ERROR not in errors
    return figures
