"""个人档案: one person's month, QC, exams and replacement requests, counted by hand;
opened by keys from 人员."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec, SlaSpec
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rota import schedule
from hotline_tui.domain.clocks.replacements import request_replacement
from hotline_tui.domain.dossier import dossier
from hotline_tui.domain.quality import exams
from hotline_tui.domain.quality.records import add_record
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.workdays import Calendar
from tests import server_db
from tests.helpers import chief, manager
from tests.pilot import build_app, press, run, settle, wait_until


def at(day: int, hour: int = 10) -> pendulum.DateTime:
    return pendulum.datetime(2027, 3, day, hour, tz=BEIJING)


@pytest.fixture
def march_of_1020(demo_store, clock):
    """1020 in 2027-03, seen on 03-31: scheduled twice (出勤, 病假); three calls checked
    (100, 85 passed; 60 failed with 业务解答错误); an exam passed with 80; asked to be
    replaced once."""
    boss = chief(demo_store)
    early = list_shifts(demo_store)[0]
    clock.set(at(1, 8))
    schedule(demo_store, boss, date(2027, 3, 1), early, "1020")
    schedule(demo_store, boss, date(2027, 3, 2), early, "1020")
    mark(demo_store, boss, date(2027, 3, 1), early, "1020", "出勤")
    clock.set(at(2, 8))
    mark(demo_store, boss, date(2027, 3, 2), early, "1020", "病假")
    clock.set(at(31, 9))
    for day, ref, missed, errors in (
        (3, "D1", "", ""),
        (4, "D2", "4", "转接错误"),
        (5, "D3", "3", "1"),
    ):
        add_record(demo_store, boss, QcSpec(), at(day), ref, "1020", "1093", missed, errors)
    exam = exams.add_exam(demo_store, boss, "exam", "三月政策考试", date(2027, 3, 20), 60)
    exams.record_score(demo_store, boss, exam, "1020", 80)
    request_replacement(
        demo_store, manager(demo_store), Calendar(), SlaSpec(), "1020", "两次有效投诉"
    )
    return demo_store


def test_a_persons_record_counted_by_hand(march_of_1020, clock):
    d = dossier(march_of_1020, "1020", clock.now())
    assert (d.person.staff_no, d.month) == ("1020", date(2027, 3, 1))
    assert (d.arrived, d.scheduled) == (1, 2)
    assert dict(d.statuses) == {"出勤": 1, "病假": 1}
    assert d.qc_months[-1] == (date(2027, 3, 1), 3, 2)
    assert [m for m, _, _ in d.qc_months] == [date(2026, 10 + n, 1) for n in range(3)] + [
        date(2027, m, 1) for m in (1, 2, 3)
    ]
    ((failed_at, score, missed, errors),) = d.qc_failed
    assert (score, missed, errors) == (60, "业务解答准确", "业务解答错误")
    assert d.exams[0] == (date(2027, 3, 20), "在职考试：三月政策考试", 80, True)
    assert [reason for _, reason, _ in d.replacements][0] == "两次有效投诉"


@pytest.mark.skipif(server_db.on_server(), reason="screen flows: driven on the SQLite run")
def test_the_record_opens_from_the_people_screen(demo_store, settings, clock, floorplan):
    from hotline_tui.screens.people.dossier import DossierScreen
    from hotline_tui.screens.people.people import PeopleScreen

    async def scenario():
        app = build_app(settings, demo_store, clock, floorplan, manager(demo_store))
        async with app.run_test(size=(160, 48)) as pilot:
            await press(pilot, "f8")
            await settle(pilot)
            assert isinstance(app.screen, PeopleScreen)
            await press(pilot, "f", *"1023", "enter")
            await settle(pilot)
            await press(pilot, "v")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, DossierScreen)
            await wait_until(pilot, lambda: screen.data is not None)
            assert screen.data.person.staff_no == "1023"
            body = str(screen.query_one("#dossier-body").render())
            assert "本月考勤（2026-11）" in body and "质检（近六个月）" in body
            await press(pilot, "escape")
            await settle(pilot)
            assert isinstance(app.screen, PeopleScreen)

    run(scenario())
