"""What a handover record holds: its sections, statuses and limits; loading one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hotline_tui.db.tables import Handover
from hotline_tui.errors import DomainError
from hotline_tui.model.seat_plan import Plan
from hotline_tui.model.shifts import describe_day

# The sections a chief writes, in the order of the paper form; 待办事项 are items.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("traffic", "话务情况"),
    ("systems", "系统运行"),
    ("people", "人员情况"),
    ("other", "其他"),
)

SECTION_TITLES = dict(SECTIONS)

MAX_SECTION = 4000

MAX_TITLE = 60

MAX_NOTE = 200

MAX_AMENDMENT = 2000


def load_handover(session: Session, handover_id: int) -> Handover:
    h = session.get(Handover, handover_id)
    if h is None:
        raise DomainError(f"交接班 #{handover_id} 不存在（可能已被删除）。")
    return h


def plan_summary(plan: Plan, seat_count: int) -> str:
    day, shift = plan.day, plan.shift
    out = len(plan.out_of_service)
    text = f"{describe_day(day)} {shift.name}：已安排 {plan.occupied} / {seat_count} 个座位"
    if out:
        text += f"，停用 {out} 个"
    return text + "。"


def check_sections(sections: dict[str, str]) -> dict[str, str]:
    unknown = set(sections) - set(SECTION_TITLES)
    if unknown:
        raise ValueError(f"unknown handover sections: {sorted(unknown)}")
    for key, value in sections.items():
        if len(value) > MAX_SECTION:
            raise DomainError(
                f"“{SECTION_TITLES[key]}”超过 {MAX_SECTION} 字（现有 {len(value)} 字），请精简。"
            )
    return sections
