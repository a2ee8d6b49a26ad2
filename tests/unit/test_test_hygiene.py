"""The tests ask Textual through its public API only: a private name of Textual's (an
attribute or method whose name begins with one underscore) changes without notice
between releases, and a test that reads one breaks with it."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
# `thing._name` where thing is not the test's own module, a dunder, or `self`.
PRIVATE = re.compile(r"\b(?!self\b|os\b|sys\b)\w+\._[a-z]\w*")
ALLOWED = {
    "monkeypatch.setattr",  # names a module's private function by its dotted path, as text
}


def test_no_test_reads_a_private_name():
    # What it looks for: an object's underscored attribute or method (made-up names).
    assert PRIVATE.search("table._pending_rows or table._must_measure")
    assert PRIVATE.search("widget._kept_lines.clear()")
    assert not PRIVATE.search("self._cache and os._exit and app.__class__")
    found = []
    for path in sorted(TESTS.rglob("*.py")):
        if path == Path(__file__).resolve():
            continue  # its own examples above
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if any(allowed in code for allowed in ALLOWED):
                continue
            for match in PRIVATE.finditer(code):
                found.append(f"{path.relative_to(TESTS)}:{n}: {match.group(0)}")
    assert found == []
