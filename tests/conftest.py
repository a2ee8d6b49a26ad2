"""Fixed data and a fixed clock: nothing here reads the real clock or the user's files."""

from __future__ import annotations

import fcntl
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from hotline_tui.clock import FixedClock
from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.demo.generate import load_demo
from hotline_tui.domain.setup import prepare
from hotline_tui.model.floorplan import load_floorplan
from tests import server_db

NOW = "2026-11-30 09:00:00"  # a Monday, during the early shift
TODAY = date(2026, 11, 30)
REPO = Path(__file__).resolve().parent.parent


def pytest_configure(config) -> None:
    """One audit-chain key for this run (each xdist worker its own), never the user's."""
    import os
    import tempfile

    if "hotline-test-" not in os.environ.get("HOTLINE_KEY_FILE", ""):
        os.environ["HOTLINE_KEY_FILE"] = str(
            Path(tempfile.mkdtemp(prefix="hotline-test-")) / "chain.key"
        )


def pytest_collection_modifyitems(session, config, items) -> None:
    """The tests that need no demo database first (a fourth of them), in their order:
    while the first worker builds the run's demo (ten seconds of a core), the others run
    these instead of waiting for it. Every worker sorts alike, as xdist requires."""
    items.sort(key=lambda item: "demo_template" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session", autouse=True)
def _demo_started_at_once(request) -> None:
    """The first worker builds the demo before its first test, whatever that test needs:
    it is ready by the time the others reach the tests that do."""
    if os.environ.get("PYTEST_XDIST_WORKER") == "gw0":
        request.getfixturevalue("demo_template")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """Keep tests away from the user's config and data directories."""
    monkeypatch.setenv("HOTLINE_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.delenv("HOTLINE_DB", raising=False)
    monkeypatch.setenv("HOTLINE_LOG_DIR", str(tmp_path / "logs"))
    # A config path that does not exist is an error only when set; point at a real empty file.
    (tmp_path / "no-config.toml").write_text("", encoding="utf-8")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


def _server_demo(prefix: str) -> str:
    name = server_db.create(prefix)
    store = Store.open(server_db.url_of(name), FixedClock(NOW))
    load_demo(store, prepare(store, Settings(db=server_db.url_of(name))), TODAY, seed=7)
    store.close()
    return name


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One demo database built per run, shared by its workers; each test works on its own copy.
    A file; on the PostgreSQL run (tests/server_db.py), a template database's name."""
    if server_db.on_server():
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        if run is None:  # one process: a template of its own, dropped after
            name = _server_demo("hotline_tpl")
            yield name
            server_db.drop(name)
            return
        # Workers of one run share one template, built by the first to ask: three builds
        # at once on two cores cost the PostgreSQL run half a minute. It is dropped by
        # the next run (or with the CI server), as a worker cannot know it is the last.
        shared = tmp_path_factory.getbasetemp().parent
        with open(shared / "pg-template.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            marker = shared / f"pg-template-{run}"
            if marker.exists():
                name = marker.read_text()
            else:
                server_db.drop_shared_templates()
                name = _server_demo(server_db.SHARED_TEMPLATE)
                marker.write_text(name)
        yield name
        return
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:  # one process: a template of its own
        path = tmp_path_factory.mktemp("template") / "demo.db"
        _file_demo(path)
        yield path
        return
    # Workers of one run share one file, built by the first to ask (each build is ten
    # seconds of a core); the others wait for it, then copy it like everyone.
    shared = tmp_path_factory.getbasetemp().parent
    path = shared / f"demo-{run}.db"
    with open(shared / "demo-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            building = shared / f"demo-{run}.building.db"
            building.unlink(missing_ok=True)
            _file_demo(building)
            building.rename(path)  # whole, or not there
    yield path


def _file_demo(path: Path) -> None:
    store = Store.open(str(path), FixedClock(NOW))
    load_demo(store, prepare(store, Settings(db=str(path))), TODAY, seed=7)
    store.close()


@pytest.fixture
def demo_file(demo_template, tmp_path: Path) -> Path:
    """A demo database file of this test's own (a copy of the session's), not opened."""
    if server_db.on_server():
        pytest.skip("a test of the SQLite file itself: run on SQLite only")
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


def _settings(db: str) -> Settings:
    return Settings(db=db, floorplan=REPO / "data" / "floorplan.toml")


def _own_store(tmp_path: Path, clock, template=None):
    """A store on a database of the test's own: a file, or on the PostgreSQL run a new
    database (a copy of ``template``, the demo's, when given)."""
    if server_db.on_server():
        name = server_db.create("hotline_t", template)
        store = Store.open(server_db.url_of(name), clock)
        return store, lambda: server_db.drop(name)
    path = tmp_path / (Path(template).name if template else "empty.db")
    if template:
        shutil.copy(template, path)
    return Store.open(str(path), clock), lambda: None


@pytest.fixture
def demo_store(demo_template, tmp_path, clock):
    store, dispose = _own_store(tmp_path, clock, demo_template)
    prepare(store, _settings(server_db.store_text(store)))
    yield store
    store.close()
    dispose()


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory):
    """A migrated database with nothing in it, per worker: migrating one takes a fifth of a
    second, and fifty tests ask for one. None on the PostgreSQL run (a new database there)."""
    if server_db.on_server():
        return None
    path = tmp_path_factory.mktemp("empty-template") / "empty.db"
    store = Store.open(str(path), FixedClock(NOW))
    prepare(store, _settings(str(path)))
    store.close()
    return path


@pytest.fixture
def empty_store(empty_template, tmp_path, clock):
    store, dispose = _own_store(tmp_path, clock, empty_template)
    prepare(store, _settings(server_db.store_text(store)))
    yield store
    store.close()
    dispose()


@pytest.fixture
def settings(demo_store) -> Settings:
    return _settings(server_db.store_text(demo_store))


@pytest.fixture
def floorplan():
    return load_floorplan(REPO / "data" / "floorplan.toml")
