"""The layers of docs/architecture.md hold: no upward import, no UI below the widgets, no cycle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept():
    # The contracts live in pyproject.toml ([tool.importlinter]); lint-imports reads them there.
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [command, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "Contracts: 3 kept, 0 broken." in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0


def test_every_package_says_what_it_holds():
    # A newcomer reads the folder listing and each package's one-line docstring.
    for init in (REPO / "hotline_tui").rglob("__init__.py"):
        if "migrations" in init.parts:
            continue
        text = init.read_text(encoding="utf-8").strip()
        assert text.startswith('"""'), f"{init.relative_to(REPO)} has no docstring"
