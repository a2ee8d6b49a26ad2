"""``hotline-tui seat-plan --date D --shift S --as STAFF_NO [--yes]``: the seat fill of one
shift, previewed, saved only with --yes."""

from __future__ import annotations

import argparse

from hotline_tui.commands.arguments import date_arg
from hotline_tui.commands.common import signed_in
from hotline_tui.config import Settings
from hotline_tui.domain.floor.fill import apply_fill, preview_fill, preview_lines
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.errors import DomainError
from hotline_tui.model.floorplan import load_floorplan
from hotline_tui.model.shifts import describe_day, read_shift_word


def main(args: argparse.Namespace, settings: Settings) -> int:
    day = date_arg(args.day, "--date")
    if not args.shift:
        raise DomainError("请用 --shift 给出班次，如 早班。")
    why = "请用 --as 给出排座人的工号：每一次排座都记在操作人名下。"
    with signed_in(args, settings, why) as (store, actor):
        shifts = list_shifts(store)
        try:
            shift = read_shift_word(args.shift, shifts)
        except ValueError:
            shift = None
        if shift is None:
            names = "、".join(x.name for x in shifts)
            raise DomainError(f"没有班次“{args.shift}”（可用：{names}）。")
        floorplan = load_floorplan(settings.floorplan_path)
        preview = preview_fill(store, day, shift, floorplan.places, overflow=args.overflow)
        print(f"{describe_day(day)} {shift.name}")
        for line in preview_lines(preview, None if args.overflow else "加 --overflow "):
            print(line)
        if not preview.placements:  # filled already: a second run is not an error
            print("没有要安排的人，未作改动。")
            return 0
        if not args.yes:
            print("以上为预览，未保存；加 --yes 保存。")
            return 0
        count = apply_fill(store, actor, preview)
    print(f"已安排 {count} 人。")
    return 0
