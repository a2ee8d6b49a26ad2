"""Every seat-plan rule, on a copy of the demo database."""

from __future__ import annotations

import json
import multiprocessing as mp
from datetime import timedelta

import pytest
from sqlalchemy import update

from hotline_tui.clock import FixedClock
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Staff
from hotline_tui.domain.attendance.rota import scheduled
from hotline_tui.domain.floor import seating
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import ConflictError, DomainError
from tests import server_db
from tests.conftest import NOW, TODAY
from tests.helpers import audit_rows, chief, seated_count, shift, unseated


def empty_seats(plan) -> list[str]:
    return [s.label for s in plan.seats.values() if not s.occupied and not s.out_of_service]


def occupied_seats(plan) -> list[seating.SeatView]:
    return [s for s in plan.seats.values() if s.occupied]


def test_plan_for_the_demo_morning(demo_store):
    plan = seating.plan_for(demo_store, TODAY, shift(demo_store))
    seated = seated_count(demo_store, TODAY, shift(demo_store))
    assert len(plan.seats) == 94
    assert 40 <= seated <= 60  # the early shift of the demo's rota, seated
    assert plan.occupied == seated
    assert {s.label for s in plan.out_of_service} == {
        "B07",
        "D12",
        "C18",
    }  # C18: the demo's open network fault
    assert sum(n for _, _, n in plan.group_counts) == seated


def test_assign_writes_the_seat_and_its_audit_row(demo_store):
    sh, actor = shift(demo_store), chief(demo_store)
    plan = seating.plan_for(demo_store, TODAY, sh)
    label, person = empty_seats(plan)[0], unseated(demo_store, TODAY, sh)[0]
    seating.assign(demo_store, actor, TODAY, sh, label, person.staff_no)
    seat = seating.plan_for(demo_store, TODAY, sh).seats[label]
    assert (seat.staff_no, seat.assigned_by) == (person.staff_no, actor.name)
    assert seat.assigned_at.isoformat() == "2026-11-30T01:00:00+00:00"
    [row] = audit_rows(demo_store, "seat.assign")
    assert row.actor_id == actor.id
    assert row.entity_key == f"2026-11-30/early/{label}"
    assert json.loads(row.after)["staff_no"] == person.staff_no


def test_one_seat_one_person_names_who_has_it_and_since_when(demo_store):
    sh = shift(demo_store)
    plan = seating.plan_for(demo_store, TODAY, sh)
    taken = occupied_seats(plan)[0]
    person = unseated(demo_store, TODAY, sh)[0]
    with pytest.raises(ConflictError) as err:
        seating.assign(demo_store, chief(demo_store), TODAY, sh, taken.label, person.staff_no)
    assert taken.name in err.value.message
    assert seating.moment(taken.assigned_at) in err.value.message


def test_one_person_one_seat_per_shift(demo_store):
    sh = shift(demo_store)
    plan = seating.plan_for(demo_store, TODAY, sh)
    sitting = occupied_seats(plan)[0]
    with pytest.raises(ConflictError, match=f"已在座位 {sitting.label}"):
        seating.assign(
            demo_store, chief(demo_store), TODAY, sh, empty_seats(plan)[0], sitting.staff_no
        )


def test_the_same_person_may_sit_in_another_shift(demo_store):
    early, middle = shift(demo_store, "early"), shift(demo_store, "middle")
    plan = seating.plan_for(demo_store, TODAY, early)
    sitting = occupied_seats(plan)[0]
    free = empty_seats(seating.plan_for(demo_store, TODAY, middle))[0]
    seating.assign(demo_store, chief(demo_store), TODAY, middle, free, sitting.staff_no)


def test_nobody_on_an_out_of_service_seat(demo_store):
    sh = shift(demo_store)
    person = unseated(demo_store, TODAY, sh)[0]
    with pytest.raises(DomainError, match="B07 已停用"):
        seating.assign(demo_store, chief(demo_store), TODAY, sh, "B07", person.staff_no)


def test_unknown_seat_and_staff(demo_store):
    sh = shift(demo_store)
    with pytest.raises(DomainError, match="没有座位 Z99"):
        seating.assign(demo_store, chief(demo_store), TODAY, sh, "Z99", "1010")
    plan = seating.plan_for(demo_store, TODAY, sh)
    with pytest.raises(DomainError, match="工号 0000 不存在"):
        seating.assign(demo_store, chief(demo_store), TODAY, sh, empty_seats(plan)[0], "0000")


def test_unseat_and_a_stale_unseat(demo_store):
    sh = shift(demo_store)
    seat = occupied_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    assert (
        seating.unseat(demo_store, chief(demo_store), TODAY, sh, seat.label, expect=seat.staff_id)
        == seat.name
    )
    assert not seating.plan_for(demo_store, TODAY, sh).seats[seat.label].occupied
    with pytest.raises(ConflictError, match="现在是空的"):
        seating.unseat(demo_store, chief(demo_store), TODAY, sh, seat.label, expect=seat.staff_id)


def test_unseat_refuses_when_another_terminal_changed_the_seat(demo_store):
    sh = shift(demo_store)
    seat = occupied_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    seating.unseat(demo_store, chief(demo_store), TODAY, sh, seat.label)
    other = next(p for p in unseated(demo_store, TODAY, sh) if p.staff_no != seat.staff_no)
    seating.assign(demo_store, chief(demo_store), TODAY, sh, seat.label, other.staff_no)
    with pytest.raises(ConflictError, match=other.name):
        seating.unseat(demo_store, chief(demo_store), TODAY, sh, seat.label, expect=seat.staff_id)
    assert seating.plan_for(demo_store, TODAY, sh).seats[seat.label].staff_no == other.staff_no


def test_move_to_an_empty_seat(demo_store):
    sh = shift(demo_store)
    plan = seating.plan_for(demo_store, TODAY, sh)
    seat, free = occupied_seats(plan)[0], empty_seats(plan)[0]
    assert seating.move(demo_store, chief(demo_store), TODAY, sh, seat.label, free) == "move"
    after = seating.plan_for(demo_store, TODAY, sh)
    assert after.seats[free].staff_no == seat.staff_no
    assert not after.seats[seat.label].occupied


def test_swap_two_occupied_seats(demo_store):
    sh = shift(demo_store)
    a, b = occupied_seats(seating.plan_for(demo_store, TODAY, sh))[:2]
    assert seating.move(demo_store, chief(demo_store), TODAY, sh, a.label, b.label) == "swap"
    after = seating.plan_for(demo_store, TODAY, sh)
    assert (after.seats[a.label].staff_no, after.seats[b.label].staff_no) == (
        b.staff_no,
        a.staff_no,
    )
    assert after.occupied == seated_count(demo_store, TODAY, sh)
    [row] = audit_rows(demo_store, "seat.swap")
    assert json.loads(row.after) == {a.label: b.name, b.label: a.name}


def test_move_onto_an_out_of_service_seat_is_refused(demo_store):
    sh = shift(demo_store)
    seat = occupied_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    with pytest.raises(DomainError, match="D12 已停用"):
        seating.move(demo_store, chief(demo_store), TODAY, sh, seat.label, "D12")
    with pytest.raises(DomainError, match="相同"):
        seating.move(demo_store, chief(demo_store), TODAY, sh, seat.label, seat.label)


def test_out_of_service_and_back(demo_store, clock):
    shifts = list_shifts(demo_store)
    sh = shift(demo_store)
    free = empty_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    with pytest.raises(DomainError, match="请填写停用原因"):
        seating.take_out_of_service(demo_store, chief(demo_store), free, "   ", shifts)
    seating.take_out_of_service(demo_store, chief(demo_store), free, "耳机  没声音", shifts)
    seat = seating.plan_for(demo_store, TODAY, sh).seats[free]
    assert (seat.out_reason, seating.moment(seat.out_since)) == ("耳机 没声音", "11-30 09:00")
    # Out of service from now on: tomorrow's plan too, but not yesterday's.
    assert seating.plan_for(demo_store, TODAY + timedelta(days=1), sh).seats[free].out_of_service
    assert (
        not seating.plan_for(demo_store, TODAY - timedelta(days=1), sh).seats[free].out_of_service
    )
    with pytest.raises(ConflictError, match="已于 11-30 09:00 停用"):
        seating.take_out_of_service(demo_store, chief(demo_store), free, "again", shifts)
    clock.advance(hours=2)
    assert seating.return_to_service(demo_store, chief(demo_store), free) == "耳机 没声音"
    # Usable again at once, in this shift and the next days.
    assert not seating.plan_for(demo_store, TODAY, sh).seats[free].out_of_service
    tomorrow = seating.plan_for(demo_store, TODAY + timedelta(days=1), sh)
    assert not tomorrow.seats[free].out_of_service
    with pytest.raises(ConflictError, match="没有停用"):
        seating.return_to_service(demo_store, chief(demo_store), free)
    seating.assign(
        demo_store, chief(demo_store), TODAY, sh, free, unseated(demo_store, TODAY, sh)[0].staff_no
    )
    # Once the shift is over, its plan keeps the record that the seat was out.
    clock.advance(days=1)
    assert seating.plan_for(demo_store, TODAY, sh).seats[free].out_of_service


def test_an_occupied_seat_cannot_be_taken_out_of_service(demo_store):
    sh = shift(demo_store)
    seat = occupied_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    with pytest.raises(DomainError, match=f"已安排 {seat.name}"):
        seating.take_out_of_service(
            demo_store, chief(demo_store), seat.label, "坏了", list_shifts(demo_store)
        )


def test_copy_previous_plan_of_the_same_shift(demo_store):
    sh = shift(demo_store)
    tomorrow = TODAY + timedelta(days=1)
    assert seating.plan_for(demo_store, tomorrow, sh).occupied == 0
    assert seating.previous_plan_day(demo_store, tomorrow, sh) == TODAY
    today_plan = seating.plan_for(demo_store, TODAY, sh)
    on_rota = scheduled(demo_store, tomorrow, sh)
    out = {s.label for s in seating.plan_for(demo_store, tomorrow, sh).out_of_service}
    # By hand: today's seats of the people on tomorrow's rota; the others, said why.
    kept = {
        k: v.staff_no for k, v in today_plan.seats.items()
        if v.occupied and v.staff_id in on_rota and k not in out
    }  # fmt: skip
    left_out = sorted(
        f"{k} {v.name}（不在本班排班）" for k, v in today_plan.seats.items()
        if v.occupied and v.staff_id not in on_rota
    )  # fmt: skip
    result = seating.copy_previous(demo_store, chief(demo_store), tomorrow, sh)
    assert (result.source_day, result.copied) == (TODAY, len(kept))
    assert sorted(s for s in result.skipped if "不在本班排班" in s) == left_out
    copied = seating.plan_for(demo_store, tomorrow, sh)
    assert {k: v.staff_no for k, v in copied.seats.items() if v.occupied} == kept


def test_copy_skips_people_who_left_and_seats_out_of_service(demo_store):
    sh = shift(demo_store)
    yesterday = TODAY - timedelta(days=1)
    source = occupied_seats(seating.plan_for(demo_store, yesterday, sh))
    leaver, broken = source[0], source[1]
    before = seated_count(demo_store, yesterday, sh)
    with demo_store.write(None) as tx:
        tx.session.execute(update(Staff).where(Staff.id == leaver.staff_id).values(status="离职"))
        tx.audit("test.leave", "staff", leaver.staff_no)
    for other in list_shifts(demo_store):  # free the seat today so that it can go out of service
        if seating.plan_for(demo_store, TODAY, other).seats[broken.label].occupied:
            seating.unseat(demo_store, chief(demo_store), TODAY, other, broken.label)
    seating.take_out_of_service(
        demo_store, chief(demo_store), broken.label, "显示器坏", list_shifts(demo_store)
    )
    on_rota = scheduled(demo_store, TODAY, sh)
    result = seating.copy_previous(demo_store, chief(demo_store), TODAY, sh, replace=True)
    assert result.source_day == yesterday
    not_on_rota = [
        f"{s.label} {s.name}（不在本班排班）" for s in source[1:]
        if s.staff_id not in on_rota
    ]  # fmt: skip
    broken_line = (
        [] if broken.staff_id not in on_rota else [f"{broken.label} {broken.name}（座位停用）"]
    )
    assert sorted(result.skipped) == sorted(
        [f"{leaver.label} {leaver.name}（已离职）", *broken_line, *not_on_rota]
    )
    assert result.copied == before - len(result.skipped)
    after = seating.plan_for(demo_store, TODAY, sh)
    assert not after.seats[broken.label].occupied
    assert after.seat_of(leaver.staff_id) is None


def test_copy_onto_a_plan_with_assignments_needs_replace(demo_store):
    sh = shift(demo_store)
    seated = seated_count(demo_store, TODAY, sh)
    with pytest.raises(ConflictError, match=f"已有 {seated} 个座位安排"):
        seating.copy_previous(demo_store, chief(demo_store), TODAY, sh)
    result = seating.copy_previous(demo_store, chief(demo_store), TODAY, sh, replace=True)
    assert result.source_day == TODAY - timedelta(days=1)
    assert seating.plan_for(demo_store, TODAY, sh).occupied == result.copied


def test_copy_with_no_earlier_plan(empty_store):
    from hotline_tui.domain.people.manage import init_floor
    from hotline_tui.domain.people.roster import staff_by_no

    sh = shift(empty_store)
    init_floor(empty_store, "2001", "王芳", "135790", "135790")
    with pytest.raises(DomainError, match="之前没有早班的座位安排"):
        seating.copy_previous(empty_store, staff_by_no(empty_store, "2001"), TODAY, sh)


def _race(path: str, staff_no: str, label: str, barrier, results) -> None:
    store = Store.open(path, FixedClock(NOW))
    sh = shift(store)
    barrier.wait()
    try:
        seating.assign(store, chief(store), TODAY, sh, label, staff_no)
        results.put(("won", staff_no))
    except ConflictError as exc:
        results.put(("lost", exc.message))
    finally:
        store.close()


def test_two_processes_racing_for_one_seat(demo_store):
    sh = shift(demo_store)
    label = empty_seats(seating.plan_for(demo_store, TODAY, sh))[0]
    a, b = unseated(demo_store, TODAY, sh)[:2]
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(
            target=_race,
            args=(server_db.store_text(demo_store), p.staff_no, label, barrier, results),
        )
        for p in (a, b)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    outcomes = sorted(results.get(timeout=5) for _ in procs)
    assert [o[0] for o in outcomes] == ["lost", "won"]
    winner = outcomes[1][1]
    winner_name = a.name if winner == a.staff_no else b.name
    assert f"座位 {label} 已由 {winner_name}" in outcomes[0][1]
    assert seating.plan_for(demo_store, TODAY, sh).seats[label].staff_no == winner
