"""The SHA-256 digest of a signed handover, and its check.

The canonical content is read with plain SQL through a ``query(sql, params)``
function, so that signing (inside the write transaction) and
``hotline-tui check`` (on a read-only connection) hash exactly the same
stored values, byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hotline_tui.db.plain_sql import Query, connection_query

_HANDOVER_FROM = """
SELECT h.id, h.day, h.to_day, fs.code, ts.code, a.staff_no, h.traffic, h.systems,
       h.people, h.other, h.plan_summary, h.submitted_at, h.signed_at, sg.staff_no,
       h.early_reason, h.sign_reason
FROM handover h
JOIN shift_def fs ON fs.id = h.from_shift_id
JOIN shift_def ts ON ts.id = h.to_shift_id
JOIN staff a ON a.id = h.author_id
LEFT JOIN staff sg ON sg.id = h.signed_by
"""
_HANDOVER = _HANDOVER_FROM + "WHERE h.id = ?"
_ENTRIES = """
SELECT position, source, ref, text, item_id FROM handover_entry
WHERE handover_id = ? ORDER BY position
"""
_AMENDMENT_FROM = """
SELECT m.handover_id, a.staff_no, m.at, m.text, m.id
FROM handover_amendment m JOIN staff a ON a.id = m.author_id
JOIN handover h ON h.id = m.handover_id
"""
_AMENDMENT = _AMENDMENT_FROM + "WHERE m.id = ?"
_HANDOVER_KEYS = (
    "id",
    "day",
    "to_day",
    "from_shift",
    "to_shift",
    "author",
    "traffic",
    "systems",
    "people",
    "other",
    "plan_summary",
    "submitted_at",
    "signed_at",
    "signed_by",
)
# Hashed only when given: a handover signed before these existed keeps its digest.
_REASON_KEYS = ("early_reason", "sign_reason")


def _hash(content: dict) -> str:
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _content(row: Sequence[Any], entries: list[list[Any]]) -> dict[str, Any]:
    keys = len(_HANDOVER_KEYS)
    content: dict[str, Any] = dict(zip(_HANDOVER_KEYS, row[:keys], strict=True))
    content.update((k, v) for k, v in zip(_REASON_KEYS, row[keys:], strict=True) if v)
    content["entries"] = entries
    return content


def handover_digest(query: Query, handover_id: int) -> str:
    rows = query(_HANDOVER, (handover_id,))
    if not rows:
        raise LookupError(handover_id)
    return _hash(_content(rows[0], [list(row) for row in query(_ENTRIES, (handover_id,))]))


def amendment_digest(query: Query, amendment_id: int) -> str:
    rows = query(_AMENDMENT, (amendment_id,))
    if not rows:
        raise LookupError(amendment_id)
    return _amendment_hash(rows[0])


def _amendment_hash(row: Sequence[Any]) -> str:
    return _hash(dict(zip(("handover", "author", "at", "text"), row[:4], strict=True)))


def handover_digests(query: Query, where: str, params: Sequence[Any]) -> dict[int, str]:
    """The digests of every handover ``h`` matching ``where`` (SQL over ``h``), in two
    queries whatever their number: the same content, hashed the same way, as
    ``handover_digest``."""
    entries: dict[int, list[list[Any]]] = {}
    for handover_id, *entry in query(
        "SELECT e.handover_id, e.position, e.source, e.ref, e.text, e.item_id "
        f"FROM handover_entry e JOIN handover h ON h.id = e.handover_id WHERE {where} "
        "ORDER BY e.handover_id, e.position",
        params,
    ):
        entries.setdefault(handover_id, []).append(entry)
    digests = {}
    for row in query(_HANDOVER_FROM + f"WHERE {where}", params):
        digests[row[0]] = _hash(_content(row, entries.get(row[0], [])))
    return digests


def amendment_digests(query: Query, where: str, params: Sequence[Any]) -> dict[int, str]:
    """The digests of every amendment of the handovers ``h`` matching ``where``, by id."""
    return {
        row[4]: _amendment_hash(row) for row in query(_AMENDMENT_FROM + f"WHERE {where}", params)
    }


@dataclass(frozen=True)
class Mismatch:
    handover_id: int
    label: str  # e.g. "2026-11-30 早班交中班"
    what: str  # 内容, 补充说明 #3, 摘要缺失


def verify_all(query: Query) -> tuple[int, list[Mismatch]]:
    """Check every signed handover and every amendment; (how many checked, mismatches)."""
    mismatches: list[Mismatch] = []
    signed = query(
        "SELECT h.id, h.day, fs.name, ts.name, h.digest FROM handover h "
        "JOIN shift_def fs ON fs.id = h.from_shift_id JOIN shift_def ts ON ts.id = h.to_shift_id "
        "WHERE h.status = 'signed' ORDER BY h.day, h.id",
        (),
    )
    labels = {}
    for handover_id, day, from_name, to_name, digest in signed:
        label = f"{day} {from_name}交{to_name}"
        labels[handover_id] = label
        if not digest:
            mismatches.append(Mismatch(handover_id, label, "没有签收摘要"))
        elif handover_digest(query, handover_id) != digest:
            mismatches.append(Mismatch(handover_id, label, "内容与签收时的摘要不符"))
    for amendment_id, handover_id, digest in query(
        "SELECT id, handover_id, digest FROM handover_amendment ORDER BY id", ()
    ):
        if amendment_digest(query, amendment_id) != digest:
            label = labels.get(handover_id, f"#{handover_id}")
            mismatches.append(
                Mismatch(handover_id, label, f"补充说明 #{amendment_id} 与其摘要不符")
            )
    return len(signed), mismatches


def session_query(session: Session) -> Query:
    """A Query over an SQLAlchemy session, seeing its own unflushed-then-flushed writes."""

    def query(sql: str, params: Sequence[Any]) -> list[tuple]:
        session.flush()
        return connection_query(session.connection())(sql, params)

    return query
