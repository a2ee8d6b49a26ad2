"""``export audit``: the operations log of a span of days, for a manager only."""

from __future__ import annotations

import argparse

from hotline_tui.commands.arguments import date_span, output_path
from hotline_tui.commands.common import signed_in
from hotline_tui.config import Settings
from hotline_tui.domain.audit_trail import AuditFilter, list_audit
from hotline_tui.exports.audit_log import write_audit
from hotline_tui.exports.files import write_whole


def main(args: argparse.Namespace, settings: Settings) -> int:
    since, until = date_span(args.since, args.until)
    path = output_path(
        args.output, ".xlsx", refusal="操作记录导出为 Excel 文件，请用 .xlsx 结尾：{name}"
    )
    why = "请用 --as 给出导出人的工号（项目经理或运营主管）：操作记录只给管理人员看。"
    with signed_in(args, settings, why) as (store, actor):
        rows, _ = list_audit(store, actor, AuditFilter(since=since, until=until), limit=10_000_000)
    count = write_whole(path, lambda temp: write_audit(rows, temp))
    print(f"已导出 {count} 条操作记录（{since} 至 {until}）到 {path}")
    return 0
