"""No English and no internal codes on a screen: every snapshot of every screen (each one
a picture of the demo, or of an empty floor) read back as lines of text, and every ASCII
word in them either on the allow-list or a piece of data (a digest, a recording number,
a path, a command)."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parent.parent / "snapshots" / "__snapshots__"

# Words a screen may show: keys, formats the person types, the file kinds they know.
ALLOWED = {
    "Ctrl", "Enter", "Esc", "Tab", "PIN", "IT", "LOGO", "CSV", "XLSX", "Excel", "SHA",
    "YYYY-MM-DD", "MM-DD", "HH", "MM", "DD", "YYYY", "PDF", "SHA-",  # SHA-256
    "README",  # the file the demo's PIN is told in
    "zs", "zj",  # pinyin initials, as the filter's hint and a test's typing show them
}  # fmt: skip
# Data, not words: a digest, a recording's number, a path or a command to run, a
# settings line to write, the user's own text in a test that types markup on purpose.
DATA = re.compile(
    r"[0-9a-f]{8,}"  # a digest (SHA-256, cut)
    r"|\bLY\d+"  # a call recording's number
    r"|(?<![\w])/[\w/.\-]+"  # a path
    r"|hotline-tui( [\w\-]+)*"  # a command
    r"|\.(xlsx|csv|md|pdf|html|db|toml)\b"  # a file's name
    r"|\b[a-z_]+ = (true|false|\"[^\"]*\")"  # a settings line
    r"|\[[a-z_.]+\] [a-z_]+"  # a setting named in a rule: [sla] fault_report_minutes
    r"|\[/?red\]?"  # markup typed as text by the test of user text
)


def _lines(svg: str) -> list[str]:
    rows: dict[float, list[tuple[float, str]]] = defaultdict(list)
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for m in re.finditer(pattern, svg):
        rows[float(m[2])].append((float(m[1]), html.unescape(m[3]).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(row)) for _, row in sorted(rows.items())]


def _english(line: str) -> list[str]:
    """The ASCII words of a line of a screen that are neither allowed nor data (A区 and
    A01 are places: one letter is not a word)."""
    words = re.findall(r"[A-Za-z][A-Za-z_\-]+", DATA.sub(" ", line))
    return [w for w in words if w not in ALLOWED and not w.startswith("YYY")]


def test_the_walk_sees_english_and_codes():
    """What #34 found on F9 would be caught; data and keys would not."""
    assert _english("行数：605；replaced：605") == ["replaced"]
    assert _english("2026-12-07/early 早班") == ["early"]
    assert _english("Ctrl+S 保存  Enter 下一项  摘要：a271a28c672aae3b  LY202611280011") == []
    assert _english("在运维电脑上运行 hotline-tui backup，或写 backup_here = true") == []


def test_every_screen_speaks_chinese():
    pictures = sorted(SNAPSHOTS.rglob("*.svg"))
    assert len(pictures) > 90
    found = []
    for picture in pictures:
        for line in _lines(picture.read_text(encoding="utf-8")):
            found += [f"{picture.name}: {w} in {line.strip()!r}" for w in _english(line)]
    assert found == []


# Each export of the demo as the office writes it: (kind, file name, more arguments).
EXPORTS = (
    ("attendance", "考勤.xlsx", ("--month", "2026-11", "--as", "1001")),
    ("kpi", "指标.xlsx", ("--quarter", "2026-Q4", "--as", "1001")),
    ("kpi", "指标.csv", ("--month", "2026-11", "--as", "1001")),
    ("staff", "人员.xlsx", ("--as", "1001")),
    ("report", "日报.xlsx", ("--day", "2026-11-29", "--as", "1001")),
    ("report", "日报.md", ("--day", "2026-11-29", "--as", "1001")),
    ("rota", "排班.xlsx", ("--from", "2026-11-30", "--to", "2026-12-06")),
    ("audit", "操作记录.xlsx", ("--from", "2026-11-29", "--to", "2026-11-30", "--as", "1001")),
    ("handovers", "交接班.md", ("--from", "2026-11-28", "--to", "2026-11-29")),
)


def _export_lines(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        # The audit's second sheet is each change as stored (JSON, as the chain seals it).
        sheets = [sheet for sheet in book.worksheets if sheet.title != "原始记录"]
        lines = [sheet.title for sheet in sheets]
        for sheet in sheets:
            for row in sheet.iter_rows(values_only=True):
                lines += [str(v) for v in row if isinstance(v, str)]
        return lines
    return path.read_text(encoding="utf-8-sig").splitlines()


def test_every_export_speaks_chinese(demo_file, tmp_path, capsys, monkeypatch):
    from tests.conftest import NOW
    from tests.helpers import PIN_LINE, run_command

    monkeypatch.setenv("HOTLINE_CLOCK_START", NOW)
    found = []
    for kind, name, more in EXPORTS:
        path = tmp_path / name
        argv = ("export", kind, "--db", str(demo_file), "-o", str(path), *more)
        code, _, err = run_command(capsys, *argv, stdin=PIN_LINE)
        assert code == 0, (kind, err)
        for line in _export_lines(path):
            found += [f"{name}: {w} in {line.strip()[:80]!r}" for w in _english(line)]
    assert found == []
