"""``hotline-tui import-rota FILE --as STAFF_NO``: a rota from a spreadsheet or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from hotline_tui.commands.common import signed_in
from hotline_tui.config import Settings
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.imports.rota_file import import_rota
from hotline_tui.workdays import load_calendar, special_days_among


def main(args: argparse.Namespace, settings: Settings) -> int:
    # A bad file's every row is in the error, said by cli.main like any refusal.
    why = "请用 --as 给出导入人的工号：排班的每一次修改都记在操作人名下。"
    with signed_in(args, settings, why) as (store, actor):
        result = import_rota(store, actor, Path(args.file).expanduser(), list_shifts(store))
    print(result.text)
    special = special_days_among(load_calendar(*settings.workdays_paths), result.days)
    if special:
        print(f"注意，排班中有特殊日期（请确认这样安排）：{special.text}。")
    return 0
