"""``hotline-tui migrate-to URL``: copy the floor's SQLite file into an empty PostgreSQL
database, then prove it: every row the same, every digest and the audit chain checked on
the server."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.common import refuse_a_used_server
from hotline_tui.config import Settings
from hotline_tui.db.presence import holders, refuse_while_open
from hotline_tui.db.store import Store, resolve_target, safe_text, server_url
from hotline_tui.db.transfer import compare_tables, copy_tables
from hotline_tui.domain.health import check_server
from hotline_tui.domain.setup import open_existing
from hotline_tui.errors import DomainError
from hotline_tui.model.text import visible


def main(args: argparse.Namespace, settings: Settings) -> int:
    url = server_url(args.url)
    if url is None:
        raise DomainError(f"目标应是 PostgreSQL 地址（postgresql+psycopg://…），而不是：{args.url}")
    if server_url(settings.db) is not None:
        raise DomainError("--db 应是要迁出的 SQLite 数据库文件。")
    refuse_a_used_server(args.url, "迁移的数据")
    # What they wrote during the copy would be left behind in the file.
    refuse_while_open(holders(resolve_target(settings.db)), "迁移")
    clock = clock_from_environment()
    source = open_existing(settings, clock)  # checked on open: quick check, chain head
    try:
        target = Store.open(args.url, clock)  # the schema, by the same migrations
        try:
            print(f"正在把 {source.where} 复制到 {safe_text(url)}：")
            with source.engine.connect() as read, target.write_engine.begin() as write:
                copied = copy_tables(
                    read, write, lambda table, rows: print(f"  {table}：{rows} 行", flush=True)
                )
            print("正在逐行核对……", flush=True)
            with source.engine.connect() as read, target.engine.connect() as written:
                differences = compare_tables(read, written)
            head_before, head_after = source.chain_head(), target.chain_head()
        finally:
            target.close()
    finally:
        source.close()
    report = check_server(url, None)
    problems = differences + report.problems
    if head_before != head_after:
        problems.append(f"操作记录校验链的末端不同：{head_before} / {head_after}")
    total = sum(copied.values())
    if problems:
        for line in problems:
            print(f"问题：{visible(line)}")
        print(f"结论：复制了 {total} 行，但核对发现 {len(problems)} 个问题；请不要改用这个数据库。")
        return 1
    digests = report.passed.get("digests", "")
    print(f"已复制 {len(copied)} 张表、{total} 行，逐行核对一致。")
    print(f"{digests}；{head_after}。")
    print(f"以后请用 --db '{safe_text(url)}'（或在配置文件中写 db = \"…\"）。")
    return 0
