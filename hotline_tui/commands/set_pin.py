"""``hotline-tui set-pin STAFF_NO``: a temporary PIN given by a manager (--as), or the
first PIN of a database that never had one."""

from __future__ import annotations

import argparse

from hotline_tui.clock import clock_from_environment
from hotline_tui.config import Settings
from hotline_tui.domain.people.pins import first_pin, nobody_has_a_pin, reset_pin
from hotline_tui.domain.setup import open_existing
from hotline_tui.errors import DomainError
from hotline_tui.pin_prompt import ask_twice, signed_in


def main(args: argparse.Namespace, settings: Settings) -> int:
    store = open_existing(settings, clock_from_environment())
    try:
        if nobody_has_a_pin(store):
            # A database from before PINs: its 项目经理 chooses theirs, at the server's shell.
            pin, again = ask_twice(f"工号 {args.staff_no} 的新 PIN（6 到 12 位数字）：")
            person = first_pin(store, args.staff_no, pin, again)
            print(
                f"{person.name}（{person.staff_no}）的 PIN 已设置，请用它登录后为其他人设置临时 PIN。"
            )
            return 0
        staff_no = getattr(args, "as_staff", None)
        if not staff_no:
            raise DomainError("请用 --as 给出操作人的工号（项目经理或运营主管）。")
        actor = signed_in(store, staff_no, lock_after=settings.pin_lock_after)
        temporary = reset_pin(store, actor, args.staff_no)
    finally:
        store.close()
    print(
        f"工号 {args.staff_no} 的临时 PIN：{temporary}（只显示这一次；本人登录后须改为自己的 PIN）"
    )
    return 0
