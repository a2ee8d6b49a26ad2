"""The seat plan from the rota (按排班排座): the fill's rules on a fixture floor built by
hand, then on the demo database: saving, idempotence, a rota changed under the preview,
two chiefs at once, zones and skills kept as audited settings, and the command."""

from __future__ import annotations

from datetime import date

import pytest

from hotline_tui.db.store import Store
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rota import unschedule
from hotline_tui.domain.floor import fill, zones
from hotline_tui.domain.floor.fill import Floor, Overflow, Person, Standing
from hotline_tui.domain.floor.seating import plan_for, unseat
from hotline_tui.domain.people.roster import staff_by_no
from hotline_tui.errors import ConflictError, DomainError
from tests import server_db
from tests.helpers import DEMO_PIN, at_once, audit_rows, chief, seated_count, shift

TOMORROW = date(2026, 12, 1)  # the demo's rota runs ahead; no plan yet


def person(n: int, group: str, *skills: str) -> Person:
    return Person(n, f"20{n:02d}", f"人{n}", group, 0, frozenset(skills))


def test_the_fill_on_a_fixture_floor():
    """综 has A01–A04 (A02 out of service, so not free); 医 has F01, F02, both needing 医保.

    p1 sat in A03 five times, p2 twice in A03 and once in A04: p1 keeps A03 (the strongest
    habit first), p2 gets A04, p3 the first free seat of the zone (A01). p4 has 医保 and
    takes F01; p5 lacks it and stands. p6 has no group, p7's group has no zone.
    """
    floor = Floor(
        people=[person(1, "综"), person(2, "综"), person(3, "综"), person(4, "医", "医保"),
                person(5, "医"), person(6, ""), person(7, "质")],
        free=["A01", "A03", "A04", "B01", "F01", "F02"],
        zones={"综": frozenset({"A01", "A02", "A03", "A04"}), "医": frozenset({"F01", "F02"})},
        skill_of={"F01": "医保", "F02": "医保"},
        habits={1: [("A03", 5)], 2: [("A03", 2), ("A04", 1)], 3: [("B01", 9)]},
    )  # fmt: skip
    placements, standing, overflows = fill.decide(floor)
    assert [(p.staff_no, p.label, p.why) for p in placements] == [
        ("2001", "A03", "常坐"), ("2002", "A04", "常坐"), ("2003", "A01", "本组座位区"),
        ("2004", "F01", "本组座位区"),
    ]  # fmt: skip
    assert standing == [
        Standing("2006", "人6", "", "没有工作组，无法确定座位区"),
        Standing("2007", "人7", "质", "工作组“质”还没有设定座位区"),
        Standing("2005", "人5", "医", "本组座位区的座位都需医保技能，本人没有"),
    ]
    # B01 is free but needs no skill and is outside 医's zone: offered, not taken.
    assert overflows == [Overflow("医", 1, "B", 1, "医保")]


def test_overflow_names_the_nearest_free_zone_and_seats_there_when_asked():
    """综 has two seats for four people. B (next to A) has three free, E (two rows down)
    four: B is nearest; with overflow the two left standing go to B01 and B02."""
    floor = Floor(
        people=[person(n, "综") for n in range(1, 5)],
        free=["A01", "A02", "B01", "B02", "B03", "E01", "E02", "E03", "E04"],
        zones={"综": frozenset({"A01", "A02"})},
        skill_of={},
        habits={},
        places={"A": (0, 0), "B": (1, 0), "E": (0, 2)},
    )
    _, standing, overflows = fill.decide(floor)
    assert [s.staff_no for s in standing] == ["2003", "2004"]
    assert overflows == [Overflow("综", 2, "B", 3)]
    placements, standing, _ = fill.decide(floor, overflow=True)
    assert [(p.label, p.why) for p in placements[2:]] == [
        ("B01", "临近 B 区"),
        ("B02", "临近 B 区"),
    ]
    assert standing == []


def _due(store: Store, day: date, code: str = "early") -> int:
    import sqlalchemy as sa

    from hotline_tui.db.tables import RotaEntry, Staff

    with store.read() as session:  # the agents and team leaders: the 值班长 takes no zone's seat
        return session.execute(
            sa.select(sa.func.count())
            .select_from(RotaEntry)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .where(
                RotaEntry.day == day,
                RotaEntry.shift_id == shift(store, code).id,
                Staff.post.in_(("班长", "组员")),
            )
        ).scalar_one()


def test_fill_saves_in_one_go_and_twice_changes_nothing(demo_store):
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    due = _due(demo_store, TOMORROW)
    assert preview.kept == 0 and len(preview.placements) == due > 30 and not preview.standing
    plan = plan_for(demo_store, TOMORROW, early)
    assert {p.label for p in preview.placements}.isdisjoint({s.label for s in plan.out_of_service})
    # Specialist seats only to those with the skill (the demo: E 社保, F 医保).
    people = {p.staff_no: staff_by_no(demo_store, p.staff_no) for p in preview.placements}
    for p in preview.placements:
        need = {"E": "社保", "F": "医保"}.get(p.label[0])
        assert need is None or need in people[p.staff_no].skills, p
    assert fill.apply_fill(demo_store, chief(demo_store), preview) == due
    assert seated_count(demo_store, TOMORROW, early) == due
    again = fill.preview_fill(demo_store, TOMORROW, early)
    assert (again.kept, again.placements, again.standing) == (due, (), ())
    with pytest.raises(DomainError, match="没有要安排的人"):
        fill.apply_fill(demo_store, chief(demo_store), again)
    (row,) = audit_rows(demo_store, "seat.fill")
    assert f'"assignments": {due}' in (row.after or "")


def test_the_habit_wins_and_people_seated_stay(demo_store):
    """1011 sat in A02 every early shift of the demo month; someone seated by hand stays."""
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    mine = next(p for p in preview.placements if p.staff_no == "1011")
    assert (mine.label, mine.why) == ("A02", "常坐")
    from hotline_tui.domain.floor.seating import assign

    other = next(p for p in preview.placements if p.staff_no != "1011")
    assign(demo_store, chief(demo_store), TOMORROW, early, preview.free[-1], other.staff_no)
    after = fill.preview_fill(demo_store, TOMORROW, early)
    assert after.kept == 1 and other.staff_no not in {p.staff_no for p in after.placements}


def test_a_rota_changed_under_the_preview_is_noticed(demo_store):
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    leaving = preview.placements[-1].staff_no
    unschedule(demo_store, chief(demo_store), TOMORROW, early, leaving)
    with pytest.raises(ConflictError, match="排班有变动"):
        fill.apply_fill(demo_store, chief(demo_store), preview)
    assert seated_count(demo_store, TOMORROW, early) == 0


def test_two_chiefs_filling_at_once_one_wins_and_the_other_is_told(demo_store, clock):
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    stores = [Store.open(server_db.store_text(demo_store), clock) for _ in range(2)]
    done: list[int] = []

    def write(store: Store, _n: int) -> None:
        done.append(fill.apply_fill(store, chief(store), preview))

    errors = at_once(stores, write)
    assert done == [len(preview.placements)]
    assert len(errors) == 1 and isinstance(errors[0], ConflictError)
    assert "在预览之后有变动（另一位值班长刚排了座" in errors[0].message
    assert seated_count(demo_store, TOMORROW, early) == len(preview.placements)


def test_the_chief_changes_the_preview_before_saving(demo_store):
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    first, second = preview.placements[0], preview.placements[1]
    free = preview.free[0]
    changed = preview.moved(first.staff_no, free).without(second.staff_no)
    assert (changed.placements[0].label, changed.placements[0].why) == (free, "值班长调整")
    assert second.staff_no in {s.staff_no for s in changed.standing}
    with pytest.raises(DomainError, match="不在可用的空位中"):
        changed.moved(first.staff_no, "Z99")
    fill.apply_fill(demo_store, chief(demo_store), changed)
    plan = plan_for(demo_store, TOMORROW, early)
    assert plan.seats[free].staff_no == first.staff_no
    assert plan.seat_of(staff_by_no(demo_store, second.staff_no).id) is None


def test_a_full_zone_leaves_people_standing_and_offers_the_nearest(demo_store, settings):
    """The 医保 group's zone cut to two seats: the rest stand, and the nearest zone with
    free seats they may take is offered; with overflow they sit there."""
    boss = chief(demo_store)
    insured = "专业坐席（医保）"
    f_seats = [f"F{n:02d}" for n in range(3, 11)]
    assert zones.set_zone_seats(demo_store, boss, insured, f_seats, member=False) == 8
    early = shift(demo_store, "early")
    places = {"A": (0, 0), "B": (1, 0), "C": (0, 1), "D": (1, 1), "E": (0, 2), "F": (1, 2)}
    preview = fill.preview_fill(demo_store, TOMORROW, early, places)
    mine = [p for p in preview.placements if p.group == insured]
    left = [s for s in preview.standing if s.group == insured]
    assert len(mine) == 2 and left and all(s.reason == "本组座位区已满" for s in left)
    (over,) = preview.overflows
    # F03–F10 are out of the zone but need 医保, which they have; F is nearest of all.
    assert (over.group, over.standing, over.zone) == (insured, len(left), "F")
    assert "加 --overflow 把他们安排到那里" in "\n".join(fill.preview_lines(preview))
    seated = fill.preview_fill(demo_store, TOMORROW, early, places, overflow=True)
    assert not [s for s in seated.standing if s.group == insured]
    # Once asked for, the overflow is told as done, not offered again.
    done = "\n".join(fill.preview_lines(seated, None))
    assert (
        "--overflow" not in done and f"{insured} {len(left)} 人：本组座位区已满，已安排到" in done
    )


def test_zones_and_skills_are_audited_settings(demo_store):
    boss = chief(demo_store)
    before = zones.read_zones(demo_store)
    assert before.seats_of["专业坐席（社保）"] == frozenset(f"E{n:02d}" for n in range(1, 13))
    assert before.skill_of["F01"] == "医保"
    assert zones.set_zone_seats(demo_store, boss, "质检", ["A01"], member=True) == 1
    assert zones.set_zone_seats(demo_store, boss, "质检", ["A01"], member=True) == 0
    assert zones.read_zones(demo_store).groups_of("A01") == ["综合坐席", "质检"]
    assert zones.set_seat_skill(demo_store, boss, ["A01", "A02"], "社保") == 2
    assert zones.read_zones(demo_store).skill_of["A02"] == "社保"
    for call, says in (
        (lambda: zones.set_seat_skill(demo_store, boss, ["A01"], "英语"), "没有“英语”这项技能"),
        (lambda: zones.set_zone_seats(demo_store, boss, "无此组", ["A01"], True), "没有工作组"),
        (lambda: zones.set_zone_seats(demo_store, boss, "质检", ["Z99"], True), "没有座位 Z99"),
    ):
        with pytest.raises(DomainError, match=says):
            call()
    assert len(audit_rows(demo_store, "zone.seats")) == 2
    assert len(audit_rows(demo_store, "zone.skill")) == 1


def test_the_command_prints_the_preview_and_saves_only_with_yes(demo_store, capsys):
    from tests.helpers import run_command as run

    db = ["--db", server_db.store_text(demo_store)]
    args = ["seat-plan", "fill", "--date", TOMORROW.isoformat(), "--shift", "早班", *db]
    code, out, _ = run(capsys, *args, "--as", "1004", stdin=DEMO_PIN)
    early = shift(demo_store, "early")
    due = _due(demo_store, TOMORROW)
    assert code == 0 and f"将安排 {due} 人" in out and "未保存" in out
    assert "A02  1011" in out
    assert seated_count(demo_store, TOMORROW, early) == 0
    code, out, _ = run(capsys, *args, "--as", "1004", "--yes", stdin=DEMO_PIN)
    assert code == 0 and f"已安排 {due} 人" in out
    assert seated_count(demo_store, TOMORROW, early) == due
    code, out, _ = run(capsys, *args, "--as", "1004", "--yes", stdin=DEMO_PIN)
    assert code == 0 and "没有要安排的人，未作改动" in out  # twice changes nothing
    code, _, err = run(capsys, "seat-plan", "fill", "--date", "2026-13-01", "--shift", "早班", *db,
                       "--as", "1004", stdin=DEMO_PIN)  # fmt: skip
    assert code == 2 and "日期" in err
    code, _, err = run(capsys, "seat-plan", "fill", "--date", "2026-12-01", "--shift", "夜班", *db,
                       "--as", "1004", stdin=DEMO_PIN)  # fmt: skip
    assert code == 2 and "没有班次“夜班”" in err
    code, _, err = run(capsys, *args)
    assert code == 2 and "--as" in err


def test_plan_and_rota_disagree_is_marked(demo_store):
    """Today's early plan: one seated person taken off the rota is 不在排班; one on the rota
    who arrived but was unseated is 已到岗未安排座位."""
    early = shift(demo_store, "early")
    today = date(2026, 11, 30)
    plan = plan_for(demo_store, today, early)
    assert plan.off_rota == [] and plan.unseated == []
    seated = sorted((v for v in plan.seats.values() if v.occupied), key=lambda v: v.label)
    off, up = seated[0], seated[1]
    mark(demo_store, chief(demo_store), today, early, up.staff_no, "出勤")
    unschedule(demo_store, chief(demo_store), today, early, off.staff_no)
    unseat(demo_store, chief(demo_store), today, early, up.label, None)
    plan = plan_for(demo_store, today, early)
    assert plan.off_rota == [off.label]
    assert [(u.staff_no, u.name) for u in plan.unseated] == [(up.staff_no, up.name)]


def test_a_changed_preview_never_puts_anyone_on_a_seat_needing_a_skill_they_lack(demo_store):
    early = shift(demo_store, "early")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    general = next(p for p in preview.placements if p.group == "综合坐席")
    insured = next(x for x in preview.free if x.startswith("F"))  # needs 医保
    with pytest.raises(DomainError, match=f"座位 {insured} 需要医保技能，{general.name} 没有"):
        fill.apply_fill(demo_store, chief(demo_store), preview.moved(general.staff_no, insured))
    assert seated_count(demo_store, TOMORROW, early) == 0


def test_a_zone_needing_a_skill_is_named_as_the_reason_not_a_full_zone():
    """社 has E01–E12, all needing 社保, all free; its two agents know 综合 only. 综 has
    A01 (no skill) and A02 (社保): of its two 综合 agents one sits, one does not, and
    A02 stays free. Neither zone is full; the reasons say what is really missing."""
    floor = Floor(
        people=[person(1, "社", "综合"), person(2, "社", "综合"), person(3, "综", "综合"),
                person(4, "综", "综合")],
        free=[f"E{n:02d}" for n in range(1, 13)] + ["A01", "A02"],
        zones={"社": frozenset(f"E{n:02d}" for n in range(1, 13)),
               "综": frozenset({"A01", "A02"})},
        skill_of={**{f"E{n:02d}": "社保" for n in range(1, 13)}, "A02": "社保"},
        habits={},
    )  # fmt: skip
    placements, standing, overflows = fill.decide(floor)
    assert [(p.staff_no, p.label) for p in placements] == [("2003", "A01")]
    assert [(s.staff_no, s.reason) for s in standing] == [
        ("2001", "本组座位区的座位都需社保技能，本人没有"),
        ("2002", "本组座位区的座位都需社保技能，本人没有"),
        ("2004", "本组座位区能坐的座位已满；空着的 1 个需社保技能，本人没有"),
    ]
    texts = [fill.overflow_text(o, "按 o ") for o in overflows]
    assert texts[0].startswith("社 2 人无座：本组座位区空着的座位需社保技能，他们没有")
    assert "已满" not in texts[0]


def test_people_marked_away_are_left_out_of_the_fill_with_the_reason(demo_store):
    """Leave booked ahead for tomorrow's early shift, and one 旷工: nobody so marked is
    seated; each is listed with why."""
    early = shift(demo_store, "early")
    due = [p.staff_no for p in fill.preview_fill(demo_store, TOMORROW, early).placements]
    on_leave, absent = due[0], due[1]
    boss = chief(demo_store)
    mark(demo_store, boss, TOMORROW, early, on_leave, "调休")
    mark(demo_store, boss, TOMORROW, early, absent, "旷工")
    preview = fill.preview_fill(demo_store, TOMORROW, early)
    assert {on_leave, absent}.isdisjoint(p.staff_no for p in preview.placements)
    reasons = {s.staff_no: s.reason for s in preview.standing}
    assert reasons == {on_leave: "请假（调休），不排座", absent: "旷工，不排座"}
    assert fill.apply_fill(demo_store, boss, preview) == len(due) - 2


def test_a_seat_held_by_someone_marked_away_is_named_on_the_plan(demo_store):
    """Today's early plan: a seated person calls in sick. The plan names the seat, and y
    offers to free it (plan.away)."""
    early = shift(demo_store, "early")
    today = date(2026, 11, 30)
    plan = plan_for(demo_store, today, early)
    before = dict(plan.away)
    seated = sorted((v for v in plan.seats.values() if v.occupied and v.label not in before),
                    key=lambda v: v.label)  # fmt: skip
    mark(demo_store, chief(demo_store), today, early, seated[0].staff_no, "事假")
    plan = plan_for(demo_store, today, early)
    assert plan.away == {**before, seated[0].label: "事假"} and plan.disagrees
