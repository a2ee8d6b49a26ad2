"""``hotline-tui demo``: a demo database, same seed same data, then the desk on it."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.clock import clock_from_environment
from hotline_tui.commands.common import refuse_a_used_server
from hotline_tui.commands.start import start
from hotline_tui.config import Settings, default_db_path
from hotline_tui.db import presence
from hotline_tui.db.store import StoreError, resolve_target, server_url
from hotline_tui.demo.generate import STEPS, load_demo
from hotline_tui.domain.setup import open_store


def main(args: argparse.Namespace, settings: Settings) -> int:
    explicit = args.db
    if not explicit:
        path = default_db_path().parent / "demo.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The default demo database is ours to rebuild (same seed, same data), but never
        # under a terminal, browser session or command that has it open: they would go
        # on writing into a deleted file. The restore lock keeps new ones out meanwhile.
        with presence.restoring(path) as others:
            presence.refuse_while_open(others, "重建演示数据库")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        settings = settings.with_db(str(path))
    elif server_url(explicit) is not None:
        refuse_a_used_server(explicit, "演示数据")
    else:
        path = resolve_target(explicit)
        if path.exists() and path.is_file() and path.stat().st_size > 0:
            raise StoreError(f"{path} 已存在；演示数据只写入新的数据库文件，请换一个路径。")
        presence.refuse_while_open(presence.holders(path), "写入演示数据")
    clock = clock_from_environment()
    store, floorplan = open_store(settings, clock)
    try:
        steps = iter(range(1, STEPS + 1))
        load_demo(
            store,
            floorplan,
            clock.now().date(),
            seed=args.seed,
            # A few seconds of work: say what is being written, step by step.
            progress=lambda step: print(
                f"正在生成演示数据（{next(steps)}/{STEPS}）：{step}", flush=True
            ),
        )
        print(f"演示数据库已创建：{store.where}")
        if args.no_start:
            return 0
        return start(
            settings, store, floorplan, clock, getattr(args, "as_staff", None), ask_pin=False
        )
    finally:
        store.close()
