"""Records that cannot go silently wrong (#30): files read whole, whatever they declare."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pendulum
import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from hotline_tui.clock import BEIJING
from hotline_tui.config import QcSpec
from hotline_tui.db.seals import image_of
from hotline_tui.db.tables import QcRecord, RotaEntry
from hotline_tui.db.types import UTCDateTime
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.exports.staff_list import write_staff
from hotline_tui.imports.qc_file import import_qc
from hotline_tui.imports.rota_file import import_rota
from hotline_tui.imports.staff_file import import_staff
from hotline_tui.imports.tabular import read_rows
from tests.helpers import chief, manager

# --- an XLSX is read by its rows, never by the size it declares -----------------------------


def declare(path, ref: str) -> None:
    """Rewrite the first sheet's <dimension> to ``ref``, as a careless program leaves it."""
    with zipfile.ZipFile(path) as src:
        items = [(item, src.read(item.filename)) for item in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item, data in items:
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data
                )
                assert n == 1
            out.writestr(item, data)


def workbook(path, rows) -> None:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)


def test_a_stale_dimension_rota_is_read_whole(demo_store, tmp_path):
    agents = [p.staff_no for p in list_staff(demo_store) if p.post == "组员"][:11]
    path = tmp_path / "rota.xlsx"
    workbook(path, [["工号", "日期", "班次"], *([no, "2027-01-05", "早班"] for no in agents)])
    declare(path, "A1:C2")
    assert len(read_rows(path)) == 12
    import_rota(demo_store, chief(demo_store), path, list_shifts(demo_store))
    with demo_store.read() as session:
        count = session.execute(
            sa.select(sa.func.count()).where(RotaEntry.day == date(2027, 1, 5))
        ).scalar_one()
    assert count == 11


def test_a_stale_dimension_staff_list_is_read_whole(demo_store, tmp_path):
    path = tmp_path / "staff.xlsx"
    written = write_staff(list_staff(demo_store), path)
    declare(path, "A1:H2")
    summary = import_staff(demo_store, manager(demo_store), path, check_only=True)
    assert summary.added + summary.changed + summary.unchanged == written > 100


def test_a_stale_dimension_qc_file_is_read_whole(demo_store, clock, tmp_path):
    clock.set(pendulum.datetime(2027, 4, 1, 9, tz=BEIJING))
    path = tmp_path / "qc.xlsx"
    calls = [[f"2027-03-{day:02d} 10:00", f"S{day}", "1020", "1093"] for day in range(2, 13)]
    workbook(path, [["通话时间", "通话编号", "坐席工号", "质检员工号"], *calls])
    declare(path, "A1:D2")
    assert import_qc(demo_store, chief(demo_store), path, QcSpec()) == 11
    with demo_store.read() as session:
        refs = session.execute(sa.select(QcRecord.call_ref).where(QcRecord.call_ref.like("S%")))
        assert len(refs.all()) == 11


def test_the_row_limit_counts_the_rows_really_there(tmp_path):
    path = tmp_path / "long.xlsx"
    workbook(path, [["工号", "日期", "班次"], *(["1020", "2027-01-05", "早班"] for _ in range(30))])
    declare(path, "A1:C2")  # "one row of data", over 30
    with pytest.raises(DomainError, match="超过 20 行"):
        read_rows(path, max_rows=20)


# --- a person's status is dated: a later change never rewrites a closed month -------------


def _marks(store, boss, early, day, marks) -> None:
    from hotline_tui.domain.attendance.marking import mark
    from hotline_tui.domain.attendance.rota import schedule

    for no, status in marks.items():
        schedule(store, boss, day, early, no)
        mark(store, boss, day, early, no, status)


def _set_statuses(path, statuses: dict[str, str], since: str | None = None) -> None:
    """Edit an exported staff list as an office would: the 状态 column, and perhaps the
    optional 状态生效日期."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    status_col = header.index("状态") + 1
    since_col = len(header) + 1
    if since is not None:
        sheet.cell(row=1, column=since_col, value="状态生效日期")
    for row in range(2, sheet.max_row + 1):
        no = str(sheet.cell(row=row, column=1).value)
        if no in statuses:
            sheet.cell(row=row, column=status_col, value=statuses[no])
            if since is not None:
                sheet.cell(row=row, column=since_col, value=since)
    book.save(path)


def _formal_rate(store, month_start: date, month_end: date, now, shifts) -> tuple[int, int]:
    from hotline_tui.domain.attendance.rates import rates

    rate = rates(store, month_start, month_end, now, shifts)[""]
    return rate.arrived, rate.scheduled


def test_a_status_flipping_import_and_a_screen_edit_leave_a_closed_month_as_it_was(
    demo_store, clock, tmp_path
):
    """2027-03 by hand, three formal agents and one on probation, then in April the
    office re-imports the staff list with the three set to 试用, and confirms the fourth.

    March, formal only: 1020 arrived twice, 1021 旷工 once, 1022 arrived once: 3 of 4
    (9001, on probation, not counted). April 2 after the changes: the three are on
    probation from that day and 9001 is formal: only 9001 counts, arrived: 1 of 1.
    """
    from hotline_tui.domain.attendance.sheet import monthly_sheet
    from hotline_tui.domain.dossier import dossier
    from hotline_tui.domain.people.manage import add_person, end_probation
    from hotline_tui.model.person_fields import PersonFields

    shifts = list_shifts(demo_store)
    early = shifts[0]
    boss, head = chief(demo_store), manager(demo_store)
    mar1, mar31, apr1, apr30 = (
        date(2027, 3, 1),
        date(2027, 3, 31),
        date(2027, 4, 1),
        date(2027, 4, 30),
    )
    clock.set(pendulum.datetime(2027, 3, 1, 9, tz=BEIJING))
    add_person(
        demo_store, head, PersonFields("9001", "试一", "综合坐席", "组员", "试用", mar1, "综合", "")
    )
    clock.set(pendulum.datetime(2027, 3, 3, 9, tz=BEIJING))
    _marks(
        demo_store, boss, early, date(2027, 3, 2), {"1020": "出勤", "1021": "旷工", "9001": "出勤"}
    )
    _marks(
        demo_store, boss, early, date(2027, 3, 3), {"1020": "出勤", "1022": "出勤", "9001": "病假"}
    )
    clock.set(pendulum.datetime(2027, 4, 2, 9, tz=BEIJING))
    now = clock.now()
    assert _formal_rate(demo_store, mar1, mar31, now, shifts) == (3, 4)

    # The office's re-import: the three set to 试用 (effective today, 04-02).
    sheet = tmp_path / "staff.xlsx"
    write_staff(list_staff(demo_store), sheet)
    _set_statuses(sheet, {"1020": "试用", "1021": "试用", "1022": "试用"})
    summary = import_staff(demo_store, head, sheet)
    assert (summary.changed, summary.status_changed) == (3, 3)
    assert "其中 3 人状态变动" in summary.text
    # And on the people screen's key z: 9001 formal from today.
    end_probation(demo_store, head, "9001")
    _marks(demo_store, boss, early, date(2027, 4, 2),
           {"1020": "出勤", "1021": "出勤", "1022": "事假", "9001": "出勤"})  # fmt: skip

    now = clock.now()
    assert _formal_rate(demo_store, mar1, mar31, now, shifts) == (3, 4)  # as it was
    assert _formal_rate(demo_store, apr1, apr30, now, shifts) == (1, 1)
    _, march = monthly_sheet(demo_store, mar1, now)
    assert sum(r.rate_arrived for r in march) == 3 and sum(r.rate_scheduled for r in march) == 4
    rows = {r.staff_no: r for r in march}
    assert (rows["1020"].rate_arrived, rows["1020"].rate_scheduled) == (2, 2)
    assert (rows["9001"].rate_arrived, rows["9001"].rate_scheduled) == (0, 0)
    # The person's record lists each status from its first day.
    spans = dossier(demo_store, "1020", now).status_history
    assert [(s.status, s.since_text) for s in spans] == [
        ("在职", "入职起"),
        ("试用", "2027-04-02 起"),
    ]


def test_a_status_change_may_not_reach_into_a_closed_month_or_the_future(
    demo_store, clock, tmp_path
):
    from hotline_tui.imports.staff_file import StaffFileError

    clock.set(pendulum.datetime(2026, 12, 3, 9, tz=BEIJING))
    head = manager(demo_store)
    for since, reason in (
        ("2026-11-30", "状态生效日期 2026-11-30 在已结束的月份"),
        ("2026-12-04", "状态生效日期 2026-12-04 还没到"),
        ("2026/13/01", "状态生效日期“2026/13/01”无效"),
    ):
        sheet = tmp_path / "staff.xlsx"
        write_staff(list_staff(demo_store), sheet)
        _set_statuses(sheet, {"1020": "试用"}, since)
        with pytest.raises(StaffFileError) as refused:
            import_staff(demo_store, head, sheet)
        assert len(refused.value.problems) == 1 and reason in refused.value.problems[0]
    # From the first of the open month: taken, from that day.
    _set_statuses(sheet, {"1020": "试用"}, "2026-12-01")
    assert import_staff(demo_store, head, sheet).status_changed == 1
    # What only the desk sets is refused by the sheet: 待撤换 and 离职.
    write_staff(list_staff(demo_store), sheet)
    _set_statuses(sheet, {"1021": "待撤换", "1022": "离职"})
    with pytest.raises(StaffFileError) as refused:
        import_staff(demo_store, head, sheet)
    problems = "\n".join(refused.value.problems)
    assert "待撤换由采购人的撤换要求登记" in problems and "离职请在人员屏幕" in problems


def test_the_staff_export_imports_back_unchanged(demo_store, tmp_path):
    """Whatever the export writes (a 待撤换 among them), the import takes back: 0 changed."""
    path = tmp_path / "staff.xlsx"
    people = list_staff(demo_store)
    assert any(p.status == "待撤换" for p in people) and any(p.status == "试用" for p in people)
    written = write_staff(people, path)
    summary = import_staff(demo_store, manager(demo_store), path)
    assert (summary.added, summary.changed, summary.unchanged) == (0, 0, written)


# --- check covers every record behind a figure or a right ----------------------------------

# (table, a change made outside the desk, the field check names): one row each.
OUTSIDE_EDITS = [
    (
        "attendance",
        "status = CASE WHEN status = '出勤' THEN '旷工' ELSE '出勤' END",
        "状态（status）",
    ),
    ("rota_entry", "source = 'hand-edit'", "来源（source）"),
    ("shift_swap", "note = note || '改'", "说明（note）"),
    ("overtime", "note = note || '改'", "说明（note）"),
    ("kpi_figure", "value = value + 1", "数值（value）"),
    ("urgent_issue", "closed_at = opened_at", "关闭时间（closed_at）"),
    ("fault", "reported_to = reported_to || '改'", "（reported_to）"),
    ("replacement_request", "reason = reason || '改'", "（reason）"),
    ("qc_record", "score = score + 1", "（score）"),
    ("exam_result", "score = score + 1", "（score）"),
    (
        "training_attendee",
        "status = CASE WHEN status = '出席' THEN '缺席' ELSE '出席' END",
        "（status）",
    ),
    ("escalation", "subject = subject || '改'", "（subject）"),
    ("staff_status", "status = '在职'", "（status）"),
    ("staff", "post = '项目经理'", "岗位（post）"),
    ("credential", "pin_hash = 'forged'", "PIN 散列值（pin_hash）"),
]


def _check_problems(store) -> list[str]:
    from tests import server_db

    return server_db.check_report(store).problems


def test_a_record_changed_outside_the_desk_is_named_by_check(demo_store):
    """One record of each kind changed by hand at once: each named once by one check
    (a check reads the whole file, so one run answers for all fifteen)."""
    from tests import server_db

    assert _check_problems(demo_store) == []
    changed = {}
    with server_db.outside(demo_store) as db:
        for table, change, _field in OUTSIDE_EDITS:
            key = "staff_id" if table == "credential" else "id"
            (row,) = db.rows(
                f"SELECT max({key}) FROM {table} WHERE {key} > 0"
                + (" AND post = '班长'" if table == "staff" else "")
            )[0:1]
            db.run(f"UPDATE {table} SET {change} WHERE {key} = ?", (row[0],))
            changed[table] = row[0]
    found = _check_problems(demo_store)
    for table, _change, field in OUTSIDE_EDITS:
        named = [p for p in found if f"（{table}）#{changed[table]}：" in p]
        assert len(named) == 1, (table, found)
        assert field in named[0] and "在程序之外改动" in named[0], named[0]
    assert len(found) == len(OUTSIDE_EDITS), found


def test_a_record_added_or_deleted_outside_and_a_forged_seal_are_named(demo_store):
    """A figure added by hand, an attendance mark deleted: each named. Writing the forged
    row's image into the seals as well breaks its transaction's digest, which the chain
    holds (and the chain's key is not in the file)."""
    from tests import server_db

    with server_db.outside(demo_store) as db:
        mark = db.rows("SELECT max(id) FROM attendance")[0][0]
        db.run("DELETE FROM attendance WHERE id = ?", (mark,))
        db.run(
            "INSERT INTO kpi_figure (month, key, value, entered_at) "
            "VALUES ('2027-01-01', 'calls_in', 5, '2026-11-30 01:00:00.000000')"
        )
        added = db.rows("SELECT max(id) FROM kpi_figure")[0][0]
    found = _check_problems(demo_store)
    assert any(f"（attendance）#{mark}：校验链中有这条记录，现在没有了" in p for p in found)
    assert any(f"（kpi_figure）#{added}：校验链中没有这条记录" in p for p in found)
    # The forger seals the deleted mark as deleted, in the last transaction's entries.
    with server_db.outside(demo_store) as db:
        audit_id = db.rows("SELECT max(audit_id) FROM row_seal")[0][0]
        db.run(
            "INSERT INTO row_seal (audit_id, tbl, row_key, image) VALUES (?, 'attendance', ?, NULL)",
            (audit_id, str(mark)),
        )
    found = _check_problems(demo_store)
    assert not any(f"（attendance）#{mark}" in p for p in found)
    assert any(f"操作记录 #{audit_id} 封存的记录与它的校验值不符" in p for p in found)


def test_a_database_from_before_the_seals_is_sealed_once_as_it_stood(tmp_path, clock):
    """A file at revision 0018 with a few records: the first open seals them all in one
    audited write; the next open does not again; a change outside is then named."""
    from alembic import command

    from hotline_tui.db import schema
    from hotline_tui.db.store import Store
    from hotline_tui.domain.health import check_database

    path = tmp_path / "old.db"
    old = Store(path, clock)
    with old.raw_write() as conn:
        config = schema.alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0018")
        conn.exec_driver_sql(
            "INSERT INTO kpi_figure (month, key, value, entered_at) "
            "VALUES ('2026-10-01', 'calls_in', 3000, '2026-11-01 01:00:00.000000')"
        )
    old.close()
    for _ in range(2):
        Store.open(str(path), clock).close()
    conn = sqlite3.connect(path)
    actions = [a for (a,) in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    conn.close()
    assert actions == ["integrity.baseline"]
    assert check_database(path, None).problems == []
    conn = sqlite3.connect(path)
    conn.execute("UPDATE kpi_figure SET value = 2999")
    conn.commit()
    conn.close()
    (found,) = check_database(path, None).problems
    assert "（kpi_figure）#1：数值（value）为 2999，校验链中为 3000" in found


# --- the chain does not depend on gapless ids --------------------------------------------


def _killed_mid_write(target: str, key_file: str) -> None:
    """A terminal killed in the middle of a write (kill -9, an SSH session dropped): its
    audit row was inserted, so a server's sequence number is spent, and never committed."""
    import os
    import signal

    from hotline_tui.clock import FixedClock
    from hotline_tui.db.store import Store
    from tests.conftest import NOW

    os.environ["HOTLINE_KEY_FILE"] = key_file
    store = Store.open(target, FixedClock(NOW))
    with store.write(None) as tx:
        tx.audit("test.dying", "database", "test")
        tx.session.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_writer_killed_mid_transaction_is_no_false_alarm_and_a_deletion_is_still_named(
    demo_store, clock
):
    import multiprocessing
    import os

    from hotline_tui.domain.attendance.marking import mark
    from tests import server_db
    from tests.helpers import shift

    with server_db.outside(demo_store) as db:
        before = db.rows("SELECT max(id) FROM audit_log")[0][0]
    process = multiprocessing.get_context("spawn").Process(
        target=_killed_mid_write,
        args=(server_db.store_text(demo_store), os.environ["HOTLINE_KEY_FILE"]),
    )
    process.start()
    process.join(timeout=60)
    assert process.exitcode == -9
    early = shift(demo_store, "early")
    boss = chief(demo_store)
    waiting = next(r for r in _board(demo_store, early) if not r.status)
    mark(demo_store, boss, date(2026, 11, 30), early, waiting.staff_no, "出勤")
    with server_db.outside(demo_store) as db:
        after, seq = db.rows("SELECT id, seq FROM audit_log ORDER BY id DESC LIMIT 1")[0]
        before_seq = db.rows("SELECT seq FROM audit_log WHERE id = ?", (before,))[0][0]
    if server_db.on_server():
        assert after == before + 2  # the killed writer's id was spent: a gap in the ids
    assert seq == before_seq + 1  # and none in the chain's own numbers
    assert _check_problems(demo_store) == []
    # A row really deleted from the middle is named by its number.
    with server_db.outside(demo_store) as db:
        victim, number = db.rows(
            "SELECT id, seq FROM audit_log WHERE seal IS NULL AND seq > 100 ORDER BY id LIMIT 1"
        )[0]
        db.run("DELETE FROM audit_log WHERE id = ?", (victim,))
    found = _check_problems(demo_store)
    assert any(f"前面缺少 1 条（第 {number} 条起被删除）" in p for p in found), found


def _board(store, sh):
    from hotline_tui.domain.attendance.board import board_for

    return board_for(store, date(2026, 11, 30), sh).rows


def test_a_row_image_is_the_text_the_chain_has_held_since_the_seals_began():
    """Images sealed by earlier versions are compared with images made now: the text is
    fixed (keys sorted, no spaces, Chinese as it is, empty values left out, dates and
    times as SQLite's text, a yes/no as 0/1), not whatever the encoder does today."""
    row = ['郝 "敏"', 88.5, None, True, date(2026, 11, 30), datetime(2026, 11, 30, 1, 30), 7]
    columns = ["name", "score", "note", "active", "day", "at", "id"]
    assert image_of(columns, row) == (
        '{"active":1,"at":"2026-11-30 01:30:00.000000","day":"2026-11-30","id":7,'
        '"name":"郝 \\"敏\\"","score":88.5}'
    )


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_an_aware_time_is_stored_as_its_utc_wall_time(zone):
    """Pendulum's times and the standard library's alike, on either side of a clock change."""
    stored = UTCDateTime().process_bind_param
    for moment in ("2026-03-08 01:59:59.250000", "2026-03-08 03:00:00", "2026-11-01 01:30:00"):
        naive = datetime.fromisoformat(moment)
        for aware in (pendulum.instance(naive, tz=zone), naive.replace(tzinfo=ZoneInfo(zone))):
            expected = aware.astimezone(UTC).replace(tzinfo=None)
            assert stored(aware, None) == expected  # type: ignore[arg-type]
            assert type(stored(aware, None)) is datetime  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        stored(datetime(2026, 1, 1), None)  # type: ignore[arg-type]
