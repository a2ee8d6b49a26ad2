"""Keeping the list of people true: the first manager, hires, edits, moves between groups,
the end of probation, leaving, and people to be replaced. Nothing with a history is
ever deleted; every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.db.store import Store, WriteTx
from hotline_tui.db.tables import (
    RotaEntry,
    Seat,
    SeatAssignment,
    ShiftDef,
    Staff,
    StaffGroup,
    WorkGroup,
    ZoneSeat,
)
from hotline_tui.domain.people.pins import check_new, store_pin
from hotline_tui.domain.people.roster import has_left, member_on
from hotline_tui.domain.people.status import change_status, record_leaving, start_status
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.periods import require_open
from hotline_tui.model.permissions import MANAGERS, Action, PermissionDenied, allowed, require
from hotline_tui.model.person_fields import (
    MAX_NAME,
    NEW_STATUSES,
    STAFF_NO,
    PersonFields,
    check_fields,
)
from hotline_tui.model.shifts import describe_day
from hotline_tui.model.staff_row import StaffRow, pinyin_keys
from hotline_tui.model.states import Employment
from hotline_tui.model.text import has_control, looks_like_formula, one_line, required_line, visible
from hotline_tui.model.vocab import POSTS

MAX_GROUP_NAME = 20
MAX_REASON = 60


def guard_manager_post(actor: StaffRow, name: str, *posts: str) -> None:
    """Giving, taking or ending a manager's post is the 项目经理's: nobody raises their own."""
    if any(post in MANAGERS for post in posts) and not allowed(actor, Action.ADMINISTER):
        raise PermissionDenied(
            f"只有项目经理可以设定、取消管理岗位或为管理人员办理离职（{name}，{'→'.join(posts)}）。"
        )


def _person(session: Session, staff_no: str) -> Staff:
    person = session.execute(sa.select(Staff).where(Staff.staff_no == staff_no)).scalar()
    if person is None:
        raise DomainError(f"工号 {staff_no} 不存在。")
    return person


def _group_id(session: Session, name: str) -> int:
    group_id = session.execute(sa.select(WorkGroup.id).where(WorkGroup.name == name)).scalar()
    if group_id is None:
        raise DomainError(f"没有“{name}”这个工作组，请先在工作组中添加。")
    return group_id


def _join_group(tx: WriteTx, person: Staff, group_id: int | None, since: date) -> None:
    """Close the person's present membership and open the next one on ``since``."""
    current = tx.session.execute(
        sa.select(StaffGroup).where(StaffGroup.staff_id == person.id, StaffGroup.until.is_(None))
    ).scalar()
    if current is not None:
        if current.since > since:
            raise DomainError(
                f"{person.name} 从 {current.since} 起在现在的组，调组日期不能早于这一天。"
            )
        if current.since == since:
            tx.session.delete(current)  # a correction on the same day: no history in between
        else:
            current.until = since
    if group_id is not None:
        tx.session.add(StaffGroup(staff_id=person.id, group_id=group_id, since=since))
    person.group_id = group_id


# --- the first run ---------------------------------------------------------------------------


def init_floor(store: Store, staff_no: str, name: str, pin: str, again: str) -> int:
    """The first 项目经理 of an empty database, with their PIN; they bring in everyone else."""
    staff_no, name = one_line(staff_no), one_line(name)
    if not STAFF_NO.match(staff_no):
        raise DomainError(f"工号“{visible(staff_no)}”只能是字母、数字和短横线，不超过 16 位。")
    if not name:
        raise DomainError("请填写项目经理的姓名。")
    if has_control(name) or looks_like_formula(name) or len(name) > MAX_NAME:
        raise DomainError(
            f"姓名“{visible(name)}”不能用作姓名（控制字符、公式开头或超过 {MAX_NAME} 字）。"
        )
    pin = check_new(pin)
    if pin != again.strip():
        raise DomainError("两次输入的 PIN 不一致。")
    with store.write(None) as tx:
        if tx.session.execute(sa.select(sa.func.count()).select_from(Staff)).scalar():
            raise ConflictError("数据库中已经有人员，不需要再初始化；请由项目经理登录后添加。")
        initials, full = pinyin_keys(name)
        person = Staff(
            staff_no=staff_no,
            name=name,
            post="项目经理",
            status=Employment.EMPLOYED,
            hire_date=tx.now.date(),
            pinyin_initials=initials,
            pinyin_full=full,
        )
        tx.session.add(person)
        tx.session.flush()
        start_status(tx, person.id, Employment.EMPLOYED)
        tx.actor_id = person.id
        store_pin(tx, person.id, pin, temporary=False)
        tx.audit("people.init", "staff", staff_no, None, {"name": name, "post": "项目经理"})
        return person.id


# --- one person ------------------------------------------------------------------------------


def add_person(store: Store, actor: StaffRow | None, fields: PersonFields) -> int:
    actor = require(actor, Action.MANAGE_PEOPLE)
    guard_manager_post(actor, fields.name, fields.post)
    with store.write(actor.id) as tx:
        if tx.session.execute(sa.select(Staff.id).where(Staff.staff_no == fields.staff_no)).first():
            raise ConflictError(f"工号 {fields.staff_no} 已被使用，请换一个工号。")
        person = new_person(
            tx, fields, _group_id(tx.session, fields.group) if fields.group else None
        )
        tx.audit("people.add", "staff", fields.staff_no, None, _fields_json(fields))
        return person.id


def new_person(tx: WriteTx, fields: PersonFields, group_id: int | None) -> Staff:
    """Inside a write: a new person, their first status and group membership (no audit row)."""
    if fields.status not in NEW_STATUSES:
        raise DomainError(f"新人员的状态只能是{'或'.join(NEW_STATUSES)}。")
    person = _staff_of(fields)
    tx.session.add(person)
    tx.session.flush()
    start_status(tx, person.id, fields.status)
    if group_id is not None:
        _join_group(tx, person, group_id, _first_day(tx, fields))
    return person


def _staff_of(fields: PersonFields) -> Staff:
    initials, full = pinyin_keys(fields.name)
    return Staff(
        staff_no=fields.staff_no,
        name=fields.name,
        post=fields.post,
        status=fields.status,
        hire_date=fields.hire_date,
        skills=fields.skills,
        phone=fields.phone,
        pinyin_initials=initials,
        pinyin_full=full,
    )


def _first_day(tx: WriteTx, fields: PersonFields) -> date:
    """A new person's first day in their group: their hire date, never after today."""
    return min(fields.hire_date or tx.now.date(), tx.now.date())


def _fields_json(fields: PersonFields) -> dict[str, object]:
    return {
        "name": fields.name,
        "group": fields.group,
        "post": fields.post,
        "status": fields.status,
        "hire_date": fields.hire_date,
        "skills": fields.skills,
        "phone": fields.phone,
    }


def edit_person(
    store: Store,
    actor: StaffRow | None,
    staff_no: str,
    *,
    name: str,
    post: str,
    skills: str,
    phone: str,
) -> None:
    """Name, post, skills and phone; the group changes through ``move_to_group``."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        person = _person(tx.session, staff_no)
        group = tx.session.get(WorkGroup, person.group_id) if person.group_id else None
        checked, problems = check_fields(
            {
                "staff_no": staff_no,
                "name": name,
                "group": group.name if group else "",
                "post": post,
                "status": Employment.EMPLOYED,
                "hire_date": person.hire_date or tx.now.date(),
                "skills": skills,
                "phone": phone,
            },
            tx.now.date(),
        )
        if checked is None:
            raise DomainError("；".join(problems) + "。")
        before = {"name": person.name, "post": person.post, "skills": person.skills,
                  "phone": person.phone}  # fmt: skip
        after = {"name": checked.name, "post": checked.post, "skills": checked.skills,
                 "phone": checked.phone}  # fmt: skip
        if before == after:
            raise DomainError("没有修改任何内容。")
        if checked.post != person.post:
            guard_manager_post(actor, person.name, person.post, checked.post)
        if checked.name != person.name:
            person.pinyin_initials, person.pinyin_full = pinyin_keys(checked.name)
        person.name, person.post = checked.name, checked.post
        person.skills, person.phone = checked.skills, checked.phone
        tx.audit("people.edit", "staff", staff_no, before, after)


def move_to_group(
    store: Store, actor: StaffRow | None, staff_no: str, group: str, on: date
) -> None:
    """From ``on`` (today or earlier) the person works in ``group``; before that, where they were."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        if on > tx.now.date():
            raise DomainError("调组日期不能晚于今天：请到那一天再调组。")
        person = _person(tx.session, staff_no)
        if has_left(person.status, person.left_on, on):
            raise DomainError(f"{person.name} 已离职，不能调组。")
        group_id = _group_id(tx.session, group)
        if group_id == person.group_id:
            raise DomainError(f"{person.name} 已经在{group}。")
        old = tx.session.get(WorkGroup, person.group_id) if person.group_id else None
        _join_group(tx, person, group_id, on)
        tx.audit(
            "people.move",
            "staff",
            staff_no,
            {"group": old.name if old else ""},
            {"group": group, "since": on},
        )


def end_probation(store: Store, actor: StaffRow | None, staff_no: str) -> None:
    """From today the person is formal staff (正式人员); the days before stay probation."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        person = _person(tx.session, staff_no)
        if person.status != Employment.PROBATION:
            raise DomainError(f"{person.name} 不在试用期（现在是{person.status}）。")
        change_status(tx, person, Employment.EMPLOYED, tx.now.date())
        tx.audit(
            "people.confirm",
            "staff",
            staff_no,
            {"status": Employment.PROBATION},
            {"status": Employment.EMPLOYED, "since": tx.now.date()},
        )


# --- leaving -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leftovers:
    """What still names a person from their leaving day on."""

    seats: list[str]  # "11-30 周一 早班 A07"
    rota: list[str]  # "11-30 周一 早班"

    @property
    def empty(self) -> bool:
        return not self.seats and not self.rota


def leave(store: Store, actor: StaffRow | None, staff_no: str, on: date, reason: str) -> None:
    """``on`` is the first day they no longer work here; their history stays."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    reason = required_line(
        reason, MAX_REASON, "请写明离职原因（如：个人原因辞职、合同到期）。", "离职原因"
    )
    with store.write(actor.id) as tx:
        person = _person(tx.session, staff_no)
        guard_manager_post(actor, person.name, person.post)
        if person.left_on is not None:
            raise ConflictError(f"{person.name} 已登记 {person.left_on} 离职。")
        if person.hire_date is not None and on <= person.hire_date:
            raise DomainError(f"离职日期 {on} 不能早于或等于入职日期 {person.hire_date}。")
        before = {"status": person.status}
        person.left_on = on
        record_leaving(tx, person, on)
        membership = tx.session.execute(
            sa.select(StaffGroup).where(
                StaffGroup.staff_id == person.id, StaffGroup.until.is_(None)
            )
        ).scalar()
        if membership is not None:
            membership.until = max(on, membership.since)
        tx.audit("people.leave", "staff", staff_no, before, {"left_on": on, "reason": reason})


def leftovers(store: Store, staff_no: str, on: date) -> Leftovers:
    """Seat plans and rota entries from ``on`` that still name the person."""
    with store.read() as session:
        person = _person(session, staff_no)
        seats = session.execute(
            sa.select(SeatAssignment.day, ShiftDef.name, Seat.label)
            .join(ShiftDef, ShiftDef.id == SeatAssignment.shift_id)
            .join(Seat, Seat.id == SeatAssignment.seat_id)
            .where(SeatAssignment.staff_id == person.id, SeatAssignment.day >= on)
            .order_by(SeatAssignment.day, ShiftDef.sort_order)
        ).all()
        rota = session.execute(
            sa.select(RotaEntry.day, ShiftDef.name)
            .join(ShiftDef, ShiftDef.id == RotaEntry.shift_id)
            .where(RotaEntry.staff_id == person.id, RotaEntry.day >= on)
            .order_by(RotaEntry.day)
        ).all()
    return Leftovers(
        [f"{describe_day(d)} {shift} {label}" for d, shift, label in seats],
        [f"{describe_day(d)} {shift}" for d, shift in rota],
    )


def clear_leftovers(store: Store, actor: StaffRow | None, staff_no: str) -> tuple[int, int]:
    """Take a person who has a leaving day off the seat plans and the rota from that day.

    Returns (seats freed, rota entries removed).
    """
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        person = _person(tx.session, staff_no)
        if person.left_on is None:
            raise DomainError(f"{person.name} 没有登记离职。")
        on = person.left_on
        seats = tx.changed(
            sa.delete(SeatAssignment).where(
                SeatAssignment.staff_id == person.id, SeatAssignment.day >= on
            )
        )
        rota = tx.changed(
            sa.delete(RotaEntry).where(RotaEntry.staff_id == person.id, RotaEntry.day >= on)
        )
        tx.audit(
            "people.clear_after_leaving",
            "staff",
            staff_no,
            None,
            {"from": on, "seats": seats, "rota": rota},
        )
        return seats, rota


# --- groups ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupRow:
    name: str
    order: int
    leader: str  # "" when nobody leads it yet
    members: int


def list_groups(store: Store) -> list[GroupRow]:
    today = store.clock.now().date()
    leader = sa.orm.aliased(Staff)
    member = sa.orm.aliased(Staff)
    members = (
        sa.select(sa.func.count())
        .select_from(member)
        .where(
            member.group_id == WorkGroup.id,
            member.status != Employment.LEFT,
            sa.or_(member.left_on.is_(None), member.left_on > today),
        )
        .scalar_subquery()
    )
    with store.read() as session:
        rows = session.execute(
            sa.select(
                WorkGroup.name, WorkGroup.sort_order, sa.func.coalesce(leader.name, ""), members
            )
            .outerjoin(leader, leader.id == WorkGroup.leader_id)
            .order_by(WorkGroup.sort_order, WorkGroup.id)
        ).all()
    return [GroupRow(*row) for row in rows]


def _group_name(name: str) -> str:
    name = required_line(name, MAX_GROUP_NAME, "请填写工作组的名称。", "工作组名称")
    if looks_like_formula(name):
        raise DomainError(f"工作组名称不能以 {name[0]!r} 开头（电子表格会把它当作公式）。")
    return name


def add_group(store: Store, actor: StaffRow | None, name: str) -> None:
    actor = require(actor, Action.MANAGE_PEOPLE)
    name = _group_name(name)
    with store.write(actor.id) as tx:
        add_group_in(tx, name)
        tx.audit("group.add", "work_group", name, None, {"name": name})


def add_group_in(tx: WriteTx, name: str) -> int:
    """Inside a write: a new group, last in the order (no audit row)."""
    if tx.session.execute(sa.select(WorkGroup.id).where(WorkGroup.name == name)).first():
        raise ConflictError(f"已经有“{name}”这个工作组。")
    last = tx.session.execute(sa.select(sa.func.max(WorkGroup.sort_order))).scalar()
    group = WorkGroup(name=name, sort_order=(last if last is not None else -1) + 1)
    tx.session.add(group)
    tx.session.flush()
    return group.id


def rename_group(store: Store, actor: StaffRow | None, old: str, new: str) -> None:
    actor = require(actor, Action.MANAGE_PEOPLE)
    new = _group_name(new)
    with store.write(actor.id) as tx:
        group = tx.session.execute(sa.select(WorkGroup).where(WorkGroup.name == old)).scalar()
        if group is None:
            raise DomainError(f"没有“{old}”这个工作组。")
        if new == old:
            raise DomainError("新名称与原名称相同。")
        if tx.session.execute(sa.select(WorkGroup.id).where(WorkGroup.name == new)).first():
            raise ConflictError(f"已经有“{new}”这个工作组。")
        group.name = new
        tx.audit("group.rename", "work_group", str(group.id), {"name": old}, {"name": new})


def delete_group(store: Store, actor: StaffRow | None, name: str) -> None:
    """Remove a group nobody is or ever was in (a name mistyped at import); its zone's
    seats go with it. One with people, or with history, is refused, naming why."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        group = tx.session.execute(sa.select(WorkGroup).where(WorkGroup.name == name)).scalar()
        if group is None:
            raise DomainError(f"没有“{name}”这个工作组。")
        members = tx.session.execute(
            sa.select(sa.func.count()).select_from(Staff).where(Staff.group_id == group.id)
        ).scalar_one()
        if members:
            raise DomainError(f"“{name}”还有 {members} 人，请先把他们调到别的组，再删除。")
        history = tx.session.execute(
            sa.select(sa.func.count())
            .select_from(StaffGroup)
            .where(StaffGroup.group_id == group.id)
        ).scalar_one()
        if history:
            raise DomainError(
                f"“{name}”有过组员（{history} 条调组记录，过去的考勤按组统计要用到），"
                "不能删除；可以改名。"
            )
        seats = (
            tx.session.execute(
                sa.select(Seat.label)
                .join(ZoneSeat, ZoneSeat.seat_id == Seat.id)
                .where(ZoneSeat.group_id == group.id)
                .order_by(Seat.label)
            )
            .scalars()
            .all()
        )
        tx.changed(sa.delete(ZoneSeat).where(ZoneSeat.group_id == group.id))
        tx.session.delete(group)
        tx.audit("group.delete", "work_group", name, {"name": name, "seats": list(seats)}, None)


@dataclass(frozen=True)
class Merged:
    """What a merge did, for the sentence the groups screen shows."""

    moved: int  # people now in the target
    seats: int  # seats of the source's zone that joined the target's
    kept: bool  # the source stays, with no one, for the days its people worked in it

    def text(self, source: str, target: str) -> str:
        said = f"已把“{source}”并入“{target}”：{self.moved} 人调到{target}"
        said += f"，{self.seats} 个座位并入其座位区" if self.seats else ""
        if self.kept:
            return said + f"。已排过班的日子仍按“{source}”统计，该组保留（0 人）。"
        return said + f"，“{source}”已删除。"


def merge_group(store: Store, actor: StaffRow | None, source: str, target: str) -> Merged:
    """Everyone in ``source`` works in ``target`` and its zone's seats join the target's.
    Days already on the rota stay counted in ``source`` (a closed month never changes):
    then the move is from today and ``source`` stays, empty. With no such day (a name
    mistyped at import) its whole history becomes the target's and ``source`` goes."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    if source == target:
        raise DomainError("请选择另一个工作组：不能并入自己。")
    with store.write(actor.id) as tx:
        today = tx.now.date()
        groups = {
            g.name: g
            for g in tx.session.execute(
                sa.select(WorkGroup).where(WorkGroup.name.in_([source, target]))
            ).scalars()
        }
        for name in (source, target):
            if name not in groups:
                raise DomainError(f"没有“{name}”这个工作组。")
        old, new = groups[source], groups[target]
        people = list(
            tx.session.execute(
                sa.select(Staff).where(Staff.group_id == old.id).order_by(Staff.staff_no)
            ).scalars()
        )
        kept = _rota_days_in(tx.session, old.id, today) > 0
        if kept:
            for person in people:  # one who joined after today is refused by _join_group
                _join_group(tx, person, new.id, today)
        else:
            tx.changed(
                sa.update(StaffGroup).where(StaffGroup.group_id == old.id).values(group_id=new.id)
            )
            for person in people:
                person.group_id = new.id
        if new.leader_id is None and old.leader_id is not None:
            new.leader_id = old.leader_id
        old.leader_id = None
        joined = _merge_zone(tx.session, old.id, new.id)
        if not kept:
            tx.session.delete(old)
        tx.audit(
            "group.merge",
            "work_group",
            source,
            {"name": source, "people": [p.staff_no for p in people]},
            {"into": target, "since": today if kept else None, "seats": joined, "kept": kept},
        )
        return Merged(len(people), joined, kept)


def _rota_days_in(session: Session, group_id: int, before: date) -> int:
    """Rota days before ``before`` of people while they were in the group: the days
    whose figures count the group and must not move."""
    return session.execute(
        sa.select(sa.func.count())
        .select_from(RotaEntry)
        .join(Staff, Staff.id == RotaEntry.staff_id)
        .join(StaffGroup, member_on(RotaEntry.day))
        .where(StaffGroup.group_id == group_id, RotaEntry.day < before)
    ).scalar_one()


def _merge_zone(session: Session, source_id: int, target_id: int) -> int:
    """The source's zone seats join the target's (a seat in both once); how many joined."""
    theirs = set(
        session.execute(sa.select(ZoneSeat.seat_id).where(ZoneSeat.group_id == target_id)).scalars()
    )
    joined = 0
    for seat in session.execute(
        sa.select(ZoneSeat).where(ZoneSeat.group_id == source_id)
    ).scalars():
        if seat.seat_id in theirs:
            session.delete(seat)
        else:
            seat.group_id, joined = target_id, joined + 1
    session.flush()
    return joined


def move_group(store: Store, actor: StaffRow | None, name: str, step: int) -> None:
    """One place up (-1) or down (+1) in the order the floor lists groups in."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        groups = list(
            tx.session.execute(
                sa.select(WorkGroup).order_by(WorkGroup.sort_order, WorkGroup.id)
            ).scalars()
        )
        index = next((i for i, g in enumerate(groups) if g.name == name), None)
        if index is None:
            raise DomainError(f"没有“{name}”这个工作组。")
        other = index + step
        if not 0 <= other < len(groups):
            raise DomainError("已经在最前面了。" if step < 0 else "已经在最后面了。")
        groups[index], groups[other] = groups[other], groups[index]
        for order, group in enumerate(groups):
            group.sort_order = order
        tx.audit("group.order", "work_group", name, None, {"order": [g.name for g in groups]})


def set_leader(store: Store, actor: StaffRow | None, group: str, staff_no: str) -> None:
    """The 班长 who leads ``group``: a 班长 of that group."""
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        row = tx.session.execute(sa.select(WorkGroup).where(WorkGroup.name == group)).scalar()
        if row is None:
            raise DomainError(f"没有“{group}”这个工作组。")
        person = _person(tx.session, staff_no)
        if person.post != "班长":
            raise DomainError(f"{person.name} 是{person.post}，组长应为班长。")
        if person.group_id != row.id:
            raise DomainError(f"{person.name} 不在{group}，请先把他调到这个组。")
        if has_left(person.status, person.left_on, tx.now.date()):
            raise DomainError(f"{person.name} 已离职。")
        before = row.leader_id
        row.leader_id = person.id
        tx.audit("group.leader", "work_group", group, {"leader": before}, {"leader": staff_no})


# --- at a glance ------------------------------------------------------------------------------------

CONTRACT_STAFF = 121  # the contract's 121 hotline staff
CONTRACT_MANAGERS = 4  # "专业化管理团队（不少于 4 个人）"
MANAGEMENT_POSTS = ("项目经理", "运营主管", "值班长")


@dataclass(frozen=True)
class Staffing:
    total: int
    by_group: list[tuple[str, int]]
    by_post: list[tuple[str, int]]
    managers: int  # the management team: 项目经理, 运营主管, 值班长

    @property
    def lines(self) -> list[str]:
        lines = [f"在册 {self.total} 人（合同 {CONTRACT_STAFF} 人）"]
        if self.total < CONTRACT_STAFF:
            lines[0] += f"，缺 {CONTRACT_STAFF - self.total} 人"
        lines.append(
            f"管理团队 {self.managers} 人（不少于 {CONTRACT_MANAGERS} 人）"
            + ("" if self.managers >= CONTRACT_MANAGERS else "，不足")
        )
        return lines


def staffing(people: list[StaffRow]) -> Staffing:
    """Counts of the people on the staff now, by group and by post."""
    present = [p for p in people if p.status != Employment.LEFT]
    groups: dict[str, int] = {}
    for p in present:
        groups[p.group or "管理人员"] = groups.get(p.group or "管理人员", 0) + 1
    posts = [(post, sum(1 for p in present if p.post == post)) for post in POSTS]
    managers = sum(1 for p in present if p.post in MANAGEMENT_POSTS)
    return Staffing(len(present), list(groups.items()), posts, managers)


# --- a whole staff sheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSummary:
    added: int
    changed: int
    unchanged: int
    groups: list[str]  # created for the sheet
    status_changed: int = 0  # of the changed, those whose status changed

    @property
    def text(self) -> str:
        text = f"新增 {self.added} 人，修改 {self.changed} 人"
        if self.status_changed:
            text += f"（其中 {self.status_changed} 人状态变动，自生效日期起算，之前的月份不变）"
        text += f"，{self.unchanged} 人没有变化"
        if self.groups:
            text += f"；新建工作组：{'、'.join(self.groups)}"
        return text + "。"


Current = dict[str, object]  # a person as a sheet row compares with them


def sheet_people(session: Session, today: date) -> dict[str, Current]:
    """Everyone by 工号, as a sheet's row is compared with them: 离职 once gone."""
    query = sa.select(Staff, sa.func.coalesce(WorkGroup.name, "")).outerjoin(
        WorkGroup, WorkGroup.id == Staff.group_id
    )
    return {
        person.staff_no: {
            "name": person.name,
            "group": group,
            "post": person.post,
            "status": Employment.LEFT
            if has_left(person.status, person.left_on, today)
            else person.status,
            "hire_date": person.hire_date,
            "skills": person.skills,
            "phone": person.phone,
        }
        for person, group in session.execute(query).all()
    }


def differences(current: Current, fields: PersonFields) -> dict[str, tuple[object, object]]:
    """What a sheet's row would change on a person: field -> (now, in the sheet)."""
    wanted = _fields_json(fields)
    if current["status"] == Employment.TO_REPLACE and wanted["status"] in NEW_STATUSES:
        wanted["status"] = (
            Employment.TO_REPLACE
        )  # 在职 or 试用 in a sheet does not lift a replacement
    return {k: (current[k], wanted[k]) for k in current if current[k] != wanted[k]}


def sheet_row_problem(current: Current | None, fields: PersonFields, today: date) -> str | None:
    """Why a sheet's row cannot be taken as it stands, in words; None when it can."""
    if current is None:
        if fields.status not in NEW_STATUSES:
            return f"新人员的状态只能是{'或'.join(NEW_STATUSES)}，不能是{fields.status}"
        return None
    diff = differences(current, fields)
    if current["status"] == Employment.LEFT:
        return f"{fields.name}（{fields.staff_no}）已离职，不能再修改" if diff else None
    if "status" not in diff:
        return None
    status = diff["status"][1]
    if status == Employment.LEFT:
        return "离职请在人员屏幕（F8）用 l 办理，写明离职日期和原因"
    if status == Employment.TO_REPLACE:
        return "待撤换由采购人的撤换要求登记（人员屏幕 r），不能由名单导入"
    since = fields.status_since or today
    if since > today:
        return f"状态生效日期 {since} 还没到，请到那一天再导入"
    try:
        require_open(since, today, "状态生效日期")
    except DomainError as exc:
        return exc.message.rstrip("。")
    return None


def sheet_changes(store: Store, people: list[PersonFields], new_groups: list[str]) -> SheetSummary:
    """What saving the sheet would do, without saving (``import-staff --check``)."""
    with store.read() as session:
        current = sheet_people(session, store.clock.now().date())
    added = changed = status_changed = 0
    for fields in people:
        now = current.get(fields.staff_no)
        if now is None:
            added += 1
        elif diff := differences(now, fields):
            changed += 1
            status_changed += "status" in diff
    return SheetSummary(added, changed, len(people) - added - changed, new_groups, status_changed)


def save_sheet(
    store: Store, actor: StaffRow | None, people: list[PersonFields], new_groups: list[str]
) -> SheetSummary:
    """Add or update every person of a checked sheet, by 工号, in one transaction.

    Nobody is deleted; a changed group starts today, with the old one kept as history;
    a changed status holds from the row's 状态生效日期 (today when it has none).
    """
    actor = require(actor, Action.MANAGE_PEOPLE)
    with store.write(actor.id) as tx:
        today = tx.now.date()
        for name in new_groups:
            add_group_in(tx, name)
            tx.audit("group.add", "work_group", name, None, {"name": name, "from": "import"})
        group_ids = dict(tx.session.execute(sa.select(WorkGroup.name, WorkGroup.id)).all())
        current = sheet_people(tx.session, today)
        existing = {
            p.staff_no: p
            for p in tx.session.execute(
                sa.select(Staff).where(Staff.staff_no.in_([f.staff_no for f in people]))
            ).scalars()
        }
        added = changed = status_changed = 0
        joining: list[tuple[Staff, int, date]] = []
        starting: list[tuple[Staff, str]] = []
        for fields in people:
            problem = sheet_row_problem(current.get(fields.staff_no), fields, today)
            if problem is not None:  # checked when read; the sheet may be older than now
                raise ConflictError(f"工号 {fields.staff_no}：{problem}。未导入任何一行。")
            group_id = group_ids[fields.group] if fields.group else None
            person = existing.get(fields.staff_no)
            if person is None:
                guard_manager_post(actor, fields.name, fields.post)
                # Inserted together at the next flush (one statement for many rows on a
                # server, not a round trip each); a new person has no group to leave.
                person = _staff_of(fields)
                person.group_id = group_id
                tx.session.add(person)
                starting.append((person, fields.status))
                if group_id is not None:
                    joining.append((person, group_id, _first_day(tx, fields)))
                tx.audit("people.add", "staff", fields.staff_no, None, _fields_json(fields))
                added += 1
                continue
            diff = differences(current[fields.staff_no], fields)
            if not diff:
                continue
            changed += 1
            after = {k: v[1] for k, v in diff.items()}
            if "post" in diff:
                guard_manager_post(actor, person.name, *(str(post) for post in diff["post"]))
            if "name" in diff:
                person.pinyin_initials, person.pinyin_full = pinyin_keys(fields.name)
            if "status" in diff:
                since = fields.status_since or today
                change_status(tx, person, str(diff["status"][1]), since)
                after["status_since"] = since
                status_changed += 1
            for key in ("name", "post", "hire_date", "skills", "phone"):
                if key in diff:
                    setattr(person, key, diff[key][1])
            if "group" in diff:
                _join_group(tx, person, group_id, today)
            tx.audit(
                "people.update",
                "staff",
                fields.staff_no,
                {k: v[0] for k, v in diff.items()},
                after,
            )
        tx.session.flush()
        for person, status in starting:
            start_status(tx, person.id, status)
        tx.session.add_all(
            StaffGroup(staff_id=person.id, group_id=group_id, since=since)
            for person, group_id, since in joining
        )
        _leaders_from_sheet(tx, people)
        tx.audit(
            "people.import",
            "staff",
            "sheet",
            None,
            {"rows": len(people), "added": added, "changed": changed,
             "status_changed": status_changed, "groups": new_groups},
        )  # fmt: skip
    return SheetSummary(added, changed, len(people) - added - changed, new_groups, status_changed)


def _leaders_from_sheet(tx: WriteTx, people: list[PersonFields]) -> None:
    """A group without a leader whose rows in the sheet hold exactly one 班长 gets that
    person as its leader (two or none: the setup checklist asks)."""
    leaders: dict[str, list[str]] = {}
    for fields in people:
        if fields.group and fields.post == "班长" and fields.status != Employment.LEFT:
            leaders.setdefault(fields.group, []).append(fields.staff_no)
    for group, numbers in leaders.items():
        row = tx.session.execute(sa.select(WorkGroup).where(WorkGroup.name == group)).scalar()
        if row is None or row.leader_id is not None or len(numbers) != 1:
            continue
        person = tx.session.execute(sa.select(Staff).where(Staff.staff_no == numbers[0])).scalar()
        if person is None or person.group_id != row.id:
            continue
        row.leader_id = person.id
        tx.audit("group.leader", "work_group", group, {"leader": None},
                 {"leader": numbers[0], "from": "import"})  # fmt: skip


def group_history(store: Store, staff_no: str) -> list[tuple[str, date, date | None]]:
    """(group, since, until) of a person, oldest first: who was in which group when."""
    with store.read() as session:
        return [
            (name, since, until)
            for name, since, until in session.execute(
                sa.select(WorkGroup.name, StaffGroup.since, StaffGroup.until)
                .join(WorkGroup, WorkGroup.id == StaffGroup.group_id)
                .join(Staff, Staff.id == StaffGroup.staff_id)
                .where(Staff.staff_no == staff_no)
                .order_by(StaffGroup.since, StaffGroup.id)
            ).all()
        ]
