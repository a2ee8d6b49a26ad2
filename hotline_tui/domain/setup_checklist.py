"""The setup checklist (开通清单): what a new floor still lacks before a shift can run
from the desk, each line read from the data (never ticked by hand) and saying what to
press. A manager sees it at sign-in while any line but the backups is open (backups
are the ops PC's, not the manager's terminal), and on F8's o at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pendulum
import sqlalchemy as sa

from hotline_tui.db.store import Store
from hotline_tui.db.tables import Credential
from hotline_tui.domain.attendance.rota import rota_between
from hotline_tui.domain.backups import last_good, stale_text
from hotline_tui.domain.floor.zones import read_zones
from hotline_tui.domain.people.manage import CONTRACT_STAFF, list_groups
from hotline_tui.domain.people.roster import list_staff
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.person_fields import skill_set

ROTA_AHEAD = 14  # days of rota a floor should have in hand


@dataclass(frozen=True)
class CheckItem:
    name: str
    done: bool
    text: str  # what stands now
    todo: str = ""  # what to press, while not done
    gates_sign_in: bool = True  # an open line opens the list at a manager's sign-in


def _names(items: list[str], most: int = 4) -> str:
    shown = "、".join(items[:most])
    return f"{shown} 等 {len(items)} 个" if len(items) > most else shown


def setup_checklist(store: Store, backup_folder: Path, now: pendulum.DateTime) -> list[CheckItem]:
    today = now.date()
    people = list_staff(store)
    groups = list_groups(store)
    zones = read_zones(store)
    items = [
        CheckItem(
            "人员",
            len(people) >= CONTRACT_STAFF,
            f"在职 {len(people)} 人（合同要求 {CONTRACT_STAFF} 人）",
            "在人员（F8）按 i 导入人员名单，或按 a 逐个新增",
        )
    ]
    leaderless = [g.name for g in groups if not g.leader]
    items.append(
        CheckItem(
            "组长",
            bool(groups) and not leaderless,
            f"{_names(leaderless)}还没有组长"
            if leaderless
            else f"{len(groups)} 个工作组都有组长"
            if groups
            else "还没有工作组",  # fmt: skip
            "在人员（F8）按 w 进入工作组，选中后按 l 指定组长",
        )
    )
    zoneless = [g.name for g in groups if not zones.seats_of.get(g.name)]
    items.append(
        CheckItem(
            "座位区",
            bool(groups) and not zoneless,
            f"{_names(zoneless)}还没有座位区"
            if zoneless
            else "各组都有座位区"
            if groups
            else "还没有工作组",  # fmt: skip
            "在坐席图（F2）按 z，选中座位后给各组划座位区",
        )
    )
    items.append(_skills(people, zones.skill_of))
    shifts = list_shifts(store)
    items.append(
        CheckItem(
            "班次",
            bool(shifts),
            "、".join(f"{s.name} {s.start}–{s.end}" for s in shifts) or "没有班次",
            "在设置文件中写明班次表（hotline-tui config 显示它的位置）",
        )
    )
    items.append(_rota(store, today))
    items.append(_pins(store, people))
    items.append(_backups(backup_folder, now))
    return items


def _skills(people: list, skill_of: dict[str, str]) -> CheckItem:
    needed: dict[str, int] = {}
    for skill in skill_of.values():
        if skill:
            needed[skill] = needed.get(skill, 0) + 1
    if not needed:
        return CheckItem("技能", True, "没有需要专门技能的座位")
    having = {s: sum(1 for p in people if s in skill_set(p.skills)) for s in needed}
    parts = [f"{s}席 {n} 个，会{s}的 {having[s]} 人" for s, n in sorted(needed.items())]
    return CheckItem(
        "技能",
        all(having[s] > 0 for s in needed),
        "；".join(parts),
        "在人员（F8）选中人员按 e 填写技能，或导入带“技能”列的人员名单",
    )


def _rota(store: Store, today: date) -> CheckItem:
    until = today + timedelta(days=ROTA_AHEAD - 1)
    on = {day for _, day in rota_between(store, today, until)}
    missing = [today + timedelta(days=n) for n in range(ROTA_AHEAD)]
    missing = [d for d in missing if d not in on]
    text = (
        f"今后 {ROTA_AHEAD} 天都有排班"
        if not missing
        else f"今后 {ROTA_AHEAD} 天中 {len(missing)} 天没有排班（{_names([f'{d:%m-%d}' for d in missing])}）"
    )
    return CheckItem(
        "排班",
        not missing,
        text,
        "在考勤（F4）按 i 导入排班表，或按 w 设每周排班、g 生成",
    )


def _pins(store: Store, people: list) -> CheckItem:
    signing = [p for p in people if p.may_sign_in]
    with store.read() as session:
        with_pin = set(session.execute(sa.select(Credential.staff_id)).scalars())
    without = [f"{p.name}（{p.staff_no}）" for p in signing if p.id not in with_pin]
    return CheckItem(
        "PIN",
        not without,
        f"{_names(without)}还不能登录（没有 PIN）"
        if without
        else f"能登录的 {len(signing)} 人都有 PIN",
        "在人员（F8）选中后按 k 给临时 PIN",
    )


def _backups(folder: Path, now: pendulum.DateTime) -> CheckItem:
    last = last_good(folder)
    stale = stale_text(last, now)
    text = f"备份文件夹 {folder}；" + (
        f"最近一次 {last.taken_text}" if last is not None else "还没有备份"
    )
    if stale is not None and last is not None:
        text += f"（{stale[0]}）"
    return CheckItem(
        "备份",
        stale is None,
        text,
        "在运维电脑上运行 hotline-tui backup，或在设置中写 backup_here = true 每天自动备份",
        gates_sign_in=False,
    )


def needs_setup(items: list[CheckItem]) -> bool:
    """Whether the list opens at a manager's sign-in: a line that gates it is open."""
    return any(not item.done and item.gates_sign_in for item in items)
