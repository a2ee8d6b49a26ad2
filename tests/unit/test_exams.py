"""Exams (在职考试) and business tests (业务测试): scores, resits, and 在职考试合格率 counted
from a month of sittings built by hand."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.clock import BEIJING
from hotline_tui.domain.indicators.report import rate_text, report
from hotline_tui.domain.quality import exams
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from tests.helpers import chief

MARCH = date(2027, 3, 1)


@pytest.fixture
def march(demo_store, clock):
    """2027-03 by hand, seen on 03-31: one exam (pass mark 60) of four people.

    1020 80 passed, 1021 50 failed, 1022 59 failed, 1023 60 passed → 2 of 4 (50.0 %).
    A resit on 03-25: 1021 70 passed (kept, not counted). A business test: 1030 90.
    """
    clock.set(pendulum.datetime(2027, 3, 31, 9, tz=BEIJING))
    boss = chief(demo_store)
    exam = exams.add_exam(demo_store, boss, "exam", "三月政策考试", date(2027, 3, 20), 60)
    for no, score in (("1020", 80), ("1021", 50), ("1022", 59), ("1023", 60)):
        exams.record_score(demo_store, boss, exam, no, score)
    resit = exams.add_exam(demo_store, boss, "exam", "三月政策考试", date(2027, 3, 25), 60,
                           resit_of=exam)  # fmt: skip
    assert exams.record_score(demo_store, boss, resit, "1021", 70) is True
    test = exams.add_exam(demo_store, boss, "test", "医保新政", date(2027, 3, 10), 80,
                          live_from=date(2027, 4, 1), zone="F")  # fmt: skip
    exams.record_score(demo_store, boss, test, "1030", 90)
    return {"exam": exam, "resit": resit, "test": test}


def test_the_exam_rate_counts_first_sittings_only(demo_store, clock, march):
    lines = {
        line.name: line for line in report(demo_store, MARCH, clock.now(), list_shifts(demo_store))
    }
    line = lines["在职考试合格率"]
    assert (line.month.numerator, line.month.denominator) == (2, 4)
    assert rate_text(line, line.month) == "50.0%"
    assert line.source == "考试记录"
    assert line.detail.startswith("按考试成绩计算（4 人次，不含补考）")
    sittings = {e.id: e for e in exams.exams_in_month(demo_store, MARCH)}
    assert (sittings[march["exam"]].taken, sittings[march["exam"]].passed) == (4, 2)
    assert (sittings[march["resit"]].taken, sittings[march["resit"]].passed) == (1, 1)
    assert [s.staff_no for s in exams.scores(demo_store, march["exam"])][:2] == ["1021", "1022"]


BAD_EXAM_INPUT = [
        (lambda s, a, m: exams.record_score(s, a, m["resit"], "1020", 90), "不需要补考"),
        (lambda s, a, m: exams.record_score(s, a, m["exam"], "1020", 70), "成绩已登记"),
        (lambda s, a, m: exams.record_score(s, a, m["exam"], "1030", 101), "0 到 100"),
        (lambda s, a, m: exams.record_score(s, a, m["exam"], "9999", 70), "不存在"),
        (lambda s, a, m: exams.record_score(s, a, m["exam"], "1001", 70), "不是在职的坐席人员"),
        (lambda s, a, m: exams.add_exam(s, a, "exam", " ", date(2027, 3, 30), 60), "请填写考试"),
        (lambda s, a, m: exams.add_exam(s, a, "exam", "x", date(2027, 3, 30), 120), "及格分"),
        (lambda s, a, m: exams.add_exam(s, a, "exam", "x", date(2027, 3, 19), 60, resit_of=m["exam"]), "之后的日期"),
        (lambda s, a, m: exams.add_exam(s, a, "test", "x", date(2027, 3, 28), 60, resit_of=m["exam"]), "同一类"),
    ]  # fmt: skip


def test_bad_exam_input_is_refused(demo_store, clock, march):
    # Every case on one database: each is refused before anything is written.
    for call, says in BAD_EXAM_INPUT:
        with pytest.raises(DomainError, match=says):
            call(demo_store, chief(demo_store), march)


def test_a_score_waits_for_the_exam_day(demo_store, clock, march):
    later = exams.add_exam(demo_store, chief(demo_store), "exam", "四月考试", date(2027, 4, 20), 60)
    with pytest.raises(DomainError, match="还没有到"):
        exams.record_score(demo_store, chief(demo_store), later, "1020", 80)


def test_a_business_test_marks_who_has_not_passed_once_its_policy_is_live(demo_store, clock):
    from hotline_tui.domain.people.roster import staff_by_no

    clock.set(pendulum.datetime(2027, 3, 31, 9, tz=BEIJING))
    boss = chief(demo_store)
    with pytest.raises(DomainError, match="上线的日期"):
        exams.add_exam(demo_store, boss, "test", "新政", date(2027, 3, 10), 80)
    with pytest.raises(DomainError, match="座位区“FF”无效"):
        exams.add_exam(demo_store, boss, "test", "新政", date(2027, 3, 10), 80,
                       live_from=date(2027, 3, 15), zone="ff")  # fmt: skip
    test = exams.add_exam(demo_store, boss, "test", "门诊共济", date(2027, 3, 10), 80,
                          live_from=date(2027, 3, 15), zone="f")  # fmt: skip
    (row,) = [e for e in exams.exams_in_month(demo_store, date(2027, 3, 1)) if e.id == test]
    assert row.title == "业务测试：门诊共济（F区，03-15 上线）"
    exams.record_score(demo_store, boss, test, "1020", 85)  # passed
    exams.record_score(demo_store, boss, test, "1021", 70)  # failed; 1022 never sat
    ids = {no: staff_by_no(demo_store, no).id for no in ("1020", "1021", "1022")}
    everyone = list(ids.values())

    def lacking(zone: str, day: date) -> dict[int, list[str]]:
        """This test's marks only (the demo's own 医保 test, live since 2026-11-15, too)."""
        found = exams.untested(demo_store, zone, day, everyone)
        mine = {pid: [t for t in topics if t == "门诊共济"] for pid, topics in found.items()}
        return {pid: topics for pid, topics in mine.items() if topics}

    assert lacking("F", date(2027, 3, 14)) == {}  # not live yet
    assert lacking("F", date(2027, 3, 16)) == {ids["1021"]: ["门诊共济"], ids["1022"]: ["门诊共济"]}
    assert exams.untested(demo_store, "A", date(2027, 3, 16), everyone) == {}  # other seats
    resit = exams.add_exam(demo_store, boss, "test", "门诊共济", date(2027, 3, 20), 80,
                           resit_of=test)  # fmt: skip
    exams.record_score(demo_store, boss, resit, "1021", 90)
    assert lacking("F", date(2027, 3, 21)) == {ids["1022"]: ["门诊共济"]}
