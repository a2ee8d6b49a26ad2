"""Fixed data and a fixed clock: nothing here reads the real clock or the user's files."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from hotline_tui.clock import FixedClock
from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.demo.generate import load_demo
from hotline_tui.domain.floor.floorplan import load_floorplan
from hotline_tui.domain.setup import prepare

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


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """One demo database built per run; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "demo.db"
    settings = Settings(db=str(path))
    store = Store.open(str(path), FixedClock(NOW))
    load_demo(store, prepare(store, settings), TODAY, seed=7)
    store.close()
    return path


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    """A demo database file of this test's own (a copy of the session's), not opened."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


def _settings(path: Path) -> Settings:
    return Settings(db=str(path), floorplan=REPO / "data" / "floorplan.toml")


@pytest.fixture
def demo_store(demo_template, tmp_path, clock):
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    store = Store.open(str(path), clock)
    prepare(store, _settings(path))
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path, clock):
    path = tmp_path / "empty.db"
    store = Store.open(str(path), clock)
    prepare(store, _settings(path))
    yield store
    store.close()


@pytest.fixture
def settings(demo_store) -> Settings:
    return _settings(demo_store.path)


@pytest.fixture
def floorplan():
    return load_floorplan(REPO / "data" / "floorplan.toml")
