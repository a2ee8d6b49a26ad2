"""Training sessions (培训): who was to attend, the roll call, and what a person's record
shows of them, on sessions built by hand."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.clock import BEIJING
from hotline_tui.domain.dossier import dossier
from hotline_tui.domain.quality import training
from hotline_tui.errors import ConflictError, DomainError
from tests.helpers import audit_rows, chief

MARCH = date(2027, 3, 1)
ANALYSTS = ("1117", "1118", "1119", "1120", "1121")  # 数据分析: its leader and four members


@pytest.fixture
def march(demo_store, clock):
    """2027-03 by hand, seen on 03-20 at 09:00.

    03-10 医保新政解读: the 数据分析 group (5) and 1005 were to attend (6). Marked 1117
    出席, 1118 迟到, 1119 请假, 1120 缺席; the rest present: 1121 and 1005 → 出席 3 +
    迟到 1 = 4 attended of 6. 03-25 话术复训, 1005 alone: not yet held. (1005, a 值班长,
    is in no group and on none of the demo's sessions.)
    """
    clock.set(pendulum.datetime(2027, 3, 20, 9, tz=BEIJING))
    boss = chief(demo_store)
    held = training.add_training(demo_store, boss, "医保新政解读", date(2027, 3, 10), "市医保局 王老师",
                                 "课件：共享盘/培训/2027-03", groups=["数据分析"],
                                 staff_nos=["1005"])  # fmt: skip
    for no, status in zip(ANALYSTS, ("出席", "迟到", "请假", "缺席"), strict=False):
        training.mark(demo_store, boss, held, no, status)
    assert training.rest_present(demo_store, boss, held) == 2
    ahead = training.add_training(demo_store, boss, "话术复训", date(2027, 3, 25), "业务培训组",
                                  staff_nos=["1005"])  # fmt: skip
    return {"held": held, "ahead": ahead}


def test_the_roll_call_counts_who_attended(demo_store, march):
    rows = {r.id: r for r in training.trainings_in_month(demo_store, MARCH)}
    held, ahead = rows[march["held"]], rows[march["ahead"]]
    assert (held.invited, held.attended, held.marked) == (6, 4, 6)
    assert (ahead.invited, ahead.attended, ahead.marked) == (1, 0, 0)
    assert [r.id for r in rows.values()] == [march["ahead"], march["held"]]  # latest first
    roll = {r.staff_no: r for r in training.roll(demo_store, march["held"])}
    assert {no: r.status for no, r in roll.items()} == {
        "1005": "出席", "1117": "出席", "1118": "迟到", "1119": "请假", "1120": "缺席",
        "1121": "出席",
    }  # fmt: skip
    assert roll["1117"].group == "数据分析" and roll["1005"].group == ""
    assert roll["1118"].arrived and not roll["1119"].arrived
    assert roll["1118"].marked_by == chief(demo_store).name
    # By group in the floor's order, then by 工号; those in no group last.
    assert list(roll) == [*ANALYSTS, "1005"]


def test_a_correction_is_audited_with_the_mark_it_replaces(demo_store, march):
    training.mark(demo_store, chief(demo_store), march["held"], "1120", "请假")
    last = audit_rows(demo_store, "training.mark")[-1]
    assert "缺席" in (last.before or "") and "请假" in (last.after or "")
    assert training.trainings_in_month(demo_store, MARCH)[1].attended == 4


def test_the_person_s_record_lists_training(demo_store, clock, march):
    record = dossier(demo_store, "1005", clock.now())
    assert [(t.day, t.topic, t.status) for t in record.trainings] == [
        (date(2027, 3, 25), "话术复训", ""),
        (date(2027, 3, 10), "医保新政解读", "出席"),
    ]
    assert record.trainings_attended == (1, 1)  # of those held: attended, were to attend


def test_invite_and_uninvite(demo_store, march):
    boss = chief(demo_store)
    training.invite(demo_store, boss, march["ahead"], "1021")
    assert [r.staff_no for r in training.roll(demo_store, march["ahead"])] == ["1021", "1005"]
    training.uninvite(demo_store, boss, march["ahead"], "1021")
    assert [r.staff_no for r in training.roll(demo_store, march["ahead"])] == ["1005"]


def test_every_group_invites_everyone_in_a_group(demo_store, clock):
    clock.set(pendulum.datetime(2027, 3, 20, 9, tz=BEIJING))
    session = training.add_training(demo_store, chief(demo_store), "消防演练", date(2027, 3, 21),
                                    "安保部", groups=["全部"])  # fmt: skip
    # 121 people, of whom 8 managers and chiefs are in no group (demo/generate.py).
    assert training.trainings_in_month(demo_store, MARCH)[0].invited == 121 - 8
    assert session


def test_an_edit_from_a_stale_form_is_refused(demo_store, march):
    boss = chief(demo_store)
    row = training.trainings_in_month(demo_store, MARCH)[0]
    training.edit_training(demo_store, boss, row.id, row.version, "话术复训（二）",
                           row.day, row.trainer, "讲义已发")  # fmt: skip
    with pytest.raises(ConflictError, match="刚在别处修改过"):
        training.edit_training(demo_store, boss, row.id, row.version, "别的名字", row.day,
                               row.trainer, "")  # fmt: skip
    assert training.trainings_in_month(demo_store, MARCH)[0].topic == "话术复训（二）"


BAD_TRAINING_INPUT = [
    (lambda s, a, m: training.add_training(s, a, " ", date(2027, 3, 22), "x", groups=["质检"]), "请填写培训主题"),
    (lambda s, a, m: training.add_training(s, a, "x", date(2027, 3, 22), " ", groups=["质检"]), "请填写培训人"),
    (lambda s, a, m: training.add_training(s, a, "x" * 41, date(2027, 3, 22), "y", groups=["质检"]), "不超过 40 字"),
    (lambda s, a, m: training.add_training(s, a, "x", date(2027, 3, 22), "y"), "请写明参加的工作组"),
    (lambda s, a, m: training.add_training(s, a, "x", date(2027, 3, 22), "y", groups=["无此组"]), "没有工作组“无此组”"),
    (lambda s, a, m: training.add_training(s, a, "x", date(2027, 3, 22), "y", staff_nos=["9999"]), "不存在"),
    (lambda s, a, m: training.mark(s, a, m["ahead"], "1005", "出席"), "还没有到"),
    (lambda s, a, m: training.rest_present(s, a, m["ahead"]), "还没有到"),
    (lambda s, a, m: training.mark(s, a, m["held"], "1005", "早退"), "没有“早退”这一标记"),
    (lambda s, a, m: training.mark(s, a, m["held"], "1030", "出席"), "不在这次培训的应参加名单中"),
    (lambda s, a, m: training.invite(s, a, m["held"], "1117"), "已在应参加名单中"),
    (lambda s, a, m: training.uninvite(s, a, m["held"], "1117"), "已点名为出席"),
    (lambda s, a, m: training.uninvite(s, a, m["ahead"], "1030"), "不在这次培训的应参加名单中"),
    (lambda s, a, m: training.edit_training(s, a, m["held"], 1, "x", date(2027, 3, 11), "y", ""), "不能改日期"),
    (lambda s, a, m: training.edit_training(s, a, m["held"], 1, "x", date(2027, 3, 10), "y", "z" * 501), "资料说明不超过 500 字"),
]  # fmt: skip


def test_bad_training_input_is_refused(demo_store, march):
    # Every case on one database: each is refused before anything is written.
    before = training.trainings_in_month(demo_store, MARCH)
    for call, says in BAD_TRAINING_INPUT:
        with pytest.raises(DomainError, match=says):
            call(demo_store, chief(demo_store), march)
    assert training.trainings_in_month(demo_store, MARCH) == before


def test_names_in_splits_as_the_floor_types():
    assert training.names_in(" 质检、数据分析，1020 1021;") == ["质检", "数据分析", "1020", "1021"]
