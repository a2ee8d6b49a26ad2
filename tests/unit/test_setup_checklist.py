"""开通清单 (#33): from an empty database to a first shift filled, through the command
line as a new floor would, the checklist read from the data at each step."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from openpyxl import Workbook

from hotline_tui.db.store import Store
from hotline_tui.demo.generate import build_staff
from hotline_tui.domain.floor import seating, zones
from hotline_tui.domain.people.manage import list_groups
from hotline_tui.domain.people.pins import reset_pin
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.domain.setup_checklist import needs_setup, setup_checklist
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.floorplan import load_floorplan
from tests import server_db
from tests.conftest import NOW, REPO, TODAY
from tests.helpers import run_command

PIN = "135790\n"

# A floor of its own in a file, backed up as a file: the SQLite run.
pytestmark = pytest.mark.skipif(
    server_db.on_server(), reason="a test of the SQLite file itself: run on SQLite only"
)


def _lines(store: Store, backups) -> dict[str, tuple[bool, str]]:
    return {i.name: (i.done, i.text) for i in setup_checklist(store, backups, store.clock.now())}


def test_an_empty_database_to_a_first_shift_turns_the_checklist_green(
    tmp_path, clock, capsys, monkeypatch
):
    db, backups = tmp_path / "floor.db", tmp_path / "backups"
    config = tmp_path / "config.toml"
    config.write_text(f'backup_dir = "{backups}"\n', encoding="utf-8")
    monkeypatch.setenv("HOTLINE_CONFIG", str(config))
    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW.replace(" ", "T"))
    cli = ["--db", str(db)]
    code, _, err = run_command(capsys, "init", *cli, "--manager", "2001", "--name", "王芳",
                               stdin=PIN * 2)  # fmt: skip
    assert code == 0, err
    store = Store.open(str(db), clock, create=False)
    try:
        first = _lines(store, backups)
        assert first["人员"] == (False, "在职 1 人（合同要求 121 人）")
        assert first["组长"] == (False, "还没有工作组")
        assert first["排班"] == (False, "今后 14 天中 14 天没有排班（"
                                f"{TODAY:%m-%d}、{TODAY + timedelta(days=1):%m-%d}、"
                                f"{TODAY + timedelta(days=2):%m-%d}、"
                                f"{TODAY + timedelta(days=3):%m-%d} 等 14 个）")  # fmt: skip
        assert first["PIN"] == (True, "能登录的 1 人都有 PIN")
        assert first["备份"] == (False, f"备份文件夹 {backups}；还没有备份")
        assert needs_setup(setup_checklist(store, backups, store.clock.now()))

        # The staff list as Excel in China saves it: 120 people in 8 groups, one 班长 each.
        people = [p for p in build_staff(3) if p["post"] != "项目经理"]
        sheet = tmp_path / "人员名单.csv"
        with sheet.open("w", encoding="gbk", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["工号", "姓名", "组", "岗位", "状态", "入职日期", "技能", "手机"])
            for n, p in enumerate(people, start=2):
                writer.writerow([str(n + 2000), p["name"], p["group"] or "", p["post"], "在职",
                                 "2026/01/05", p["skills"], ""])  # fmt: skip
        code, said, err = run_command(capsys, "import-staff", str(sheet), *cli, "--as", "2001",
                                      "--create-groups", stdin=PIN)  # fmt: skip
        assert code == 0, err
        groups = list_groups(store)
        leaders = {g.name: g.leader for g in groups}
        one_leader = [g for g in {p["group"] for p in people if p["group"]}
                      if sum(q["group"] == g and q["post"] == "班长" for q in people) == 1]  # fmt: skip
        assert all(leaders[g] for g in one_leader) and one_leader  # set from the sheet
        manager = staff_by_no(store, "2001")
        for g in groups:  # a group with two 班长 (or none) waits for a hand
            if not leaders[g.name]:
                from hotline_tui.domain.people.manage import set_leader

                lead = next(p for p in list_staff(store) if p.group == g.name and p.post == "班长")
                set_leader(store, manager, g.name, lead.staff_no)
        # Zones: the floor's 94 seats dealt out to the 8 groups, in rows of the plan.
        labels = load_floorplan(REPO / "data" / "floorplan.toml").labels
        names = [g.name for g in groups]
        for k, name in enumerate(names):
            zones.set_zone_seats(store, manager, name, labels[k :: len(names)], True)
        # PINs for everyone who signs in, given by the manager.
        for person in list_staff(store):
            if person.may_sign_in and person.staff_no != "2001":
                reset_pin(store, manager, person.staff_no)
        # Two weeks of rota, the chief's own layout: everyone on the early shift.
        days = [TODAY + timedelta(days=n) for n in range(14)]
        book = Workbook()
        book.active.append(["工号", "姓名", *days])
        for person in list_staff(store):
            if person.group:
                book.active.append([person.staff_no, person.name, *("早" for _ in days)])
        book.save(tmp_path / "排班.xlsx")
        code, said, err = run_command(capsys, "import-rota", str(tmp_path / "排班.xlsx"), *cli,
                                      "--as", "2001", stdin=PIN)  # fmt: skip
        assert code == 0, err
        early = list_shifts(store)[0]
        code, said, err = run_command(capsys, "seat-plan", "fill", *cli, "--date", str(TODAY),
                                      "--shift", "早", "--as", "2001", "--yes", stdin=PIN)  # fmt: skip
        assert code == 0 and "已安排" in said, err
        placed = int(said.rsplit("已安排 ", 1)[1].split(" 人")[0])
        assert seating.plan_for(store, TODAY, early).occupied == placed > 60
        before_backup = _lines(store, backups)
        assert [name for name, (done, _) in before_backup.items() if not done] == ["备份"]
        assert not needs_setup(setup_checklist(store, backups, store.clock.now()))
        code, said, err = run_command(capsys, "backup", *cli)
        assert code == 0, err
        assert all(done for done, _ in _lines(store, backups).values())
    finally:
        store.close()
