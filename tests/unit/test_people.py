"""People and groups: the first run, hires, moves with history, leaving, replacement, groups,
and the staff list in and out (real-world files: GBK from Excel, UTF-8 with BOM, XLSX)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pendulum
import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from hotline_tui.clock import BEIJING
from hotline_tui.config import SlaSpec
from hotline_tui.db.tables import (
    ReplacementRequest,
    RotaEntry,
    SeatAssignment,
    Staff,
    StaffGroup,
    WorkGroup,
)
from hotline_tui.domain.attendance.marking import mark
from hotline_tui.domain.attendance.rates import rates
from hotline_tui.domain.attendance.rota import schedule
from hotline_tui.domain.clocks.replacements import request_replacement
from hotline_tui.domain.people.manage import (
    add_group,
    add_person,
    clear_leftovers,
    edit_person,
    end_probation,
    init_floor,
    leave,
    leftovers,
    list_groups,
    move_group,
    move_to_group,
    rename_group,
    set_leader,
)
from hotline_tui.domain.people.pins import verify
from hotline_tui.domain.people.roster import list_staff, nobody_yet, staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.exports.staff_list import write_staff
from hotline_tui.imports.staff_file import StaffFileError, import_staff
from hotline_tui.model.person_fields import PersonFields, check_fields
from hotline_tui.workdays import Calendar
from tests.conftest import TODAY
from tests.helpers import audit_rows

HEADER = ["工号", "姓名", "组", "岗位", "状态", "入职日期", "技能", "手机"]


def manager(store):
    return staff_by_no(store, "1001")


def person(no="3001", name="测试员", group="综合坐席", post="组员", status="在职", hired=None):
    return PersonFields(no, name, group, post, status, hired or date(2025, 3, 1), "综合", "")


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


# --- the first run ------------------------------------------------------------------------------


def test_the_first_manager_of_an_empty_database(empty_store):
    for pin, again, refusal in (
        ("12345", "12345", "PIN 太短"),
        ("12a456", "12a456", "PIN 只能是数字"),
        ("", "", "请输入 PIN"),
        ("1" * 40, "1" * 40, "PIN 太长"),
        ("888888", "888888", "全是同一个数字"),
        ("234567", "234567", "连续的数字"),
        ("135790", "135791", "两次输入的 PIN 不一致"),
    ):
        with pytest.raises(DomainError, match=refusal):
            init_floor(empty_store, "2001", "王经理", pin, again)
    with pytest.raises(DomainError, match=r"控制字符"):
        init_floor(empty_store, "2001", "王\x1b[31m经理", "135790", "135790")
    assert nobody_yet(empty_store)
    init_floor(empty_store, "2001", "王经理", "135790", "135790")
    boss = staff_by_no(empty_store, "2001")
    assert (boss.name, boss.post, boss.status, boss.pinyin_initials) == (
        "王经理",
        "项目经理",
        "在职",
        "wjl",
    )
    assert audit_rows(empty_store, "people.init")
    with pytest.raises(ConflictError, match="已经有人员"):
        init_floor(empty_store, "2002", "李四", "135790", "135790")
    with pytest.raises(DomainError, match="工号"):
        init_floor(empty_store, "20 01", "王", "135790", "135790")
    assert verify(empty_store, "2001", "135790").person == boss
    with empty_store.read() as session:  # only a slow salted hash is kept
        (stored,) = session.execute(sa.text("SELECT pin_hash FROM credential")).one()
    assert stored.startswith("$argon2id$") and "135790" not in stored


# --- one person -----------------------------------------------------------------------------------


def test_a_manager_adds_a_person_and_nobody_else_may(demo_store):
    add_person(demo_store, manager(demo_store), person())
    added = staff_by_no(demo_store, "3001")
    assert (added.group, added.post, added.pinyin_initials) == ("综合坐席", "组员", "csy")
    with pytest.raises(ConflictError, match="工号 3001 已被使用"):
        add_person(demo_store, manager(demo_store), person(name="另一个"))
    with pytest.raises(DomainError, match="没有“质量部”这个工作组"):
        add_person(demo_store, manager(demo_store), person("3002", group="质量部"))
    chief = staff_by_no(demo_store, "1004")
    with pytest.raises(DomainError, match="值班长不能管理人员和工作组"):
        add_person(demo_store, chief, person("3003"))


def test_edit_keeps_the_history_of_what_changed(demo_store):
    edit_person(
        demo_store, manager(demo_store), "1020", name="鲁悦曦", post="班长", skills="综合、社保",
        phone="+86 138 0013 8000",
    )  # fmt: skip
    after = staff_by_no(demo_store, "1020")
    assert (after.post, after.skills, after.phone) == ("班长", "综合,社保", "+86 138 0013 8000")
    [row] = audit_rows(demo_store, "people.edit")
    assert '"post": "组员"' in row.before and '"post": "班长"' in row.after
    with pytest.raises(DomainError, match="手机“=1\\+1”不是电话号码"):
        edit_person(demo_store, manager(demo_store), "1020", name="鲁悦曦", post="班长",
                    skills="综合", phone="=1+1")  # fmt: skip


def test_past_attendance_stays_in_the_group_of_its_day(demo_store, clock):
    """Moved on 2027-02-01: January's shifts count for 综合坐席, February's for 质检."""
    boss, chief = manager(demo_store), staff_by_no(demo_store, "1004")
    early = list_shifts(demo_store)[0]
    clock.set(pendulum.datetime(2027, 1, 5, 9, tz=BEIJING))
    schedule(demo_store, chief, date(2027, 1, 5), early, "1020")
    mark(demo_store, chief, date(2027, 1, 5), early, "1020", "出勤")
    clock.set(pendulum.datetime(2027, 2, 2, 9, tz=BEIJING))
    move_to_group(demo_store, boss, "1020", "质检", date(2027, 2, 1))
    schedule(demo_store, chief, date(2027, 2, 2), early, "1020")
    mark(demo_store, chief, date(2027, 2, 2), early, "1020", "出勤")
    now, shifts = clock.now(), list_shifts(demo_store)
    january = rates(demo_store, date(2027, 1, 5), date(2027, 1, 5), now, shifts)
    february = rates(demo_store, date(2027, 2, 2), date(2027, 2, 2), now, shifts)
    # Counted by hand: one scheduled and arrived shift each day, in that day's group.
    assert (january["综合坐席"].arrived, january["综合坐席"].scheduled) == (1, 1)
    assert "质检" not in january
    assert (february["质检"].arrived, february["质检"].scheduled) == (1, 1)
    assert "综合坐席" not in february
    with demo_store.read() as session:
        history = session.execute(
            sa.select(StaffGroup.since, StaffGroup.until)
            .join(Staff, Staff.id == StaffGroup.staff_id)
            .where(Staff.staff_no == "1020")
            .order_by(StaffGroup.since)
        ).all()
    assert history[-2][1] == date(2027, 2, 1) and history[-1] == (date(2027, 2, 1), None)


def test_moves_into_a_missing_group_or_the_future_are_refused(demo_store):
    boss = manager(demo_store)
    with pytest.raises(DomainError, match="没有“后勤”这个工作组"):
        move_to_group(demo_store, boss, "1020", "后勤", TODAY)
    with pytest.raises(DomainError, match="不能晚于今天"):
        move_to_group(demo_store, boss, "1020", "质检", TODAY + timedelta(days=1))
    with pytest.raises(DomainError, match="已经在综合坐席"):
        move_to_group(demo_store, boss, "1020", "综合坐席", TODAY)


def test_probation_ends(demo_store):
    on_probation = next(p for p in list_staff(demo_store) if p.status == "试用")
    end_probation(demo_store, manager(demo_store), on_probation.staff_no)
    assert staff_by_no(demo_store, on_probation.staff_no).status == "在职"
    with pytest.raises(DomainError, match="不在试用期"):
        end_probation(demo_store, manager(demo_store), on_probation.staff_no)


def test_leaving_keeps_the_history_and_lists_what_still_names_them(demo_store):
    boss, sh = manager(demo_store), list_shifts(demo_store)[0]
    seated = next(p for p in list_staff(demo_store) if p.group == "综合坐席" and p.post == "组员")
    with pytest.raises(DomainError, match="不能早于或等于入职日期"):
        leave(demo_store, boss, seated.staff_no, seated.hire_date, "辞职")
    tomorrow = TODAY + timedelta(days=1)
    with demo_store.write(None) as tx:  # tomorrow's plan and rota already name them
        tx.session.add(SeatAssignment(day=tomorrow, shift_id=sh.id, seat_id=50,
                                      staff_id=seated.id, assigned_at=tx.now))  # fmt: skip
        tx.audit("test.seat", "seat_assignment", "x")
    leave(demo_store, boss, seated.staff_no, tomorrow, "个人原因辞职")
    # Still on the staff today; gone from tomorrow's lists.
    assert seated.staff_no in {p.staff_no for p in list_staff(demo_store)}
    assert seated.staff_no not in {p.staff_no for p in list_staff(demo_store, on=tomorrow)}
    left = leftovers(demo_store, seated.staff_no, tomorrow)
    assert any(s.split()[-1][0] >= "A" for s in left.seats) and len(left.seats) == 1
    with demo_store.read() as session:
        rota_after = session.execute(
            sa.select(sa.func.count())
            .select_from(RotaEntry)
            .where(RotaEntry.staff_id == seated.id, RotaEntry.day >= tomorrow)
        ).scalar()
        history = session.execute(
            sa.select(sa.func.count()).select_from(RotaEntry).where(RotaEntry.staff_id == seated.id)
        ).scalar()
    assert len(left.rota) == rota_after > 0
    assert clear_leftovers(demo_store, boss, seated.staff_no) == (1, rota_after)
    assert leftovers(demo_store, seated.staff_no, tomorrow).empty
    with demo_store.read() as session:
        kept = session.execute(
            sa.select(sa.func.count()).select_from(RotaEntry).where(RotaEntry.staff_id == seated.id)
        ).scalar()
    assert kept == history - rota_after  # the past stays
    with pytest.raises(ConflictError, match="已登记"):
        leave(demo_store, boss, seated.staff_no, tomorrow, "再次")


def test_a_replacement_request_marks_the_person_and_is_not_doubled(demo_store):
    boss = manager(demo_store)
    agent = next(p for p in list_staff(demo_store) if p.post == "组员" and p.status == "在职")
    first = request_replacement(demo_store, boss, Calendar(), SlaSpec(), agent.staff_no, "两次投诉")
    again = request_replacement(demo_store, boss, Calendar(), SlaSpec(), agent.staff_no, "再次")
    assert first == again
    assert staff_by_no(demo_store, agent.staff_no).status == "待撤换"
    with demo_store.read() as session:
        requests = session.execute(
            sa.select(sa.func.count())
            .select_from(ReplacementRequest)
            .where(ReplacementRequest.staff_id == agent.id)
        ).scalar()
    assert requests == 1
    with pytest.raises(DomainError, match="撤换要求针对坐席人员"):
        request_replacement(demo_store, boss, Calendar(), SlaSpec(), "1004", "值班长")


# --- groups ---------------------------------------------------------------------------------------


def test_groups_are_added_renamed_ordered_and_led(demo_store):
    boss = manager(demo_store)
    add_group(demo_store, boss, "专业坐席（公积金）")
    with pytest.raises(ConflictError, match="已经有"):
        add_group(demo_store, boss, "质检")
    with pytest.raises(DomainError, match="公式"):
        add_group(demo_store, boss, "=组")
    rename_group(demo_store, boss, "专业坐席（公积金）", "公积金专席")
    move_group(demo_store, boss, "公积金专席", -1)
    names = [g.name for g in list_groups(demo_store)]
    assert names[-2] == "公积金专席" and names[-1] == "数据分析"
    leader = next(p for p in list_staff(demo_store) if p.post == "班长" and p.group == "质检")
    set_leader(demo_store, boss, "质检", leader.staff_no)
    assert next(g for g in list_groups(demo_store) if g.name == "质检").leader == leader.name
    with pytest.raises(DomainError, match="组长应为班长"):
        set_leader(demo_store, boss, "质检", "1004")
    other = next(p for p in list_staff(demo_store) if p.post == "班长" and p.group == "数据分析")
    with pytest.raises(DomainError, match="不在质检"):
        set_leader(demo_store, boss, "质检", other.staff_no)


# --- the staff list in ------------------------------------------------------------------------------


def test_every_bad_row_is_listed_and_nothing_is_saved(demo_store, tmp_path):
    rows = [
        ["3001", "新人甲", "综合坐席", "组员", "在职", "2026-11-02", "综合", ""],  # good
        ["3002", "新人乙", "后勤", "组员", "在职", "2026-11-02", "", ""],  # unknown group
        ["3003", "新人丙", "综合坐席", "坐席员", "在职", "2026-11-02", "", ""],  # unknown post
        ["3001", "新人丁", "综合坐席", "组员", "在职", "2026-11-02", "", ""],  # duplicate
        ["1020", "冒名", "综合坐席", "组员", "在职", "2026-11-02", "", ""],  # someone else's
        ["3004", "新人戊", "综合坐席", "组员", "在职", "2026-02-30", "", ""],  # bad date
        ["3005", "", "综合坐席", "组员", "在职", "2026-11-02", "", ""],  # empty name
        ["3006", "=HYPERLINK(1)", "综合坐席", "组员", "在职", "2026-11-02", "", ""],  # formula
        ["3007", "新人己", "综合坐席", "组员", "离职", "2026-11-02", "", ""],  # bad status
        ["3008", "新人庚", "综合坐席", "组员", "在职", "20261102", "", ""],  # not a named format
    ]
    path = write_csv(tmp_path / "名单.csv", rows)
    before = len(list_staff(demo_store, include_left=True))
    with pytest.raises(StaffFileError) as error:
        import_staff(demo_store, manager(demo_store), path)
    text = error.value.message
    for line, reason in (
        (4, "岗位“坐席员”不存在"), (5, "工号 3001 与第 2 行重复"), (6, "已是 鲁悦曦 的工号"),
        (7, "入职日期“2026-02-30”无效"), (8, "姓名不能为空"), (9, "会被电子表格当作公式"),
        (10, "新人员的状态只能是在职或试用，不能是离职"), (11, "入职日期“20261102”无效"),
    ):  # fmt: skip
        assert f"第 {line} 行：" in text and reason in text, (line, reason)
    assert "没有“后勤”这个工作组（第 3 行，共 1 行" in text
    assert len(list_staff(demo_store, include_left=True)) == before


def test_gbk_from_excel_then_a_corrected_sheet_updates_by_staff_number(demo_store, tmp_path):
    rows = [
        ["3001", "新人甲", "综合坐席", "组员", "试用", "2026/11/2", "综合", "13800138000"],
        ["3002", "新人乙", "新专席", "组员", "在职", "2026/11/2", "综合、社保", ""],
    ]
    path = write_csv(tmp_path / "excel.csv", rows, encoding="gbk")
    boss = manager(demo_store)
    checked = import_staff(demo_store, boss, path, create_groups=True, check_only=True)
    assert (checked.added, checked.changed, checked.groups) == (2, 0, ["新专席"])
    assert "新专席" not in {g.name for g in list_groups(demo_store)}  # --check saves nothing
    with pytest.raises(StaffFileError, match="新专席"):
        import_staff(demo_store, boss, path)  # a new group needs --create-groups
    saved = import_staff(demo_store, boss, path, create_groups=True)
    assert (saved.added, saved.changed, saved.unchanged) == (2, 0, 0)
    assert staff_by_no(demo_store, "3002").skills == "综合,社保"
    rows[0][4] = "在职"  # probation over, in the corrected sheet
    again = import_staff(demo_store, boss, write_csv(tmp_path / "v2.csv", rows, encoding="gbk"))
    assert (again.added, again.changed, again.unchanged) == (0, 1, 1)
    assert staff_by_no(demo_store, "3001").status == "在职"


def test_utf8_with_bom_and_xlsx_with_real_dates(demo_store, tmp_path):
    boss = manager(demo_store)
    bom = write_csv(tmp_path / "bom.csv", [["3001", "新人甲", "质检", "组员", "在职",
                                           "2026-11-02", "", ""]], encoding="utf-8-sig")  # fmt: skip
    assert import_staff(demo_store, boss, bom).added == 1
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["3002", "新人乙", "质检", "组员", "试用", date(2026, 11, 3), "综合", 13900139000])
    book.save(tmp_path / "名单.xlsx")
    assert import_staff(demo_store, boss, tmp_path / "名单.xlsx").added == 1
    added = staff_by_no(demo_store, "3002")
    assert (added.hire_date, added.phone, added.status) == (
        date(2026, 11, 3),
        "13900139000",
        "试用",
    )


def test_files_that_are_not_staff_lists(demo_store, tmp_path):
    boss = manager(demo_store)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(DomainError, match="是空的"):
        import_staff(demo_store, boss, empty)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(DomainError, match="不是有效的 XLSX 文件"):
        import_staff(demo_store, boss, fake)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("工号,日期,班次\n1020,2026-11-30,早班\n", encoding="utf-8")
    with pytest.raises(DomainError, match="缺少：姓名、组、岗位、状态、入职日期"):
        import_staff(demo_store, boss, wrong)
    chief = staff_by_no(demo_store, "1004")
    with pytest.raises(DomainError, match="值班长不能管理人员和工作组"):
        import_staff(demo_store, chief, write_csv(tmp_path / "ok.csv", []))


def test_a_sheet_of_ten_thousand_rows(demo_store, tmp_path):
    rows = [
        [f"T{n:05d}", f"测试{n}", "综合坐席", "组员", "在职", "2026-01-05", "综合", ""]
        for n in range(10_000)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    seen: list[tuple[int, int]] = []
    summary = import_staff(
        demo_store,
        manager(demo_store),
        path,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert summary.added == 10_000
    assert seen[-1] == (10_000, 10_000) and len(seen) == 20  # every 500 rows
    with demo_store.read() as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Staff)).scalar() == 10_121


def test_fields_are_checked_the_same_way_in_the_form(demo_store):
    fields, problems = check_fields({"staff_no": "3001", "name": "组员甲", "group": "",
                                     "post": "组员", "status": "在职", "hire_date": "2026-11-02"},
                                    TODAY)  # fmt: skip
    assert fields is None and problems == ["组员要写明所在的组"]


# --- the staff list out -------------------------------------------------------------------------------


def test_the_staff_list_written_back_reads_back(demo_store, tmp_path):
    add_person(demo_store, manager(demo_store),
               PersonFields("3001", "@某人", "质检", "组员", "在职", date(2026, 11, 2), "综合", ""))  # fmt: skip
    path = tmp_path / "out.xlsx"
    people = list_staff(demo_store)
    assert write_staff(people, path) == len(people)
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == HEADER
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    # Shown as written, stored as text a spreadsheet never evaluates, even once edited.
    assert rows["3001"][1].value == "@某人" and rows["3001"][1].quotePrefix
    assert rows["3001"][5].value.date() == date(2026, 11, 2)  # a real date
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_group_names_from_a_sheet_are_normalised_and_typos_caught(demo_store, tmp_path):
    """#33: 专业坐席(医保) is 专业坐席（医保）; 综合座席 (one character off) and 知识库彩编 (same
    pinyin) are refused as typos even with --create-groups, naming the group meant; a
    new group whose rows hold one 班长 is led by them."""
    from hotline_tui.model.group_names import looks_like, normalised

    assert normalised(" 专业坐席 (医保) ") == "专业坐席（医保）"
    groups = ["综合坐席", "知识库采编", "质检"]
    assert looks_like("综合座席", groups) == "综合坐席"
    assert looks_like("知识库彩编", groups) == "知识库采编"
    assert looks_like("综合", groups) is None and looks_like("投诉回访", groups) is None

    boss = manager(demo_store)
    typos = write_csv(tmp_path / "typos.csv", [
        ["3001", "新人甲", "综合座席", "组员", "在职", "2026/11/2", "", ""],
        ["3002", "新人乙", "知识库彩编", "组员", "在职", "2026/11/2", "", ""],
    ])  # fmt: skip
    with pytest.raises(StaffFileError) as refused:
        import_staff(demo_store, boss, typos, create_groups=True)
    assert refused.value.problems == [
        "没有“综合座席”这个工作组（第 2 行，共 1 行）——是不是“综合坐席”？",
        "没有“知识库彩编”这个工作组（第 3 行，共 1 行）——是不是“知识库采编”？",
    ]
    sheet = write_csv(tmp_path / "ok.csv", [
        ["3001", "新人甲", "专业坐席(医保)", "组员", "在职", "2026/11/2", "", ""],
        ["3002", "新人乙", "投诉回访", "班长", "在职", "2026/11/2", "", ""],
        ["3003", "新人丙", "投诉回访", "组员", "在职", "2026/11/2", "", ""],
    ])  # fmt: skip
    saved = import_staff(demo_store, boss, sheet, create_groups=True)
    assert (saved.added, saved.groups) == (3, ["投诉回访"])
    assert staff_by_no(demo_store, "3001").group == "专业坐席（医保）"
    led = {g.name: g.leader for g in list_groups(demo_store)}
    assert led["投诉回访"] == "新人乙"
    (made,) = [a for a in audit_rows(demo_store, "group.leader") if a.entity_key == "投诉回访"]
    assert made.actor_id == boss.id


def test_an_empty_group_is_deleted_one_with_people_or_history_is_not(demo_store):
    """#33: a mistyped group nobody was ever in goes (its zone's seats with it); a group
    with people, or one people were in, stays, the refusal naming why."""
    from hotline_tui.domain.floor.zones import read_zones, set_zone_seats
    from hotline_tui.domain.people.manage import add_group, delete_group

    boss = manager(demo_store)
    add_group(demo_store, boss, "综合座席")
    set_zone_seats(demo_store, boss, "综合座席", ["A01", "A02"], True)
    delete_group(demo_store, boss, "综合座席")
    assert "综合座席" not in {g.name for g in list_groups(demo_store)}
    assert "综合座席" not in read_zones(demo_store).seats_of
    (gone,) = audit_rows(demo_store, "group.delete")
    assert gone.entity_key == "综合座席" and '"seats": ["A01", "A02"]' in gone.before
    with pytest.raises(DomainError, match="“质检”还有 \\d+ 人，请先把他们调到别的组"):
        delete_group(demo_store, boss, "质检")
    add_group(demo_store, boss, "临时组")
    person = staff_by_no(demo_store, "1010")
    move_to_group(demo_store, boss, person.staff_no, "临时组", TODAY - timedelta(days=3))
    move_to_group(demo_store, boss, person.staff_no, person.group, TODAY)
    with pytest.raises(DomainError, match="“临时组”有过组员（1 条调组记录"):
        delete_group(demo_store, boss, "临时组")


def _rows_of(store, staff_id):
    with store.read() as session:
        rows = session.execute(
            sa.select(StaffGroup.group_id, StaffGroup.since, StaffGroup.until)
            .where(StaffGroup.staff_id == staff_id)
            .order_by(StaffGroup.since, StaffGroup.id)
        ).all()
    return [tuple(r) for r in rows]


def test_a_mistyped_group_merged_into_the_right_one_leaves_no_trace(demo_store):
    """#33: people put into a mistyped group today, its leader and its zone go to the
    group meant; no rota day counted it, so its history is the target's and it goes."""
    from hotline_tui.domain.floor.zones import read_zones, set_zone_seats
    from hotline_tui.domain.people.manage import merge_group

    boss = manager(demo_store)
    add_group(demo_store, boss, "投诉回访")
    add_group(demo_store, boss, "投诉回访组")  # the mistyped one
    leader, agent = (
        next(p for p in list_staff(demo_store) if p.post == post and p.group)
        for post in ("班长", "组员")
    )
    for who in (leader, agent):
        move_to_group(demo_store, boss, who.staff_no, "投诉回访组", TODAY)
    set_leader(demo_store, boss, "投诉回访组", leader.staff_no)
    set_zone_seats(demo_store, boss, "投诉回访", ["E01"], True)
    set_zone_seats(demo_store, boss, "投诉回访组", ["E01", "E02", "E03"], True)

    done = merge_group(demo_store, boss, "投诉回访组", "投诉回访")

    assert (done.moved, done.seats, done.kept) == (2, 2, False)
    assert done.text("投诉回访组", "投诉回访") == (
        "已把“投诉回访组”并入“投诉回访”：2 人调到投诉回访，2 个座位并入其座位区，“投诉回访组”已删除。"
    )
    groups = {g.name: g for g in list_groups(demo_store)}
    assert "投诉回访组" not in groups
    assert (groups["投诉回访"].members, groups["投诉回访"].leader) == (2, leader.name)
    assert read_zones(demo_store).seats_of["投诉回访"] == {"E01", "E02", "E03"}
    rows = _rows_of(demo_store, agent.id)
    # The row of the mistyped group is now the target's: moved in today, as they were.
    with demo_store.read() as session:
        target_id = session.execute(
            sa.select(WorkGroup.id).where(WorkGroup.name == "投诉回访")
        ).scalar_one()
    assert rows[-1] == (target_id, TODAY, None) and rows[-2][2] == TODAY
    assert staff_by_no(demo_store, agent.staff_no).group == "投诉回访"
    (merged,) = audit_rows(demo_store, "group.merge")
    assert merged.actor_id == boss.id and merged.entity_key == "投诉回访组"
    assert sorted(json.loads(merged.before)["people"]) == sorted([leader.staff_no, agent.staff_no])
    assert json.loads(merged.after) == {
        "into": "投诉回访",
        "since": None,
        "seats": 2,
        "kept": False,
    }


def test_a_merged_group_with_worked_days_keeps_them(demo_store):
    """#33: a group people worked in keeps their past days (a closed month's figures do
    not move); its people are in the target from today and it stays, empty."""
    from hotline_tui.domain.people.manage import merge_group
    from hotline_tui.domain.people.roster import group_on

    boss = manager(demo_store)
    with demo_store.read() as session:
        staff_id, day = session.execute(
            sa.select(RotaEntry.staff_id, RotaEntry.day)
            .join(Staff, Staff.id == RotaEntry.staff_id)
            .where(Staff.post == "组员", RotaEntry.day == TODAY - timedelta(days=2))
            .limit(1)
        ).one()
        agent = session.get(Staff, staff_id)
        staff_no, home = agent.staff_no, agent.group_id
    original = staff_by_no(demo_store, staff_no).group
    add_group(demo_store, boss, "临时组")
    move_to_group(demo_store, boss, staff_no, "临时组", TODAY - timedelta(days=3))
    now = pendulum.datetime(TODAY.year, TODAY.month, TODAY.day, 23, tz=BEIJING)
    before = rates(demo_store, day, day, now, list_shifts(demo_store))

    done = merge_group(demo_store, boss, "临时组", original)

    assert (done.moved, done.seats, done.kept) == (1, 0, True)
    assert done.text("临时组", original).endswith(
        "已排过班的日子仍按“临时组”统计，该组保留（0 人）。"
    )
    assert rates(demo_store, day, day, now, list_shifts(demo_store)) == before
    with demo_store.read() as session:
        assert group_on(session, staff_id, day) == "临时组"
        assert group_on(session, staff_id, TODAY) == original
    assert {g.name: g.members for g in list_groups(demo_store)}["临时组"] == 0
    assert staff_by_no(demo_store, staff_no).group == original and home is not None


def test_merging_a_group_refuses_itself_and_unknown_names(demo_store):
    from hotline_tui.domain.people.manage import merge_group

    boss = manager(demo_store)
    with pytest.raises(DomainError, match="不能并入自己"):
        merge_group(demo_store, boss, "质检", "质检")
    with pytest.raises(DomainError, match="没有“综合座席”这个工作组"):
        merge_group(demo_store, boss, "综合座席", "质检")
