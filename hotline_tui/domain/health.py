"""`hotline-tui check`: integrity, schema version and row counts, read without writing."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from hotline_tui.config import default_key_path
from hotline_tui.db import chain, schema, seals
from hotline_tui.db.peek import read_only_uri
from hotline_tui.db.plain_sql import Query, connection_query, sqlite_query
from hotline_tui.db.store import BUSY_TIMEOUT_MS
from hotline_tui.domain.audit_trail import column_label
from hotline_tui.domain.handover.digest import verify_all
from hotline_tui.domain.reports.filing import verify_reports
from hotline_tui.errors import StoreError
from hotline_tui.model.floorplan import Floorplan
from hotline_tui.model.states import HandoverStatus
from hotline_tui.model.text import moment

MAX_BREAKS = 50  # named one by one; beyond that, counted

COUNTED_TABLES = (
    ("staff", "人员"),
    ("staff_status", "人员状态（按日期）"),
    ("work_group", "工作组"),
    ("seat", "座位"),
    ("shift_def", "班次"),
    ("seat_assignment", "座位安排"),
    ("seat_outage", "停用记录"),
    ("handover", "交接班"),
    ("open_item", "待办事项"),
    ("handover_amendment", "补充说明"),
    ("rota_entry", "排班"),
    ("attendance", "考勤"),
    ("meeting", "早班会"),
    ("urgent_issue", "紧急问题"),
    ("fault", "故障"),
    ("replacement_request", "撤换要求"),
    ("kpi_figure", "外部指标数据"),
    ("work_report", "工作汇报"),
    ("escalation", "请示报告"),
    ("qc_record", "质检记录"),
    ("exam_result", "考试成绩"),
    ("training_session", "培训"),
    ("audit_log", "操作日志"),
)


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # The checks that passed, by name (integrity, digests, actors, chain), each its line:
    # what a backup or a migration reports of the check, without reading the words.
    passed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def passes(self, check: str, line: str) -> None:
        self.lines.append(line)
        self.passed[check] = line


def check_database(path: Path, floorplan: Floorplan | None, key_path: Path | None = None) -> Report:
    """An SQLite file, read-only: SQLite's own checks, then ``check_contents``."""
    report = Report()
    conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity == ["ok"]:
            report.passes("integrity", "完整性检查：正常")
        else:
            report.problems.extend(f"完整性检查：{line}" for line in integrity)
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            report.problems.append(f"外键检查：{len(fk)} 行引用了不存在的记录")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        check_contents(sqlite_query(conn), tables, report, floorplan, key_path)
    except sqlite3.DatabaseError as exc:
        report.problems.append(f"数据库无法读取：{exc}")
    finally:
        conn.close()
    return report


def check_server(url: sa.URL, floorplan: Floorplan | None, key_path: Path | None = None) -> Report:
    """A PostgreSQL database, in one read-only transaction: the server keeps its pages and
    foreign keys itself (what SQLite's integrity and foreign-key checks look at in a
    file); the contents are checked as in a file."""
    report = Report()
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            version = conn.exec_driver_sql("SHOW server_version").scalar()
            report.lines.append(f"PostgreSQL 服务器：{version}，连接正常")
            tables = set(sa.inspect(conn).get_table_names())
            check_contents(connection_query(conn), tables, report, floorplan, key_path)
    except sa.exc.SQLAlchemyError as exc:
        report.problems.append(f"数据库无法读取：{getattr(exc, 'orig', None) or exc}")
    finally:
        engine.dispose()
    return report


def check_contents(
    query: Query,
    tables: set[str],
    report: Report,
    floorplan: Floorplan | None,
    key_path: Path | None,
) -> None:
    """What the desk itself keeps, the same on either database: schema version, row
    counts, handover digests, audit actors, the audit chain, seats against the plan."""
    revision = None
    if "alembic_version" in tables:
        rows = query("SELECT version_num FROM alembic_version", ())
        revision = rows[0][0] if rows else None
    if revision == schema.HEAD:
        report.lines.append(f"架构版本：{revision}（最新）")
    elif revision is None:
        report.problems.append("架构版本：未知（数据库尚未初始化）")
    else:
        report.lines.append(f"架构版本：{revision}（最新为 {schema.HEAD}，下次启动时自动升级）")
    for table, title in COUNTED_TABLES:
        if table in tables:
            count = query(f'SELECT count(*) FROM "{table}"', ())[0][0]
            report.lines.append(f"{title}（{table}）：{count} 行")
    if "handover" in tables:
        _check_handover_digests(query, report)
        if "handover_tally" in tables:  # since 0022
            _check_tally(query, report)
    if "work_report" in tables:
        _check_report_digests(query, report)
    if "audit_log" in tables:
        _check_audit_actors(query, report)
        if revision is not None and revision >= "0008":  # the chain's column since 0008
            _check_chain(query, report, key_path or default_key_path())
        if "row_seal" in tables:  # since 0019
            _check_seals(query, tables, report)
    if floorplan is not None and "seat" in tables:
        known = {r[0] for r in query("SELECT label FROM seat", ())}
        missing = [label for label in floorplan.labels if label not in known]
        extra = sorted(known - set(floorplan.labels))
        if missing:
            report.lines.append(f"平面图中有 {len(missing)} 个座位尚未写入数据库（下次启动时补上）")
        if extra:
            report.lines.append(
                f"数据库中有 {len(extra)} 个座位不在平面图上：{'、'.join(extra[:10])}"
            )
        report.lines.append(f"平面图座位数：{len(floorplan.labels)}")


def _check_tally(query: Query, report: Report) -> None:
    """The handover list's kept counts against the handovers themselves."""
    kept: dict[str, int] = {
        status: n for status, n in query("SELECT status, n FROM handover_tally", ()) if n
    }
    counted: dict[str, int] = dict(
        query("SELECT status, count(*) FROM handover GROUP BY status", ())
    )
    if kept == counted:
        return
    labels = {status.value: status.label for status in HandoverStatus}
    differ = "，".join(
        f"{labels.get(status, status)} 记 {kept.get(status, 0)} 份、实有 {counted.get(status, 0)} 份"
        for status in sorted(set(kept) | set(counted))
        if kept.get(status, 0) != counted.get(status, 0)
    )
    report.problems.append(
        f"交接班列表的计数与交接班记录不符（{differ}）：数据库在值班台之外被改动过。"
    )


def _stored_moment(text: str) -> str:
    """A time as SQLite holds it (naive UTC text), as the floor reads it."""
    try:
        return moment(datetime.fromisoformat(text).replace(tzinfo=UTC))
    except (TypeError, ValueError):
        return str(text)


def _check_chain(query: Query, report: Report, key_path: Path) -> None:
    """Every audit link holds with the key; every signed record is the one the chain signed."""
    try:
        key = chain.load_key(key_path, create=False)
    except StoreError as exc:
        report.problems.append(exc.message)
        return
    if key is None:
        report.problems.append(
            f"找不到操作记录的校验密钥 {key_path}，无法验证校验链（密钥与数据库应一起保管）。"
        )
        return
    breaks = list(chain.verify(key, chain.read_rows(query)))
    total = query("SELECT count(*) FROM audit_log", ())[0][0]
    mismatched = sum(1 for b in breaks if b.what.startswith("校验值不符"))
    if total > 1 and mismatched == total:
        # Not one link holds: the key is not this database's, far likelier than every row
        # rewritten. Say that, not 10,000 breaks.
        report.problems.append(
            f"操作记录校验链：全部 {total} 条都对不上，本机的校验密钥（{key_path}）"
            "多半不是这个数据库的；请换上与数据库一起保管的密钥（hotline-tui config 显示位置）"
        )
        return
    for b in breaks[:MAX_BREAKS]:
        report.problems.append(
            f"操作记录校验链 #{b.row_id}（{_stored_moment(b.at)}，{b.action}）：{b.what}"
        )
    if len(breaks) > MAX_BREAKS:
        report.problems.append(f"操作记录校验链：另有 {len(breaks) - MAX_BREAKS} 处断开未列出")
    if not breaks:
        report.passes(
            "chain", f"{chain.head_text(query)}（全部一致；请与最近打印的交接班归档核对）"
        )
    _check_signed_against_chain(query, report)


def _check_seals(query: Query, tables: set[str], report: Report) -> None:
    """Every record that feeds an indicator or a right, as the chain sealed it last:
    named by table, row and field where it is not (db/seals.py)."""
    verdict = seals.verify(query, tables, column_label)
    for line in verdict.broken[:MAX_BREAKS]:
        report.problems.append(line)
    for finding in verdict.findings[:MAX_BREAKS]:
        report.problems.append(finding.text)
    hidden = max(0, len(verdict.broken) - MAX_BREAKS) + max(0, len(verdict.findings) - MAX_BREAKS)
    if hidden:
        report.problems.append(f"记录封存：另有 {hidden} 处不符未列出")
    if not verdict.broken and not verdict.findings:
        report.passes(
            "seals",
            f"记录封存：考勤、排班、指标数据、时效、质检、考试、培训、人员与 PIN 等 "
            f"{verdict.checked} 条记录，都与校验链中最后一次保存的一致",
        )


def _check_signed_against_chain(query: Query, report: Report) -> None:
    """A signed handover and each amendment are as the chain recorded them when written:
    a digest recomputed, a signer changed, a record deleted or set back is caught here."""
    signed: dict[int, tuple[str, int | None]] = {}
    amended: dict[int, tuple[int, str]] = {}
    for action, key, actor_id, after in query(
        "SELECT action, entity_key, actor_id, after FROM audit_log"
        " WHERE action IN ('handover.sign', 'handover.amend') ORDER BY id",
        (),
    ):
        data = json.loads(after or "{}")
        if action == "handover.sign":
            signed[int(key)] = (data.get("digest", ""), actor_id)
        elif "digest" in data:
            amended[int(data["amendment"])] = (int(key), data["digest"])
    rows = {
        hid: (status, digest, signer)
        for hid, status, digest, signer in query(
            "SELECT id, status, digest, signed_by FROM handover", ()
        )
    }
    for hid, (status, digest, signer) in sorted(rows.items()):
        if status != HandoverStatus.SIGNED:
            continue
        if hid not in signed:
            report.problems.append(f"交接班 #{hid}：已签收，但操作记录链中没有它的签收")
        elif signed[hid] != (digest, signer):
            report.problems.append(
                f"交接班 #{hid}：签收摘要或签收人与操作记录链中的签收不符（在程序之外被改动）"
            )
    for hid in sorted(signed):
        if hid not in rows:
            report.problems.append(f"交接班 #{hid}：操作记录链中已签收，但这份交接班已被删除")
        elif rows[hid][0] != HandoverStatus.SIGNED:
            report.problems.append(
                f"交接班 #{hid}：操作记录链中已签收，但现在的状态是“{rows[hid][0]}”"
            )
    stored = {
        aid: (hid, digest)
        for aid, hid, digest in query("SELECT id, handover_id, digest FROM handover_amendment", ())
    }
    for aid, recorded in sorted(amended.items()):
        if aid not in stored:
            report.problems.append(f"补充说明 #{aid}（交接班 #{recorded[0]}）：已被删除")
        elif stored[aid] != recorded:
            report.problems.append(
                f"补充说明 #{aid}（交接班 #{recorded[0]}）：与操作记录链中的不符（被改动）"
            )


def _check_audit_actors(query: Query, report: Report) -> None:
    """Every change must be in the name of someone on the staff (or of the system itself)."""
    unknown = query(
        "SELECT a.actor_id, count(*), min(a.at), max(a.at) FROM audit_log a "
        "LEFT JOIN staff s ON s.id = a.actor_id "
        "WHERE a.actor_id IS NOT NULL AND s.id IS NULL GROUP BY a.actor_id ORDER BY a.actor_id",
        (),
    )
    for actor_id, count, first, last in unknown:
        report.problems.append(
            f"操作记录：{count} 条记在不存在的人员 #{actor_id} 名下"
            f"（{_stored_moment(first)} 至 {_stored_moment(last)}），可能在程序之外被改动"
        )
    if not unknown:
        total = query("SELECT count(*) FROM audit_log", ())[0][0]
        report.passes("actors", f"操作记录：{total} 条，操作人都在人员名单中")


def _check_report_digests(query: Query, report: Report) -> None:
    """Every submitted work report must still hash to the digest stored when submitted,
    and be as the chain recorded its submission: a digest recomputed after an edit,
    a report deleted or set back to a draft is caught here."""
    checked, problems = verify_reports(query)
    recorded: dict[int, str] = {}
    for (after,) in query(
        "SELECT after FROM audit_log WHERE action = 'report.submit' ORDER BY id", ()
    ):
        data = json.loads(after or "{}")
        recorded[int(data["id"])] = data.get("digest", "")
    stored = {
        rid: digest
        for rid, digest in query(
            "SELECT id, digest FROM work_report WHERE submitted_at IS NOT NULL", ()
        )
    }
    for rid in sorted(stored.keys() - recorded.keys()):
        problems.append(f"工作汇报 #{rid} 已提交，但操作记录链中没有它的提交")
    for rid in sorted(recorded.keys() - stored.keys()):
        problems.append(f"工作汇报 #{rid} 在操作记录链中已提交，但现在已被删除或退回草稿")
    for rid in sorted(stored.keys() & recorded.keys()):
        if stored[rid] != recorded[rid]:
            problems.append(f"工作汇报 #{rid} 的提交摘要与操作记录链中的不符")
    for problem in problems:
        report.problems.append(f"{problem}，可能在程序之外被改动")
    if not problems:
        report.passes("reports", f"工作汇报提交摘要：{checked} 份已提交，全部一致")


def _check_handover_digests(query: Query, report: Report) -> None:
    """Every signed handover must still hash to the digest stored when it was signed."""
    checked, mismatches = verify_all(query)
    for m in mismatches:
        report.problems.append(
            f"交接班 #{m.handover_id}（{m.label}）：{m.what}，可能在程序之外被改动"
        )
    if not mismatches:
        report.passes("digests", f"交接班签收摘要：{checked} 份已签收，全部一致")
