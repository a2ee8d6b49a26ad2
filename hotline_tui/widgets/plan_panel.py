"""The side panel of the floor screen: occupancy, people per group, out-of-service seats,
and the seat under the cursor."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import set_cell_size
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from hotline_tui.model.seat_plan import Plan
from hotline_tui.model.text import moment


def plan_summary(plan: Plan, cursor: str, total: int, group_style: Callable[[int], Style]) -> Text:
    text = Text(no_wrap=False, overflow="fold")
    occupied = plan.occupied
    out = plan.out_of_service
    text.append("坐席占用  ", "bold")
    text.append(f"{occupied} / {total}\n", "bold")
    text.append(f"空闲 {total - occupied - len(out)}    停用 {len(out)}\n\n")

    text.append("各组在座\n", "bold")
    if not plan.group_counts:
        text.append("  本班次还没有安排座位：按 f 按排班排座，或在空位上按 Enter 安排。\n", "dim")
    marks = plan.marks
    for group, order, count in plan.group_counts:
        text.append(f" {marks.get(order, '')} ", group_style(order))
        text.append(" " + set_cell_size(group or "管理人员", 17))
        text.append(f"{count:>4}\n")
    text.append("\n停用座位\n", "bold")
    if not out:
        text.append("  无\n", "dim")
    for seat in out:
        text.append(f"  {seat.label} ", "bold")
        text.append(f"{seat.out_reason}\n")
        text.append(f"      {moment(seat.out_since)} 起\n", "dim")

    if plan.disagrees:
        text.append("\n与排班不符（按 y 处理）\n", "bold")
        for label in plan.off_rota:
            view = plan.seats[label]
            text.append(f"  {label} {view.name}：不在本班排班\n")
        for person in plan.unseated:
            text.append(f"  {person.name}（{person.staff_no}）：已到岗，无座位\n")
        for label, mark in plan.away.items():
            text.append(f"  {label} {plan.seats[label].name}：标记{mark}\n")

    text.append("\n当前座位  ", "bold")
    text.append(f"{cursor}\n", "bold")
    here = plan.seats.get(cursor)
    if here is None:
        text.append("  该座位不在数据库中。\n", "dim")
    elif here.out_of_service:
        text.append(f"  停用：{here.out_reason}\n")
        text.append(f"  {moment(here.out_since)} 起，按 o 恢复\n", "dim")
    elif here.occupied:
        text.append(f"  {here.name}（{here.staff_no}）\n")
        text.append(f"  {here.group or '管理人员'}\n")
        text.append(f"  {moment(here.assigned_at)} 由 {here.assigned_by or '系统'} 安排\n", "dim")
    else:
        text.append("  空位，按 Enter 安排\n", "dim")
    return text


def plan_line(plan: Plan, cursor: str, total: int) -> str:
    """The side panel in one line, for a narrow terminal: occupancy, then the seat under
    the cursor."""
    out = len(plan.out_of_service)
    here = plan.seats.get(cursor)
    if here is None:
        seat = f"{cursor} 不在数据库中"
    elif here.out_of_service:
        seat = f"{cursor} 停用：{here.out_reason}"
    elif here.occupied:
        seat = f"{cursor} {here.name}（{here.staff_no}）{here.group or '管理人员'}"
    else:
        seat = f"{cursor} 空位"
    odd = len(plan.off_rota) + len(plan.unseated) + len(plan.away)
    disagree = f"  与排班不符 {odd}（y）" if odd else ""
    return f"坐席占用 {plan.occupied}/{total}  停用 {out}{disagree}  │  {seat}"


class PlanPanel(Static):
    """Shows plan_summary(); user text inside is plain Text, never markup."""
