"""Files from outside are hostile: every import refuses a bad one in one sentence, none
ends in a traceback (the fuzz test feeds a few hundred mutated files to each)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from hotline_tui.config import QcSpec, TrafficSpec
from hotline_tui.errors import DomainError
from hotline_tui.imports.kpi_figures import import_figures
from hotline_tui.imports.qc_file import read_qc_file
from hotline_tui.imports.rota_file import read_rota_file
from hotline_tui.imports.staff_file import read_staff_file
from hotline_tui.imports.tabular import MAX_CELL, read_rows
from hotline_tui.imports.traffic_file import read_traffic_file
from tests.conftest import TODAY
from tests.helpers import manager, run_command

STAFF = "工号,姓名,组,岗位,状态,入职日期,技能,手机\n2001,韩梅,一组,组员,在职,2026-01-05,综合,13800000000\n"
ROTA = "工号,日期,班次\n1020,2027-01-05,早班\n1021,2027-01-06,中班\n"
QC = "通话时间,通话编号,坐席工号,质检员工号,未达标项,错误类型,备注\n2026-11-28 10:00,C1,1020,1004,,,\n"
KPI = "月份,项目,数值\n2026-10,满意度,0.98\n"
TRAFFIC = (
    "日期,时段,人工呼入量,人工接通量,放弃量,20秒内接通量,平均通话时长（秒）\n"
    "2026-11-02,08:00-08:30,100,95,5,90,180.4\n2026-11-02,08:30-09:00,120,114,6,100,175\n"
    "2026-11-03,,1000,940,60,900,190\n"
)


def _xlsx(text: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in text.strip().splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- each kind of bad file, said with its row --------------------------------------------


def test_a_megabyte_cell_is_refused_with_its_row(tmp_path):
    path = _write(tmp_path / "staff.csv", (STAFF + "2002,李雷," + "组" * 1_000_000 + "\n").encode())
    with pytest.raises(DomainError, match=f"第 3 行有一格超过 {MAX_CELL} 字"):
        read_rows(path)


def test_a_cell_over_the_csv_modules_limit_is_a_refusal_not_a_crash(tmp_path):
    path = _write(tmp_path / "staff.csv", ('工号,姓名\n"' + "x" * 200_000 + '",李雷\n').encode())
    with pytest.raises(DomainError, match="第 2 行"):
        read_rows(path)


def test_a_bare_carriage_return_is_refused_with_its_row(tmp_path):
    path = _write(tmp_path / "rota.csv", "工号,日期,班次\n1020,2027-01-05,早\r班\n".encode())
    with pytest.raises(DomainError, match="第 2 行有单独的回车符"):
        read_rows(path)
    # Windows line ends are no bare carriage returns.
    windows = _write(tmp_path / "windows.csv", ROTA.replace("\n", "\r\n").encode())
    assert [cells for _, cells in read_rows(windows)][1] == ["1020", "2027-01-05", "早班"]


def test_a_nul_is_refused_with_its_row(tmp_path):
    path = _write(
        tmp_path / "rota.csv", "工号,日期,班次\n1020,2027-01-05,早班\n10\x0021,x,y\n".encode()
    )
    with pytest.raises(DomainError, match="第 3 行含有空字符"):
        read_rows(path)


def test_an_unclosed_quote_is_a_refusal(tmp_path):
    path = _write(tmp_path / "rota.csv", '工号,日期,班次\n"1020,2027-01-05,早班\n'.encode())
    # An open quote runs to the end of the file: read as one cell, refused as a bad row.
    rows = read_rows(path)
    assert len(rows) == 2


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData>
</worksheet>"""


def _with_part(xlsx: bytes, name: str, text: str) -> bytes:
    """The workbook with one XML part replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = text.encode() if entry.filename == name else source.read(entry)
            target.writestr(entry, data)
    return out.getvalue()


def test_an_xlsx_with_entity_expansion_is_refused_before_it_is_parsed(tmp_path):
    hostile = _with_part(_xlsx(ROTA), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    path = _write(tmp_path / "rota.xlsx", hostile)
    with pytest.raises(DomainError, match="含有 XML 实体或文档类型声明.*sheet1.xml"):
        read_rows(path)


def test_an_xlsx_with_broken_xml_is_not_an_xlsx(tmp_path):
    broken = _with_part(_xlsx(ROTA), "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>")
    with pytest.raises(DomainError, match="不是有效的 XLSX 文件"):
        read_rows(_write(tmp_path / "rota.xlsx", broken))


def test_the_command_line_says_a_bad_file_in_one_sentence_and_exits_2(demo_store, tmp_path, capsys):
    from tests import server_db

    path = _write(tmp_path / "rota.csv", ('工号,日期,班次\n"' + "x" * 200_000 + '",1,2\n').encode())
    code, _, err = run_command(
        capsys, "import-rota", str(path), "--db", server_db.store_text(demo_store), "--as",
        "1004", stdin="147258\n",
    )  # fmt: skip
    assert code == 2 and "第 2 行" in err and "Traceback" not in err and "意外" not in err


# --- the fuzz test -------------------------------------------------------------------------


def _mutations(seed: bytes, rng: random.Random) -> bytes:
    """One mutation of a good file: bytes flipped, cut, doubled, or hostile text put in."""
    data = bytearray(seed)
    kind = rng.randrange(8)
    at = rng.randrange(len(data) + 1)
    if kind == 0:
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif kind == 1:
        data = data[:at]
    elif kind == 2:
        data[at:at] = rng.choice([b"\r", b"\x00", b'"', b",,,,", b"\n\n", b"\xff\xfe", b"=1+1"])
    elif kind == 3:
        data[at:at] = b"x" * rng.choice([MAX_CELL + 1, 131_073, 300_000])
    elif kind == 4:
        data = data + data[rng.randrange(len(data)) :] * rng.randint(1, 3)
    elif kind == 5:
        data = data.replace(b",", b";" if rng.random() < 0.5 else b"\t")
    elif kind == 6:
        data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    else:
        data = bytearray(seed.decode("utf-8", errors="replace").encode("gb18030", errors="replace"))
    return bytes(data)


def _xlsx_mutation(seed: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(4)
    if kind == 0:  # the archive itself damaged
        return _mutations(seed, rng)
    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xml")]
        name = rng.choice(names)
        text = archive.read(name).decode("utf-8")
    if kind == 1:
        text = BILLION_LAUGHS
    elif kind == 2:
        text = text[: rng.randrange(len(text) + 1)]
    else:
        text = _mutations(text.encode(), rng).decode("utf-8", errors="replace")
    return _with_part(seed, name, text)


READERS: dict[str, tuple[str, Callable[..., object]]] = {
    "staff": (STAFF, lambda store, path: read_staff_file(store, path, create_groups=True)),
    "rota": (ROTA, lambda store, path: read_rota_file(store, path, store.shifts)),
    "qc": (QC, lambda store, path: read_qc_file(store, path, QcSpec())),
    "kpi": (KPI, lambda store, path: import_figures(store, manager(store), path)),
    "traffic": (TRAFFIC, lambda store, path: read_traffic_file(path, TrafficSpec(), TODAY)),
}


@pytest.mark.parametrize("kind", list(READERS))
def test_no_mutated_file_ends_an_import_in_a_traceback(demo_store, tmp_path, kind):
    from hotline_tui.domain.shifts import list_shifts

    demo_store.shifts = list_shifts(demo_store)
    text, read = READERS[kind]
    rng = random.Random(f"fuzz-{kind}")
    csv_seed, xlsx_seed = text.encode("utf-8"), _xlsx(text)
    outcomes = {"read": 0, "refused": 0}
    for number in range(90):
        as_xlsx = kind != "kpi" and number % 3 == 2  # external figures are CSV only
        data = _xlsx_mutation(xlsx_seed, rng) if as_xlsx else _mutations(csv_seed, rng)
        path = _write(tmp_path / f"{kind}-{number}.{'xlsx' if as_xlsx else 'csv'}", data)
        try:
            read(demo_store, path)
        except DomainError as refusal:
            assert refusal.message.strip(), path
            outcomes["refused"] += 1
        else:
            outcomes["read"] += 1
    assert outcomes["refused"] > 30  # the mutations do reach the checks


# --- a refused database is left exactly as it was ---------------------------------------------


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_refused_database_is_left_exactly_as_it_was(demo_file, capsys, damage):
    """check, --as and a plain start on a damaged file: refused in one sentence, and the
    folder as it was, no -wal or -shm beside the file."""
    from tests.helpers import digest

    data = demo_file.read_bytes()
    if damage == "truncated":
        demo_file.write_bytes(data[: len(data) // 2])
    else:
        middle = len(data) // 3
        demo_file.write_bytes(data[:middle] + b"\xff" * 50_000 + data[middle + 50_000 :])
    before = (sorted(p.name for p in demo_file.parent.iterdir()), digest(demo_file))
    for argv, stdin in [
        (["check", "--db", str(demo_file)], ""),
        (["--db", str(demo_file), "--as", "1004"], "147258\n"),
        (["--db", str(demo_file)], ""),
    ]:
        code, out, err = run_command(capsys, *argv, stdin=stdin)
        if argv[0] == "check":  # reports what it found (1), or cannot read it at all (2)
            assert code in (1, 2) and ("损坏" in err or "问题" in out), (argv, err)
        else:
            assert code == 2 and "损坏" in err, (argv, err)
        assert (sorted(p.name for p in demo_file.parent.iterdir()), digest(demo_file)) == before
