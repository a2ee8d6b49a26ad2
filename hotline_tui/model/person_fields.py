"""A person's record as typed or imported: checked field by field, in Chinese.

The same checks serve the people screen's form and every row of a staff file,
so a sheet and a form refuse the same things for the same reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from hotline_tui.errors import DomainError
from hotline_tui.model.text import has_control, looks_like_formula, one_line, visible
from hotline_tui.model.vocab import NEW_STAFF_STATUSES, POSTS, SKILLS, STAFF_STATUSES

# Who works in a group; the managers and the duty chiefs run the whole floor.
GROUP_POSTS = frozenset({"班长", "组员"})
NEW_STATUSES = NEW_STAFF_STATUSES
SHEET_STATUSES = STAFF_STATUSES
MAX_NAME = 20
STAFF_NO = re.compile(r"^[0-9A-Za-z-]{1,16}$")
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
DATE_FORMATS = ("YYYY-MM-DD", "YYYY/M/D")
# The staff list's columns, as the import reads them and the export writes them.
SHEET_COLUMNS = {
    "工号": "staff_no",
    "姓名": "name",
    "组": "group",
    "岗位": "post",
    "状态": "status",
    "入职日期": "hire_date",
    "技能": "skills",
    "手机": "phone",
}
# Optional, read but not written: the first day of a status the sheet changes (today
# when absent), so that a change never reaches back into a closed month.
STATUS_SINCE_COLUMN = {"状态生效日期": "status_since"}
REQUIRED_COLUMNS = ("工号", "姓名", "组", "岗位", "状态", "入职日期")


@dataclass(frozen=True)
class PersonFields:
    """A person as typed: every field already one line of text."""

    staff_no: str
    name: str
    group: str  # "" for the managers and duty chiefs outside the work groups
    post: str
    status: str
    hire_date: date | None
    skills: str  # comma separated, from SKILLS
    phone: str
    status_since: date | None = None  # from when a changed status holds; None: today


def parse_day(text: str) -> date:
    """A date as the README names them: 2026-11-30 or 2026/11/30 (Excel's own)."""
    text = text.strip()
    for pattern in (r"^(\d{4})-(\d{2})-(\d{2})$", r"^(\d{4})/(\d{1,2})/(\d{1,2})$"):
        m = re.match(pattern, text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))  # ValueError for 2026-02-30
    raise ValueError(text)


def typed_day(text: str) -> date:
    """A date typed in a form, as parse_day reads it; refused in words."""
    try:
        return parse_day(text)
    except ValueError:
        raise DomainError(f"日期“{visible(text)}”无效，请写成 YYYY-MM-DD。") from None


def skill_set(skills: str) -> frozenset[str]:
    """A person's stored skills ("综合,社保") as a set."""
    return frozenset(s.strip() for s in (skills or "").split(",") if s.strip())


def parse_skills(text: str) -> str:
    """综合、社保 / 综合,社保 / 综合 社保 -> "综合,社保"; ValueError names the unknown one."""
    words = [w for w in re.split(r"[,，、/\s]+", text.strip()) if w]
    for word in words:
        if word not in SKILLS:
            raise ValueError(word)
    return ",".join(s for s in SKILLS if s in words)


def check_fields(
    raw: dict[str, str | date | datetime | None], today: date
) -> tuple[PersonFields | None, list[str]]:
    """The fields of one person, or the reasons they cannot be taken (all of them)."""

    def text(key: str) -> str:
        value = raw.get(key)
        return "" if value is None else one_line(str(value))

    problems: list[str] = []
    staff_no, name, group = text("staff_no"), text("name"), text("group")
    post, status, skills_text, phone = text("post"), text("status"), text("skills"), text("phone")
    if not staff_no:
        problems.append("缺少工号")
    elif not STAFF_NO.match(staff_no):
        problems.append(f"工号“{visible(staff_no)}”只能是字母、数字和短横线，不超过 16 位")
    if not name:
        problems.append("姓名不能为空")
    elif has_control(name):
        problems.append(f"姓名“{visible(name)}”含有控制字符")
    elif looks_like_formula(name):
        problems.append(f"姓名“{name}”以 {name[0]!r} 开头，会被电子表格当作公式")
    elif len(name) > MAX_NAME:
        problems.append(f"姓名超过 {MAX_NAME} 字")
    if has_control(group):
        problems.append(f"组“{visible(group)}”含有控制字符")
    elif group and looks_like_formula(group):
        problems.append(f"组“{group}”以 {group[0]!r} 开头，会被电子表格当作公式")
    if post not in POSTS:
        problems.append(f"岗位“{visible(post)}”不存在（可填：{'、'.join(POSTS)}）")
    elif post in GROUP_POSTS and not group:
        problems.append(f"{post}要写明所在的组")
    status = status or "在职"
    if status not in SHEET_STATUSES:
        problems.append(f"状态“{visible(status)}”无效（可填：{'、'.join(NEW_STATUSES)}）")
    hire_date: date | None = None
    if raw.get("hire_date") is None and not text("hire_date"):
        problems.append("缺少入职日期")
    else:
        try:
            hire_date = _day_of(raw.get("hire_date"))
        except ValueError:
            problems.append(f"入职日期“{text('hire_date')}”无效，应为 {' 或 '.join(DATE_FORMATS)}")
    status_since: date | None = None
    try:
        status_since = _day_of(raw.get("status_since"))
    except ValueError:
        problems.append(
            f"状态生效日期“{text('status_since')}”无效，应为 {' 或 '.join(DATE_FORMATS)}"
        )
    if hire_date is not None and hire_date > today.replace(year=today.year + 1):
        problems.append(f"入职日期 {hire_date} 在一年以后")
    try:
        skills = parse_skills(skills_text)
    except ValueError as exc:
        problems.append(f"技能“{visible(str(exc))}”无效（可填：{'、'.join(SKILLS)}，可填多个）")
        skills = ""
    if phone and not PHONE.match(phone):
        problems.append(f"手机“{visible(phone)}”不是电话号码")
    if problems:
        return None, problems
    return (
        PersonFields(staff_no, name, group, post, status, hire_date, skills, phone, status_since),
        [],
    )


def _day_of(value: str | date | datetime | None) -> date | None:
    """A date cell, or a date typed as parse_day reads it; None when empty."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = "" if value is None else one_line(str(value))
    return parse_day(text) if text else None
