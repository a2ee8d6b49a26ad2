"""``hotline-tui init --manager STAFF_NO --name NAME``: a new floor's first person, its
项目经理, with the PIN they choose at the shell."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.domain.people.manage import init_floor
from hotline_tui.domain.people.roster import nobody_yet
from hotline_tui.domain.setup import open_store
from hotline_tui.errors import DomainError
from hotline_tui.pin_prompt import ask_twice


def main(args: argparse.Namespace, settings: Settings) -> int:
    store, _ = open_store(settings, clock_from_environment())
    try:
        if not nobody_yet(store):  # before asking for a PIN that could not be used
            raise DomainError("数据库中已经有人员，不需要再初始化；请由项目经理登录后添加。")
        pin, again = ask_twice(f"项目经理 {args.manager} 的 PIN（6 到 12 位数字）：")
        init_floor(store, args.manager, args.name, pin, again)
    finally:
        store.close()
    print(
        f"已建立项目经理 {args.name}（{args.manager}）。下一步：用 import-staff 导入人员名单，"
        f"或用 --as {args.manager} 登录后在“人员”（F8）中逐个添加。"
    )
    return 0
