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
    assert "Contracts: 4 kept, 0 broken." in result.stdout, result.stdout + result.stderr
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
    checked = 0
    for path in (REPO / "tests").rglob("test_*.py"):
        checked += 1
        if path.name == "pilot.py":  # its polls of 5 and 10 ms wait for a condition
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr in ("sleep", "pause") and (node.args or node.keywords):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert checked > 50 and found == [], found


def test_the_light_rules_load_no_database_and_no_screen():
    """Every module of hotline_tui.model imported in a fresh interpreter: none of the
    heavy packages comes along (the first frame and every layer may use them)."""
    heavy = ("sqlalchemy", "alembic", "textual", "rich", "openpyxl", "reportlab", "argon2",
             "holidays", "pypinyin", "pydantic", "sqlmodel")  # fmt: skip
    code = (
        "import importlib, pkgutil, sys\n"
        "import hotline_tui.model as model\n"
        "names = [m.name for m in pkgutil.iter_modules(model.__path__, 'hotline_tui.model.')]\n"
        "for name in names: importlib.import_module(name)\n"
        f"print(len(names), sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split(maxsplit=1)
    assert int(out[0]) >= 15 and out[1].strip() == "[]", out
