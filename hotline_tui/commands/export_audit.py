"""``export audit``: the operations log of a span of days, for a manager only."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.commands.arguments import date_span, output_path
from hotline_tui.commands.common import export_file
from hotline_tui.config import Settings
from hotline_tui.db.store import Store
from hotline_tui.domain.audit_trail import AuditFilter, list_audit
from hotline_tui.exports.audit_log import write_audit
from hotline_tui.model.staff_row import StaffRow


def main(args: argparse.Namespace, settings: Settings) -> int:
    since, until = date_span(args.since, args.until)
    path = output_path(
        args.output, ".xlsx", refusal="操作记录导出为 Excel 文件，请用 .xlsx 结尾：{name}"
    )

    def write(store: Store, actor: StaffRow, temp: Path) -> int:
        rows, _ = list_audit(store, actor, AuditFilter(since=since, until=until), limit=10_000_000)
        return write_audit(rows, temp)

    count = export_file(args, settings, "audit", "操作记录", path, write, f"{since} 至 {until}")
    print(f"已导出 {count} 条操作记录（{since} 至 {until}）到 {path}")
    return 0
