"""Alembic revisions: the list the program knows, and models matching the migrated schema."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from hotline_tui.db import revisions, schema
from hotline_tui.db.store import Store
from hotline_tui.db.tables import Base


def test_known_revisions_match_the_alembic_scripts():
    scripts = ScriptDirectory.from_config(schema.alembic_config())
    chain = [rev.revision for rev in scripts.walk_revisions()][::-1]
    assert tuple(chain) == revisions.KNOWN_REVISIONS
    assert scripts.get_current_head() == schema.HEAD


def test_a_new_database_is_migrated_to_head_and_matches_the_models(tmp_path, clock):
    store = Store.open(str(tmp_path / "new.db"), clock)
    with store.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.HEAD
        context = MigrationContext.configure(conn, opts={"include_name": schema.modelled})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_an_empty_file_becomes_a_database(tmp_path, clock):
    path = tmp_path / "empty.db"
    path.touch()
    store = Store.open(str(path), clock)
    assert schema.upgrade(store.engine, store.write_engine) is False  # already at head after open
    store.close()


def test_a_database_from_the_first_release_is_upgraded_in_place(tmp_path, clock):
    """Schema changes never need a wiped database: a 0001 file keeps its rows."""
    from alembic import command

    path = tmp_path / "old.db"
    old = Store(path, clock)
    with old.raw_write() as conn:
        config = schema.alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.exec_driver_sql("INSERT INTO work_group (name, sort_order) VALUES ('综合坐席', 0)")
    old.close()
    store = Store.open(str(path), clock)
    with store.engine.connect() as conn:
        assert schema.current_revision(conn) == schema.HEAD
        assert conn.exec_driver_sql("SELECT name FROM work_group").scalar() == "综合坐席"
        assert conn.exec_driver_sql("SELECT count(*) FROM handover").scalar() == 0
    store.close()


def test_0017_turns_the_date_of_the_end_of_probation_into_dated_spans(tmp_path, clock):
    """Each way the old columns could stand becomes the spans it meant."""
    from alembic import command

    path = tmp_path / "old.db"
    old = Store(path, clock)
    with old.raw_write() as conn:
        config = schema.alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0016")
        people = [  # staff_no, status, probation_ended_on, left_on
            ("1", "在职", None, None),  # formal all along
            ("2", "试用", None, None),  # still on probation
            ("3", "在职", "2026-11-20", None),  # confirmed on 11-20
            ("4", "待撤换", "9999-12-31", None),  # asked to be replaced on probation
            ("5", "离职", "2026-11-10", "2026-11-10"),  # left on probation
            ("6", "待撤换", None, None),  # formal, asked to be replaced on 11-25
        ]
        for no, status, ended, left in people:
            conn.exec_driver_sql(
                "INSERT INTO staff (staff_no, name, post, skills, status, pinyin_initials,"
                " pinyin_full, phone, probation_ended_on, left_on)"
                " VALUES (?, ?, '组员', '', ?, '', '', '', ?, ?)",
                (no, f"人{no}", status, ended, left),
            )
        conn.exec_driver_sql(
            "INSERT INTO replacement_request (staff_id, reason, requested_at, deadline,"
            " calendar_unknown, response) SELECT id, '投诉', '2026-11-24 17:00:00.000000',"
            " '2026-11-28 16:00:00.000000', '', '' FROM staff WHERE staff_no = '6'"
        )  # 11-24 17:00 UTC is 11-25 01:00 in Beijing
    old.close()
    store = Store.open(str(path), clock)
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT s.staff_no, t.status, t.probation, t.since, t.until FROM staff_status t"
            " JOIN staff s ON s.id = t.staff_id ORDER BY s.staff_no, t.since"
        ).all()
        columns = [c["name"] for c in sa.inspect(conn).get_columns("staff")]
    store.close()
    start = "0001-01-01"
    assert [tuple(r) for r in rows] == [
        ("1", "在职", 0, start, None),
        ("2", "试用", 1, start, None),
        ("3", "试用", 1, start, "2026-11-20"),
        ("3", "在职", 0, "2026-11-20", None),
        ("4", "待撤换", 1, start, None),
        ("5", "试用", 1, start, "2026-11-10"),
        ("5", "离职", 1, "2026-11-10", None),
        ("6", "在职", 0, start, "2026-11-25"),
        ("6", "待撤换", 0, "2026-11-25", None),
    ]
    assert "probation_ended_on" not in columns
