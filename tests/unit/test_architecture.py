"""The house rules that tools check: layers and cycles (docs/architecture.md), types, style."""

from __future__ import annotations

import re
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
             "holidays", "pypinyin")  # fmt: skip
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


def _modules() -> dict[str, Path]:
    package = REPO / "hotline_tui"
    found = {}
    for path in package.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imports(path: Path, module: str, known: dict[str, Path]):
    """(node, imported module of the package, whether inside a function) for every import
    of the package's own code in ``path``, type-only ones included."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    in_function: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
    base = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            stem = node.module or ""
            if node.level:
                up = base.split(".")[: len(base.split(".")) - node.level + 1]
                stem = ".".join([*up, stem] if stem else up)
            names = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for name in names:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                yield node, name, id(node) in in_function
                break


def test_the_project_imports_its_own_code_at_the_top_but_at_the_start_up_seam():
    """An import of the package's own code inside a function hides a dependency from the
    reader and from lint-imports; only hotline_tui/seam.py does it, by design (its
    docstring says why), and only it imports a module by name at run time."""
    known = _modules()
    inside: dict[str, int] = {}
    by_name = []
    for module, path in known.items():
        for node, _name, in_function in _imports(path, module, known):
            if in_function:
                key = f"{module}:{node.lineno}"
                inside[key] = inside.get(key, 0) + 1
        if "import_module(" in path.read_text(encoding="utf-8"):
            by_name.append(module)
    assert len(known) > 200
    assert sorted({key.partition(":")[0] for key in inside}) == ["hotline_tui.seam"], inside
    assert len(inside) == 2, inside  # desk() and open_existing()
    assert by_name == ["hotline_tui.seam"], by_name


def test_no_loop_even_through_type_only_imports():
    """lint-imports leaves out imports under TYPE_CHECKING; a loop through them (the App
    and its screens, once) still makes the two move together. Counted here with them."""
    known = _modules()
    edges = {m: {n for _, n, _ in _imports(p, m, known)} for m, p in known.items()}
    # Tarjan's strongly connected components, iteratively.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    loops.append(sorted(component))
    assert loops == [], loops
    assert not any("hotline_tui.app" in edges[m] for m in known if ".screens." in m)


def test_rules_screens_and_widgets_name_states_not_strings():
    """A handover's, a swap request's or an urgent issue's state is a member of its enum
    (model/states.py) wherever it is compared or set: a state spelled wrong fails where
    it is written, not on the floor."""
    state = re.compile(
        r"""(?:status|state)\s*(?:==|!=)\s*["'](?:draft|submitted|signed|pending|approved|"""
        r"""refused|open|closed|handling|resolved|transferred)["']"""
    )
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for folder in ("domain", "screens", "widgets", "model", "services")
        for path in sorted((REPO / "hotline_tui" / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if state.search(line)
    ]
    assert found == []


def test_every_declared_dependency_is_used():
    """No package is installed on the floor for nothing (pyproject's dependencies)."""
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    modules = {
        "sqlalchemy": "sqlalchemy",
        "argon2-cffi": "argon2",
        "textual-serve": "textual_serve",
    }
    source = "\n".join(
        path.read_text(encoding="utf-8") for path in (REPO / "hotline_tui").rglob("*.py")
    )
    unused = []
    for requirement in declared["project"]["dependencies"]:
        name = re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower()
        module = modules.get(name, name)
        imported = re.search(rf"^\s*(?:import|from) {module}\b", source, re.MULTILINE)
        # psycopg is SQLAlchemy's driver, named in the server's address, never imported.
        named = re.search(rf"\+{module}\b", source)
        if not (imported or named):
            unused.append(name)
    assert unused == []
