"""The audit rows in words, and the filters of the 操作记录 screen, counted by hand."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from hotline_tui.db.tables import AuditLog
from hotline_tui.domain.audit_trail import AuditFilter, describe_change, list_audit
from hotline_tui.model.permissions import PermissionDenied
from tests.helpers import chief, manager


def test_changes_read_as_the_screens_name_things():
    def change(before, after, entity=""):
        return describe_change(
            json.dumps(before) if before is not None else None,
            json.dumps(after) if after is not None else None,
            entity=entity,
        )

    assert change({"status": "draft"}, {"status": "submitted"}) == "状态：草稿 → 待签收"
    assert change(None, {"state": "handling", "handler": 3}) == "状态：处理中；处理人：3"
    assert change(
        {"version": 1, "changed": []}, {"version": 2, "changed": ["traffic", "people"]}
    ) == ("版本：1 → 2；修改的部分：（无） → 话务情况、人员情况")
    assert change(None, {"name": "晚班"}, entity="shift_def") == "名称：晚班"
    assert change({"post": "组员"}, {"post": "班长"}, entity="staff") == "岗位：组员 → 班长"
    # Unchanged fields are left out; text a terminal would act on is shown, not obeyed.
    assert change({"a": 1, "name": "x"}, {"a": 1, "name": "\x1b[2Jx"}, entity="staff") == (
        "姓名：x → \\x1b[2Jx"
    )


def _count(store, where) -> int:
    with store.read() as session:
        return session.execute(
            sa.select(sa.func.count()).select_from(AuditLog).where(where)
        ).scalar_one()


def test_filters_by_person_day_and_kind_match_a_count_by_hand(demo_store):
    boss, person = manager(demo_store), chief(demo_store)
    everything, more = list_audit(demo_store, boss, AuditFilter(), limit=100_000)
    assert not more and len(everything) == _count(demo_store, sa.true())
    # The chief's rows, by 工号 and by pinyin initials alike.
    mine = _count(demo_store, AuditLog.actor_id == person.id)
    assert mine > 0
    for typed in (person.staff_no, person.pinyin_initials):
        rows, _ = list_audit(demo_store, boss, AuditFilter(person=typed), limit=100_000)
        assert len(rows) == mine and {r.actor_no for r in rows} == {person.staff_no}
    # One Beijing day: 2026-11-29 00:00 to 24:00 is 11-28 16:00 to 11-29 16:00 UTC.
    day, _ = list_audit(
        demo_store, boss, AuditFilter(since=date(2026, 11, 29), until=date(2026, 11, 29)), 100_000
    )
    by_hand = _count(
        demo_store,
        sa.and_(
            AuditLog.at >= datetime(2026, 11, 28, 16, tzinfo=UTC),
            AuditLog.at < datetime(2026, 11, 29, 16, tzinfo=UTC),
        ),
    )
    assert len(day) == by_hand > 0
    assert {r.at.date() for r in day} == {date(2026, 11, 29)}
    handovers, _ = list_audit(demo_store, boss, AuditFilter(kind="交接班"), 100_000)
    assert len(handovers) == _count(demo_store, AuditLog.entity == "handover")
    # Newest first, and capped where asked, saying there are more.
    capped, more = list_audit(demo_store, boss, AuditFilter(), limit=10)
    assert more and [r.id for r in capped] == [r.id for r in everything[:10]]
    assert all(a.at >= b.at for a, b in zip(everything, everything[1:], strict=False))


def test_only_managers_read_the_audit_trail(demo_store):
    with pytest.raises(PermissionDenied, match="值班长不能查看操作记录"):
        list_audit(demo_store, chief(demo_store), AuditFilter())


def test_every_audited_action_and_record_kind_has_words():
    """A new tx.audit("x.y", "table", …) anywhere must be named for the 操作记录 screen."""
    import ast

    from hotline_tui.domain.audit_trail import ACTIONS, KINDS
    from tests.conftest import REPO

    actions, kinds = set(), set()
    for path in (REPO / "hotline_tui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "audit" and len(node.args) >= 2
            ):  # fmt: skip
                for arg, found in zip(node.args[:2], (actions, kinds), strict=True):
                    if isinstance(arg, ast.Constant):
                        found.add(arg.value)
    assert actions and sorted(actions - set(ACTIONS)) == []
    assert kinds and sorted(kinds - set(KINDS)) == []


def test_a_record_is_named_in_words_with_the_person(demo_store, clock):
    """#34: the 记录 column says 2026-11-30 早班 张三（1023）, not 2026-11-30/early/1023,
    and 日报 2026-11-29, not day/2026-11-29."""
    from hotline_tui.domain.attendance.board import board_for
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.domain.reports.filing import save_remarks
    from hotline_tui.domain.shifts import list_shifts
    from hotline_tui.model.report_period import ReportPeriod
    from tests.conftest import TODAY

    early = list_shifts(demo_store)[0]
    row = next(r for r in board_for(demo_store, TODAY, early).rows if r.group)
    mark(demo_store, chief(demo_store), TODAY, early, row.staff_no, "病假")
    save_remarks(demo_store, chief(demo_store), ReportPeriod.day(TODAY), "夜间平稳", None)
    rows, _ = list_audit(demo_store, manager(demo_store), AuditFilter())
    keys: dict[str, str] = {}
    for r in rows:  # newest first: the two just made
        keys.setdefault(r.entity, r.key)
    assert keys["attendance"] == f"{TODAY} 早班 {row.name}（{row.staff_no}）"
    assert keys["work_report"] == f"日报 {TODAY}"
