"""The house rules that tools check: layers and cycles (docs/architecture.md), types, style."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept():
    # The contracts live in pyproject.toml ([tool.importlinter]); lint-imports reads them there.
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120
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


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path(sys.executable).parent / name)


def test_the_types_hold():
    # mypy's settings are in pyproject.toml: the rules and the store are typed in full.
    result = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_uniform():
    for command in (["check"], ["format", "--check"]):
        result = subprocess.run(
            [_tool("ruff"), *command, "hotline_tui", "tests", "benchmarks"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_no_test_waits_for_a_fixed_time():
    """A test waits for a condition (tests/pilot.py: settle, wait_until), never a time:
    the machine is shared and slow at times, and a 0.3 s pause already failed once."""
    import ast

    found = []
    for path in (REPO / "tests").glob("*.py"):
        if path.name == "pilot.py":  # its polls of 5 and 10 ms wait for a condition
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr in ("sleep", "pause") and (node.args or node.keywords):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert found == [], found
