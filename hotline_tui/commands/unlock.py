"""``hotline-tui unlock STAFF_NO``: a person locked by wrong PINs, unlocked by whoever
may write the database (the ops PC's account), for when no manager can sign in; the
audit row names that account."""

from __future__ import annotations

import argparse
import getpass

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.domain.people.pins import unlock
from hotline_tui.domain.setup import open_existing


def main(args: argparse.Namespace, settings: Settings) -> int:
    store = open_existing(settings, clock_from_environment())
    try:
        account = getpass.getuser()
        was_locked = unlock(store, None, args.staff_no, file_owner=f"命令行（系统账户 {account}）")
    finally:
        store.close()
    print(
        f"已为工号 {args.staff_no} 解锁，连续错误次数已清零。"
        if was_locked
        else f"工号 {args.staff_no} 没有被锁定；连续错误次数已清零。"
    )
    return 0
