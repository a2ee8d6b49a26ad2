"""``hotline-tui import-traffic FILE --as STAFF_NO [--check]``: the phone platform's report
of calls by half-hour or by day (话务数据)."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.commands.common import signed_in
from hotline_tui.config import Settings
from hotline_tui.imports.traffic_file import import_traffic, read_traffic_file
from hotline_tui.model.permissions import Action, require


def main(args: argparse.Namespace, settings: Settings) -> int:
    # A bad file's every row is in the error, said by cli.main like any refusal.
    why = "请用 --as 给出导入人的工号：话务数据决定人工接通率，每次导入都记在导入人名下。"
    path = Path(args.file).expanduser()
    with signed_in(args, settings, why) as (store, actor):
        if args.check:
            require(actor, Action.OUTSIDE_FIGURES)  # a check answers to whoever may import
            rows = read_traffic_file(path, settings.traffic, store.clock.now().date())
            days = len({r.day for r in rows})
            print(f"检查通过，未保存：{len(rows)} 个时段，{days} 天。")
            return 0
        result = import_traffic(store, actor, path, settings.traffic)
    print(result.text)
    return 0
