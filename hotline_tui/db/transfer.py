"""`hotline-tui migrate-to URL`: a floor's SQLite file copied into PostgreSQL, every
table, in one transaction, then compared row by row.

The schema on the server is made by the same Alembic migrations; the rows go across
as the ORM types read and write them (times as UTC), so that a value reads back the
same from either database. A foreign key that closes a cycle (a group's leader is a
staff member, who belongs to a group) is filled in after every table is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import sqlalchemy as sa

from hotline_tui.db.tables import Base

BATCH = 5000


def _tables() -> list[sa.Table]:
    return list(Base.metadata.sorted_tables)


def _late_columns(table: sa.Table) -> list[str]:
    """Columns whose foreign key closes a cycle: written after every table."""
    return [fk.parent.name for fk in table.foreign_keys if fk.use_alter]


def _batches(conn: sa.Connection, table: sa.Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns)
    result = conn.execution_options(stream_results=True).execute(sa.select(table).order_by(*order))
    for chunk in result.mappings().partitions(BATCH):
        yield [dict(row) for row in chunk]


def copy_tables(
    source: sa.Connection, target: sa.Connection, progress: Callable[[str, int], None]
) -> dict[str, int]:
    """Every row of every table from ``source`` into the empty tables of ``target``
    (inside the caller's transaction); then each sequence set past the largest id.
    Returns the rows copied, by table."""
    copied: dict[str, int] = {}
    late: list[tuple[sa.Table, list[str], list[dict[str, Any]]]] = []
    for table in _tables():
        later = _late_columns(table)
        count = source.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        progress(table.name, count)
        pending: list[dict[str, Any]] = []
        for rows in _batches(source, table):
            if later:
                keys = [c.name for c in table.primary_key.columns]
                pending.extend(
                    {**{k: r[k] for k in keys}, **{c: r[c] for c in later}} for r in rows
                )
                rows = [{**r, **dict.fromkeys(later)} for r in rows]
            target.execute(sa.insert(table), rows)
        if later:
            late.append((table, later, pending))
        copied[table.name] = count
    for table, later, pending in late:
        keys = [c.name for c in table.primary_key.columns]
        filled = [r for r in pending if any(r[c] is not None for c in later)]
        if filled:
            statement = (
                sa.update(table)
                .where(*(table.c[k] == sa.bindparam(f"key_{k}") for k in keys))
                .values({c: sa.bindparam(f"new_{c}") for c in later})
            )
            target.execute(
                statement,
                [{**{f"key_{k}": r[k] for k in keys}, **{f"new_{c}": r[c] for c in later}}
                 for r in filled],
            )  # fmt: skip
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, sa.Integer) and pk[0].autoincrement:
            target.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"coalesce((SELECT max({pk[0].name}) FROM {table.name}), 0) + 1, false)"
            )
    return copied


def compare_tables(source: sa.Connection, target: sa.Connection) -> list[str]:
    """Every table read in key order from both: each row must be the same, value for value."""
    differences = []
    for table in _tables():
        left, right = _batches(source, table), _batches(target, table)
        position = 0
        while True:
            a, b = next(left, None), next(right, None)
            if a is None and b is None:
                break
            a, b = a or [], b or []
            for n, (row_a, row_b) in enumerate(zip(a, b, strict=False)):
                if row_a != row_b:
                    columns = [k for k in row_a if row_a[k] != row_b.get(k)]
                    differences.append(
                        f"{table.name} 第 {position + n + 1} 行不同（{'、'.join(columns)}）"
                    )
                    break
            if len(a) != len(b):
                differences.append(f"{table.name} 行数不同")
                break
            position += len(a)
    return differences
