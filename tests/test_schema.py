"""Alembic revisions: the list the program knows, and models matching the migrated schema."""

from __future__ import annotations

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
