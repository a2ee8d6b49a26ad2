"""Row seals: every record that feeds an indicator or a right is sealed in the audit chain.

A write transaction notes every row it touches in a covered table: rows the ORM flushes,
rows a Core UPDATE or DELETE is about to reach (selected by its own WHERE first), rows a
Core INSERT adds (those above the table's highest key before it). At its end the
transaction stores each such row's after-image (``row_seal``: the row's stored values as
JSON, NULL once deleted), and its last audit row carries the SHA-256 of those entries
(``audit_log.seal``), which that row's chain link covers (db/chain.py).

``hotline-tui check`` then compares every covered row with the last image the chain holds
for it (``verify``) and names table, row and field. An edit made outside the desk (a
status set back, a figure raised, a PIN's hash replaced, a row deleted or added) leaves a
row that is not its last sealed image; forging the image too breaks the seal digest, and
forging that breaks the chain, whose key the file does not hold. docs/integrity.md says
what this catches and what it cannot.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from hotline_tui.db.plain_sql import Query, connection_query
from hotline_tui.db.tables import Base, RowSeal
from hotline_tui.db.types import stored_text

# The records that decide a payment or a right, by table: what `check` calls them.
COVERED: dict[str, str] = {
    "staff": "人员",
    "staff_status": "人员状态",
    "staff_group": "组别记录",
    "work_group": "工作组",
    "credential": "登录凭据（PIN）",
    "shift_def": "班次",
    "rota_entry": "排班",
    "attendance": "考勤",
    "shift_swap": "换班",
    "overtime": "加班",
    "kpi_figure": "外部指标数据",
    "urgent_issue": "紧急问题",
    "fault": "故障",
    "replacement_request": "撤换要求",
    "qc_record": "质检记录",
    "exam": "考试",
    "exam_result": "考试成绩",
    "training_session": "培训",
    "training_attendee": "培训点名",
    "escalation": "请示报告",
    "call_traffic": "话务记录",
}
CHUNK = 500  # keys in one IN list
_DML = re.compile(r"^\s*(?:insert\s+into|update|delete\s+from)\s+\"?(\w+)\"?", re.IGNORECASE)


def _table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def _key_column(name: str) -> sa.Column[Any]:
    (column,) = _table(name).primary_key.columns
    return column


@dataclass
class Touched:
    """The covered rows one write transaction reached, by table."""

    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # A Core INSERT's rows: every key above the table's highest before the first insert.
    above: dict[str, int | None] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)  # every row (a statement of plain SQL)

    def __bool__(self) -> bool:
        return bool(self.keys or self.above or self.whole)


Listeners = list[tuple[str, Callable[..., Any]]]


def track(session: Session) -> tuple[Touched, Listeners]:
    """Note on ``session`` every covered row its statements and flushes reach; the
    listeners, to ``untrack`` when the transaction ends."""
    touched = Touched()

    def flushed(session: Session, _context: UOWTransaction) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            mapper = sa.inspect(obj).mapper
            name = mapper.local_table.name
            if name in COVERED:
                # The key as just written (a new row's identity is set only after this).
                (key,) = mapper.primary_key_from_instance(obj)
                if key is not None:
                    touched.keys[name].add(str(key))

    def executing(state: ORMExecuteState) -> None:
        statement = state.statement
        if isinstance(statement, sa.TextClause):
            match = _DML.match(statement.text)
            if match and match[1] in COVERED:
                touched.whole.add(match[1])
            return
        if not isinstance(statement, sa.Insert | sa.Update | sa.Delete):
            return
        name = statement.table.name  # type: ignore[union-attr]
        if name not in COVERED:
            return
        column = _key_column(name)
        if isinstance(statement, sa.Insert):
            if name not in touched.above:
                touched.above[name] = state.session.execute(sa.select(sa.func.max(column))).scalar()
            return
        reach = sa.select(column)
        if statement.whereclause is not None:
            reach = reach.where(statement.whereclause)
        touched.keys[name].update(str(k) for k in state.session.execute(reach).scalars())

    listeners: Listeners = [("after_flush", flushed), ("do_orm_execute", executing)]
    for name, fn in listeners:
        event.listen(session, name, fn)
    return touched, listeners


def untrack(session: Session, listeners: Listeners) -> None:
    for name, fn in listeners:
        event.remove(session, name, fn)


# --- images ----------------------------------------------------------------------------


def _value(value: object) -> object:
    """A value as SQLite stores it, whichever database it came from."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime | date):
        return stored_text(value)
    return value


# The text of an image: json.dumps(values, ensure_ascii=False, sort_keys=True,
# separators=(",", ":")), with its encoder built once (dumps builds one per call for
# these arguments; `check` images every covered row, tens of thousands).
_IMAGE_TEXT = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
# What SQLite hands back, stored as it is: no call for a value that needs no turning.
_AS_STORED = frozenset({int, str, float})


def image_of(columns: list[str], row: Iterable[Any]) -> str:
    """A row's image: its stored values by column, the empty ones left out (so that a
    column added later, empty on old rows, leaves their images as they were)."""
    values = {
        c: v if type(v) in _AS_STORED else _value(v)
        for c, v in zip(columns, row, strict=True)
        if v is not None
    }
    return _IMAGE_TEXT(values)


def _columns(name: str) -> list[str]:
    return [c.name for c in _table(name).columns]


def _quoted(columns: list[str]) -> str:
    """Column names as SQL (some are words of SQL itself: start, end)."""
    return ", ".join(f'"{c}"' for c in columns)


def _select_all(name: str) -> str:
    key = _key_column(name).name
    return f'SELECT {_quoted(_columns(name))} FROM "{name}" ORDER BY "{key}"'


def _images(query: Query, name: str, keys: set[str] | None) -> dict[str, str]:
    """The current images of ``keys`` of a table (all its rows for None), by key."""
    columns, key = _columns(name), _key_column(name).name
    at = columns.index(key)
    head = f'SELECT {_quoted(columns)} FROM "{name}"'
    if keys is None:
        rows = query(head, ())
    else:
        rows = []
        ordered = sorted(keys, key=_key_order)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            rows += query(f'{head} WHERE "{key}" IN ({marks})', [int(k) for k in chunk])
    return {str(row[at]): image_of(columns, row) for row in rows}


def _key_order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.lstrip("-").isdigit() else (0, key)


def digest(entries: Iterable[tuple[str, str, str | None]]) -> str:
    """The SHA-256 of a transaction's entries (table, key, image), in a fixed order."""
    ordered = sorted(entries, key=lambda e: (e[0], _key_order(e[1])))
    text = json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_touched(conn: sa.Connection, touched: Touched, audit_id: int) -> str | None:
    """Inside the write: store the after-image of every touched row under ``audit_id``;
    the digest for its audit row (None when no covered row was reached)."""
    query = connection_query(conn)
    entries: list[tuple[str, str, str | None]] = []
    for name in sorted(set(touched.keys) | set(touched.above) | touched.whole):
        if name in touched.whole:
            images = _images(query, name, None)
            sealed = {
                k for (k,) in query("SELECT DISTINCT row_key FROM row_seal WHERE tbl = ?", (name,))
            }
            keys = set(images) | sealed
        else:
            keys = set(touched.keys.get(name, ()))
            if name in touched.above:
                above = touched.above[name]
                column = _key_column(name).name
                where = "" if above is None else f' WHERE "{column}" > ?'
                keys |= {
                    str(k)
                    for (k,) in query(
                        f'SELECT "{column}" FROM "{name}"{where}', () if above is None else (above,)
                    )
                }
            images = _images(query, name, keys)
        entries += [(name, key, images.get(key)) for key in keys]
    if not entries:
        return None
    conn.execute(
        sa.insert(RowSeal),
        [{"audit_id": audit_id, "tbl": t, "row_key": k, "image": i} for t, k, i in entries],
    )
    return digest(entries)


BASELINE = "integrity.baseline"  # the audit action of sealing a database as it stood


def unsealed(query: Query) -> bool:
    """A database from before the seals: covered records, and not one seal yet."""
    if query("SELECT 1 FROM row_seal LIMIT 1", ()):
        return False
    if query("SELECT 1 FROM audit_log WHERE seal IS NOT NULL LIMIT 1", ()):
        return False
    return any(query(f'SELECT 1 FROM "{name}" LIMIT 1', ()) for name in COVERED)


def baseline(touched: Touched) -> None:
    """Seal every covered row as it stands (a database from before the seals)."""
    touched.whole |= set(COVERED)


# --- the check ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    table: str
    key: str
    what: str  # in words

    @property
    def text(self) -> str:
        return f"{COVERED.get(self.table, self.table)}（{self.table}）#{self.key}：{self.what}"


Label = Callable[[str], str]  # a column's name in words


@dataclass
class Verdict:
    checked: int = 0  # current rows compared
    findings: list[Finding] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # seal digests that do not hold


def _shown(value: object) -> str:
    text = "（空）" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _fields(sealed: str, now: str, label: Label) -> str:
    before, after = json.loads(sealed), json.loads(now)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return "；".join(
        f"{label(k)}（{k}）为 {_shown(after.get(k))}，校验链中为 {_shown(before.get(k))}"
        for k in changed
    )


def verify(query: Query, tables: set[str], label: Label = str) -> Verdict:
    """Every covered row against the last image the chain holds for it, and every
    transaction's images against the digest its audit row carries."""
    verdict = Verdict()
    digests = {
        aid: seal
        for aid, seal in query("SELECT id, seal FROM audit_log WHERE seal IS NOT NULL", ())
    }
    by_audit: dict[int, list[tuple[str, str, str | None]]] = defaultdict(list)
    last: dict[str, dict[str, str | None]] = defaultdict(dict)  # table -> key -> image
    for audit_id, name, key, image in query(
        "SELECT audit_id, tbl, row_key, image FROM row_seal ORDER BY audit_id, id", ()
    ):
        by_audit[audit_id].append((name, key, image))
        last[name][key] = image
    for audit_id in sorted(by_audit.keys() | digests.keys()):
        if digests.get(audit_id) != digest(by_audit.get(audit_id, [])):
            verdict.broken.append(
                f"操作记录 #{audit_id} 封存的记录与它的校验值不符（记录的封存被改动、删除或添加）"
            )
    for name in COVERED:
        if name not in tables:
            continue
        columns, key_name = _columns(name), _key_column(name).name
        at = columns.index(key_name)
        present: set[str] = set()
        sealed_here = last.get(name, {})
        for row in query(_select_all(name), ()):
            key = str(row[at])
            present.add(key)
            verdict.checked += 1
            now = image_of(columns, row)
            sealed = sealed_here.get(key, "")
            if sealed == "":
                verdict.findings.append(
                    Finding(name, key, "校验链中没有这条记录（在程序之外添加）")
                )
            elif sealed is None:
                verdict.findings.append(
                    Finding(name, key, "校验链中已删除，现在又出现（在程序之外添加）")
                )
            elif sealed != now:
                verdict.findings.append(
                    Finding(name, key, _fields(sealed, now, label) + "（在程序之外改动）")
                )
        for key, image in sorted(sealed_here.items(), key=lambda kv: _key_order(kv[0])):
            if image is not None and key not in present:
                verdict.findings.append(
                    Finding(name, key, "校验链中有这条记录，现在没有了（在程序之外删除）")
                )
    return verdict


def never_had(query: Query, table: str) -> bool:
    """Whether the chain never sealed a row of ``table`` (credential: nobody ever had a PIN)."""
    return not query("SELECT 1 FROM row_seal WHERE tbl = ? LIMIT 1", (table,))
