"""The audit log as a keyed chain, so that a rewrite of the file is caught.

Every audit row carries ``link = HMAC-SHA256(key, previous link + the row)``. The
key lives outside the database (``chain.key`` beside the settings, readable only
by its owner): someone who can write the database file but not read the key can
change, delete, insert or reorder audit rows, but cannot make the links agree
again. Signing a handover writes its digest, status and signer into an audit
row, so the signed records are covered by the same chain (``domain/health.py``).

What it cannot catch: rows cut off the end of the log (the chain's head, printed
on the handover archive, is the paper check for that), and anyone who holds the
key file. See docs/integrity.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hotline_tui.db.plain_sql import Query
from hotline_tui.db.types import stored_text
from hotline_tui.errors import StoreError

KEY_BYTES = 32
GENESIS = "0" * 64  # the "previous link" of the first row
ROW_COLUMNS = "id, at, actor_id, action, entity, entity_key, before, after, seq, seal"
LEGACY = 8  # the columns a row written before seq and seal existed was linked over


def load_key(path: Path, *, create: bool) -> bytes | None:
    """The key at ``path``; created (owner-only) when missing and ``create``, else None."""
    if not path.exists() and create:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole beside it, then linked into place: another terminal starting at
        # the same moment reads either no key or the whole key, never half of one.
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".chain-key-")
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as fh:
                fh.write(secrets.token_hex(KEY_BYTES) + "\n")
            with contextlib.suppress(FileExistsError):  # another terminal made it first
                os.link(temp, path)
        finally:
            os.unlink(temp)
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"无法读取操作记录的校验密钥 {path}：{exc}") from None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise StoreError(f"操作记录的校验密钥 {path} 格式不对（应为 64 位十六进制数）。")
    return key


def link_of(key: bytes, previous: str, row: tuple[Any, ...]) -> str:
    """The link of one audit row, given as the raw values of ROW_COLUMNS. A row linked
    before the chain numbered its rows (seq None) is linked over its first columns only,
    so its link holds as it was written."""
    values = [previous, *(stored_text(v) for v in (row[:LEGACY] if row[LEGACY] is None else row))]
    message = json.dumps(values, ensure_ascii=False, default=str).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    row_id: int
    at: str
    action: str
    what: str  # in words


def verify(key: bytes, rows: Iterable[tuple[Any, ...]]) -> Iterator[Break]:
    """Walk the chain (rows: ROW_COLUMNS then link, by id) and yield every broken link.

    Rows are numbered by ``seq`` without gaps on either database: an id may skip (a
    server's sequence number used up by a writer killed mid-transaction), a number may
    not. Rows from before the numbering are checked by their links alone, which a
    deletion breaks too. After a break the walk goes on from the stored link, so each
    change is named once.
    """
    previous, last_seq = GENESIS, None
    for *row, link in rows:
        row_id, seq = row[0], row[LEGACY]
        if seq is not None and last_seq is not None and seq != last_seq + 1:
            missing = seq - last_seq - 1
            what = (
                f"前面缺少 {missing} 条（第 {last_seq + 1} 条起被删除）"
                if missing > 0
                else f"序号 {seq} 不接续第 {last_seq} 条（被调换或插入）"
            )
            yield Break(row_id, str(row[1]), row[3], what)
        if link is None:
            yield Break(row_id, str(row[1]), row[3], "没有校验值（在程序之外写入）")
        elif not hmac.compare_digest(link, link_of(key, previous, tuple(row))):
            yield Break(
                row_id, str(row[1]), row[3], "校验值不符（被改动、被插入，或前一条被删除、调换）"
            )
        previous, last_seq = link or "", seq if seq is not None else last_seq


def read_rows(query: Query) -> Iterator[tuple[Any, ...]]:
    return iter(query(f"SELECT {ROW_COLUMNS}, link FROM audit_log ORDER BY id", ()))


def head(query: Query) -> tuple[int, str] | None:
    """(id, link) of the last audit row: the chain's head, to print on paper."""
    rows = query("SELECT id, link FROM audit_log ORDER BY id DESC LIMIT 1", ())
    return (rows[0][0], rows[0][1] or "") if rows else None


def head_text(query: Query) -> str:
    found = head(query)
    if found is None:
        return "操作记录校验链：尚无记录"
    return f"操作记录校验链：第 {found[0]} 条，{found[1][:16]}"
