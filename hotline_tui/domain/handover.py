"""Shift handovers (交接班): written by the outgoing chief, signed by the incoming one.

A handover is a draft while its author writes (saved as they go), then
submitted, then signed once by someone else. A signed handover is never edited:
corrections are amendments appended to it, and its content is sealed by a
SHA-256 digest that ``hotline-tui check`` verifies. Open items (待办) are rows
of their own with a history, carried into every handover until closed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from hotline_tui.domain import carry
from hotline_tui.domain.errors import ConflictError, DomainError
from hotline_tui.domain.handover_digest import amendment_digest, handover_digest, session_query
from hotline_tui.domain.models import (
    Handover,
    HandoverAmendment,
    HandoverEntry,
    OpenItem,
    OpenItemEvent,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.roster import StaffRow
from hotline_tui.domain.seating import moment
from hotline_tui.domain.shifts import Shift, describe_day
from hotline_tui.domain.text import like_pattern, one_line

# The sections a chief writes, in the order of the paper form; 待办事项 are items.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("traffic", "话务情况"),
    ("systems", "系统运行"),
    ("people", "人员情况"),
    ("other", "其他"),
)
SECTION_TITLES = dict(SECTIONS)
REQUIRED_SECTIONS = ("traffic", "systems", "people")
STATUS_NAMES = {"draft": "草稿", "submitted": "待签收", "signed": "已签收"}
# Who may take over a shift by signing: the posts that run a shift.
SIGNING_POSTS = frozenset({"值班长", "运营主管", "项目经理"})

MAX_SECTION = 4000
MAX_TITLE = 60
MAX_NOTE = 200
MAX_AMENDMENT = 2000


# --- shift changes ----------------------------------------------------------------


@dataclass(frozen=True)
class ShiftChange:
    """The outgoing shift ``shift`` on ``day`` hands over to ``to_shift`` on ``to_day``."""

    day: date
    shift: Shift
    to_day: date
    to_shift: Shift

    @property
    def due(self) -> pendulum.DateTime:
        """The handover is due when the outgoing shift ends."""
        return self.shift.window(self.day)[1]

    @property
    def label(self) -> str:
        return f"{describe_day(self.day)} {self.shift.name}交{self.to_shift.name}"

    @property
    def short_label(self) -> str:
        return f"{self.day.strftime('%m-%d')} {self.shift.name}交{self.to_shift.name}"


def change_after(shifts: list[Shift], day: date, shift: Shift) -> ShiftChange:
    """Shifts hand over in their configured order; the last one to the next day's first."""
    index = shifts.index(shift)
    if index + 1 < len(shifts):
        return ShiftChange(day, shift, day, shifts[index + 1])
    return ShiftChange(day, shift, day + timedelta(days=1), shifts[0])


def changes_started(
    shifts: list[Shift], now: pendulum.DateTime, count: int = 4
) -> list[ShiftChange]:
    """The latest shift changes whose outgoing shift has begun, newest first."""
    found: list[ShiftChange] = []
    day = now.date()
    while len(found) < count:
        for shift in reversed(shifts):
            if shift.window(day)[0] <= now:
                found.append(change_after(shifts, day, shift))
                if len(found) == count:
                    break
        day -= timedelta(days=1)
    return found


def last_change_due(shifts: list[Shift], now: pendulum.DateTime) -> ShiftChange | None:
    """The most recent shift change whose handover fell due at or before ``now``."""
    candidates = [
        change_after(shifts, day, shift)
        for day in (now.date() - timedelta(days=1), now.date())
        for shift in shifts
    ]
    due = [c for c in candidates if c.due <= now]
    return max(due, key=lambda c: c.due) if due else None


# --- what screens read ------------------------------------------------------------


@dataclass(frozen=True)
class HandoverRow:
    id: int
    day: date
    to_day: date
    from_shift: str
    to_shift: str
    author: str
    signer: str
    status: str
    open_items: int
    saved_at: datetime
    submitted_at: datetime | None
    signed_at: datetime | None

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]


@dataclass(frozen=True)
class ItemView:
    id: int
    title: str
    owner: str
    status: str
    opened_at: datetime
    opened_by: str
    opened_in: int | None
    closed_at: datetime | None = None
    closed_by: str = ""
    closed_in: int | None = None
    close_note: str = ""

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class EntryView:
    source: str
    ref: str
    text: str
    item: ItemView | None = None


@dataclass(frozen=True)
class AmendmentView:
    id: int
    author: str
    at: datetime
    text: str
    intact: bool


@dataclass(frozen=True)
class HandoverView:
    id: int
    change: ShiftChange
    author_id: int
    author: str
    signer: str
    status: str
    sections: dict[str, str]
    plan_summary: str
    version: int
    created_at: datetime
    saved_at: datetime
    submitted_at: datetime | None
    signed_at: datetime | None
    digest: str | None
    intact: bool | None  # None until signed
    entries: list[EntryView] = field(default_factory=list)
    new_items: list[ItemView] = field(default_factory=list)  # opened while writing this one
    amendments: list[AmendmentView] = field(default_factory=list)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def items(self) -> list[ItemView]:
        """Every item this handover lists, carried or new, each once."""
        seen: set[int] = set()
        result = []
        for item in [e.item for e in self.entries if e.item] + self.new_items:
            if item.id not in seen:
                seen.add(item.id)
                result.append(item)
        return result


@dataclass(frozen=True)
class HandoverFilter:
    """What the history list is narrowed to. ``person_ids``: handovers any of them wrote or signed."""

    since: date | None = None
    until: date | None = None
    shift_code: str | None = None
    person_ids: frozenset[int] | None = None
    text: str = ""

    @property
    def active(self) -> bool:
        return self != HandoverFilter()

    def apply(self, query, from_shift):
        if self.since is not None:
            query = query.where(Handover.day >= self.since)
        if self.until is not None:
            query = query.where(Handover.day <= self.until)
        if self.shift_code:
            query = query.where(from_shift.code == self.shift_code)
        if self.person_ids is not None:
            ids = sorted(self.person_ids)
            query = query.where(sa.or_(Handover.author_id.in_(ids), Handover.signed_by.in_(ids)))
        for word in self.text.split():
            pattern = like_pattern(word)
            query = query.where(
                sa.or_(
                    *(getattr(Handover, key).like(pattern, escape="\\") for key, _ in SECTIONS),
                    Handover.plan_summary.like(pattern, escape="\\"),
                    sa.exists().where(
                        HandoverEntry.handover_id == Handover.id,
                        HandoverEntry.text.like(pattern, escape="\\"),
                    ),
                    sa.exists().where(
                        HandoverAmendment.handover_id == Handover.id,
                        HandoverAmendment.text.like(pattern, escape="\\"),
                    ),
                    sa.exists().where(
                        OpenItem.opened_in == Handover.id,
                        OpenItem.title.like(pattern, escape="\\"),
                    ),
                )
            )
        return query


def list_handovers(
    store, where: HandoverFilter = HandoverFilter(), limit: int | None = None
) -> list[HandoverRow]:
    """Handovers newest first; ``limit`` keeps only the newest ones."""
    from_shift, to_shift = aliased(ShiftDef), aliased(ShiftDef)
    author, signer = aliased(Staff), aliased(Staff)
    open_count = (
        sa.select(sa.func.count())
        .select_from(HandoverEntry)
        .join(OpenItem, OpenItem.id == HandoverEntry.item_id)
        .where(HandoverEntry.handover_id == Handover.id, OpenItem.status == "open")
        .scalar_subquery()
    )
    query = (
        sa.select(
            Handover.id,
            Handover.day,
            Handover.to_day,
            from_shift.name,
            to_shift.name,
            author.name,
            sa.func.coalesce(signer.name, ""),
            Handover.status,
            open_count,
            Handover.saved_at,
            Handover.submitted_at,
            Handover.signed_at,
        )
        .join(from_shift, from_shift.id == Handover.from_shift_id)
        .join(to_shift, to_shift.id == Handover.to_shift_id)
        .join(author, author.id == Handover.author_id)
        .outerjoin(signer, signer.id == Handover.signed_by)
        .order_by(Handover.day.desc(), from_shift.sort_order.desc(), Handover.id.desc())
        .limit(limit)
    )
    with store.read() as session:
        return [HandoverRow(*row) for row in session.execute(where.apply(query, from_shift)).all()]


def count_handovers(store, where: HandoverFilter = HandoverFilter()) -> dict[str, int]:
    """How many handovers of each status match, however many the list shows."""
    from_shift = aliased(ShiftDef)
    query = (
        sa.select(Handover.status, sa.func.count())
        .join(from_shift, from_shift.id == Handover.from_shift_id)
        .group_by(Handover.status)
    )
    with store.read() as session:
        counts = dict(session.execute(where.apply(query, from_shift)).all())
    return {status: counts.get(status, 0) for status in STATUS_NAMES}


def _item_select():
    owner, opener, closer = aliased(Staff), aliased(Staff), aliased(Staff)
    return (
        sa.select(
            OpenItem.id,
            OpenItem.title,
            owner.name,
            OpenItem.status,
            OpenItem.opened_at,
            sa.func.coalesce(opener.name, "系统"),
            OpenItem.opened_in,
            OpenItem.closed_at,
            sa.func.coalesce(closer.name, ""),
            OpenItem.closed_in,
            OpenItem.close_note,
        )
        .join(owner, owner.id == OpenItem.owner_id)
        .outerjoin(opener, opener.id == OpenItem.opened_by)
        .outerjoin(closer, closer.id == OpenItem.closed_by)
    )


def get_handover(store, handover_id: int, shifts: list[Shift]) -> HandoverView:
    by_id = {s.id: s for s in shifts}
    author, signer = aliased(Staff), aliased(Staff)
    with store.read() as session:
        row = session.execute(
            sa.select(Handover, author.name, sa.func.coalesce(signer.name, ""))
            .join(author, author.id == Handover.author_id)
            .outerjoin(signer, signer.id == Handover.signed_by)
            .where(Handover.id == handover_id)
        ).first()
        if row is None:
            raise DomainError(f"交接班 #{handover_id} 不存在（可能已被删除）。")
        h, author_name, signer_name = row
        items = {
            r[0]: ItemView(*r)
            for r in session.execute(
                _item_select().where(
                    sa.or_(
                        OpenItem.id.in_(
                            sa.select(HandoverEntry.item_id).where(
                                HandoverEntry.handover_id == handover_id
                            )
                        ),
                        OpenItem.opened_in == handover_id,
                    )
                )
            ).all()
        }
        entries = [
            EntryView(source, ref, text, items.get(item_id))
            for source, ref, text, item_id in session.execute(
                sa.select(
                    HandoverEntry.source,
                    HandoverEntry.ref,
                    HandoverEntry.text,
                    HandoverEntry.item_id,
                )
                .where(HandoverEntry.handover_id == handover_id)
                .order_by(HandoverEntry.position)
            ).all()
        ]
        listed = {e.item.id for e in entries if e.item}
        new_items = [
            item
            for item in items.values()
            if item.opened_in == handover_id and item.id not in listed
        ]
        query = session_query(session)
        amendments = [
            AmendmentView(a_id, name, at, text, amendment_digest(query, a_id) == digest)
            for a_id, name, at, text, digest in session.execute(
                sa.select(
                    HandoverAmendment.id,
                    Staff.name,
                    HandoverAmendment.at,
                    HandoverAmendment.text,
                    HandoverAmendment.digest,
                )
                .join(Staff, Staff.id == HandoverAmendment.author_id)
                .where(HandoverAmendment.handover_id == handover_id)
                .order_by(HandoverAmendment.at, HandoverAmendment.id)
            ).all()
        ]
        intact = None
        if h.status == "signed":
            intact = bool(h.digest) and handover_digest(query, handover_id) == h.digest
    change = ShiftChange(h.day, by_id[h.from_shift_id], h.to_day, by_id[h.to_shift_id])
    return HandoverView(
        id=h.id,
        change=change,
        author_id=h.author_id,
        author=author_name,
        signer=signer_name,
        status=h.status,
        sections={key: getattr(h, key) for key, _ in SECTIONS},
        plan_summary=h.plan_summary,
        version=h.version,
        created_at=h.created_at,
        saved_at=h.saved_at,
        submitted_at=h.submitted_at,
        signed_at=h.signed_at,
        digest=h.digest,
        intact=intact,
        entries=entries,
        new_items=new_items,
        amendments=amendments,
    )


def find_handover(store, day: date, shift: Shift) -> int | None:
    with store.read() as session:
        return session.execute(
            sa.select(Handover.id).where(Handover.day == day, Handover.from_shift_id == shift.id)
        ).scalar_one_or_none()


def item_history(store, item_id: int) -> list[tuple[datetime, str, str, int | None, str]]:
    """(time, who, what happened, in which handover, note), oldest first."""
    with store.read() as session:
        rows = session.execute(
            sa.select(
                OpenItemEvent.at,
                sa.func.coalesce(Staff.name, "系统"),
                OpenItemEvent.kind,
                OpenItemEvent.handover_id,
                OpenItemEvent.note,
            )
            .outerjoin(Staff, Staff.id == OpenItemEvent.actor_id)
            .where(OpenItemEvent.item_id == item_id)
            .order_by(OpenItemEvent.at, OpenItemEvent.id)
        ).all()
    return [
        (at, who, EVENT_NAMES.get(kind, kind), h_id, note) for at, who, kind, h_id, note in rows
    ]


EVENT_NAMES = {"opened": "提出", "carried": "交班带入", "accepted": "接班接收", "closed": "关闭"}


def pending_alert(store, shifts: list[Shift], now: pendulum.DateTime) -> str:
    """What the header says while the latest due handover is not signed; "" when it is."""
    change = last_change_due(shifts, now)
    if change is None:
        return ""
    with store.read() as session:
        status = session.execute(
            sa.select(Handover.status).where(
                Handover.day == change.day, Handover.from_shift_id == change.shift.id
            )
        ).scalar_one_or_none()
    what = {None: "未填写", "draft": "未提交", "submitted": "待签收"}.get(status)
    if what is None:
        return ""
    return (
        f"交接班{what}：{change.day.strftime('%m-%d')} {change.shift.name}交{change.to_shift.name}"
    )


# --- changes ---------------------------------------------------------------------


def _require_writer(actor: StaffRow | None) -> StaffRow:
    if actor is None:
        raise DomainError("请先登录，交接班要记在写的人名下。")
    return actor


def _load(session, handover_id: int) -> Handover:
    h = session.get(Handover, handover_id)
    if h is None:
        raise DomainError(f"交接班 #{handover_id} 不存在（可能已被删除）。")
    return h


def _plan_summary(plan, seat_count: int) -> str:
    day, shift = plan.day, plan.shift
    out = len(plan.out_of_service)
    text = f"{describe_day(day)} {shift.name}：已安排 {plan.occupied} / {seat_count} 个座位"
    if out:
        text += f"，停用 {out} 个"
    return text + "。"


def _write_entries(session, handover_id: int, carried: list[carry.Carried]) -> None:
    session.execute(sa.delete(HandoverEntry).where(HandoverEntry.handover_id == handover_id))
    if carried:
        session.execute(
            sa.insert(HandoverEntry),
            [
                {
                    "handover_id": handover_id,
                    "position": i,
                    "source": c.source,
                    "ref": c.ref,
                    "text": c.text,
                    "item_id": c.item_id,
                }
                for i, c in enumerate(carried)
            ],
        )


def _key(change: ShiftChange) -> str:
    return f"{change.day.isoformat()}/{change.shift.code}"


def start(store, actor: StaffRow | None, change: ShiftChange, seat_count: int) -> int:
    """A new draft for ``change``, prefilled with the seats and everything open right now."""
    actor = _require_writer(actor)
    now = store.clock.now()
    if change.shift.window(change.day)[0] > now:
        raise DomainError(f"{change.label} 的班次还没有开始，不能提前写交接班。")
    ctx = carry.context(store, change.day, change.shift, now)
    summary = _plan_summary(ctx.plan, seat_count)
    carried = carry.gather(store, ctx)
    with store.write(actor.id) as tx:
        existing = tx.session.execute(
            sa.select(Handover.id, Staff.name)
            .join(Staff, Staff.id == Handover.author_id)
            .where(Handover.day == change.day, Handover.from_shift_id == change.shift.id)
        ).first()
        if existing is not None:
            raise ConflictError(
                f"{change.label} 的交接班已由 {existing[1]} 开始填写（#{existing[0]}）。"
            )
        h = Handover(
            day=change.day,
            from_shift_id=change.shift.id,
            to_day=change.to_day,
            to_shift_id=change.to_shift.id,
            author_id=actor.id,
            plan_summary=summary,
            created_at=tx.now,
            saved_at=tx.now,
        )
        tx.session.add(h)
        tx.session.flush()
        _write_entries(tx.session, h.id, carried)
        tx.audit(
            "handover.start", "handover", _key(change), None, {"id": h.id, "carried": len(carried)}
        )
        return h.id


def _check_sections(sections: dict[str, str]) -> dict[str, str]:
    unknown = set(sections) - set(SECTION_TITLES)
    if unknown:
        raise ValueError(f"unknown handover sections: {sorted(unknown)}")
    for key, value in sections.items():
        if len(value) > MAX_SECTION:
            raise DomainError(
                f"“{SECTION_TITLES[key]}”超过 {MAX_SECTION} 字（现有 {len(value)} 字），请精简。"
            )
    return sections


def _editable_draft(
    session, actor: StaffRow, handover_id: int, expect_version: int | None
) -> Handover:
    h = _load(session, handover_id)
    if h.author_id != actor.id:
        author = session.get(Staff, h.author_id)
        raise DomainError(f"这份交接班由 {author.name} 填写，只有填写人可以修改。")
    if h.status == "signed":
        raise DomainError("交接班已签收，不能再修改；如需更正，请添加补充说明。")
    if h.status == "submitted":
        raise DomainError("交接班已提交，正在等待签收；如需修改，请先撤回。")
    if expect_version is not None and h.version != expect_version:
        raise ConflictError(
            f"这份草稿已在另一个终端于 {moment(h.saved_at)} 保存过，本终端的内容未保存。"
        )
    return h


def save_draft(
    store,
    actor: StaffRow | None,
    handover_id: int,
    sections: dict[str, str],
    expect_version: int | None,
) -> int:
    """Save what is typed so far; returns the draft's new version.

    ``expect_version`` is the version this terminal last saw; a save on top of
    another terminal's newer save is refused rather than silently overwriting
    it. ``None`` overwrites on purpose (the user chose to keep this terminal's text).
    """
    actor = _require_writer(actor)
    _check_sections(sections)
    with store.write(actor.id) as tx:
        h = _editable_draft(tx.session, actor, handover_id, expect_version)
        changed = [key for key, value in sections.items() if getattr(h, key) != value]
        for key in changed:
            setattr(h, key, sections[key])
        h.version += 1
        h.saved_at = tx.now
        tx.audit(
            "handover.save",
            "handover",
            str(handover_id),
            None,
            {"version": h.version, "changed": changed},
        )
        return h.version


def refresh_carried(store, actor: StaffRow | None, handover_id: int, seat_count: int) -> int:
    """Carry over what is open now instead of what was open when the draft began."""
    actor = _require_writer(actor)
    summary, carried = _open_now(store, handover_id, seat_count)
    with store.write(actor.id) as tx:
        h = _editable_draft(tx.session, actor, handover_id, None)
        carried = _record_carried(tx.session, h, summary, carried)
        h.version += 1
        h.saved_at = tx.now
        tx.audit("handover.refresh", "handover", str(handover_id), None, {"carried": len(carried)})
        return h.version


def _open_now(store, handover_id: int, seat_count: int) -> tuple[str, list[carry.Carried]]:
    """The outgoing shift's seats and everything open, as of now (read before the write)."""
    with store.read() as session:
        h = _load(session, handover_id)
        day, shift_id = h.day, h.from_shift_id
    ctx = carry.context(store, day, _shift(store, shift_id), store.clock.now())
    return _plan_summary(ctx.plan, seat_count), carry.gather(store, ctx)


def _record_carried(
    session, h: Handover, summary: str, carried: list[carry.Carried]
) -> list[carry.Carried]:
    """Store what the handover carries; items closed while writing it stay on it."""
    carried = carried + _closed_here_not_listed(session, h.id, carried)
    _write_entries(session, h.id, carried)
    h.plan_summary = summary
    return carried


def _shift(store, shift_id: int) -> Shift:
    with store.read() as session:
        row = session.execute(
            sa.select(
                ShiftDef.id, ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end
            ).where(ShiftDef.id == shift_id)
        ).one()
    return Shift(*row)


def _closed_here_not_listed(
    session, handover_id: int, carried: list[carry.Carried]
) -> list[carry.Carried]:
    """Items closed while writing this handover stay on it, so it records who closed them."""
    listed = {c.item_id for c in carried if c.item_id is not None}
    rows = session.execute(
        sa.select(OpenItem.id, OpenItem.title, OpenItem.opened_at, Staff.name)
        .join(Staff, Staff.id == OpenItem.owner_id)
        .where(OpenItem.closed_in == handover_id)
        .order_by(OpenItem.opened_at, OpenItem.id)
    ).all()
    return [carry.item_entry(*row) for row in rows if row[0] not in listed]


def submit(
    store,
    actor: StaffRow | None,
    handover_id: int,
    sections: dict[str, str],
    expect_version: int | None,
    seat_count: int,
) -> None:
    """Save the final text and hand it over for signature, carrying what is open now."""
    actor = _require_writer(actor)
    _check_sections(sections)
    missing = [SECTION_TITLES[k] for k in REQUIRED_SECTIONS if not sections.get(k, "").strip()]
    if missing:
        raise DomainError(f"请填写：{'、'.join(missing)}。这几项不能为空。")
    summary, carried = _open_now(store, handover_id, seat_count)
    with store.write(actor.id) as tx:
        h = _editable_draft(tx.session, actor, handover_id, expect_version)
        for key, value in sections.items():
            setattr(h, key, value)
        carried = _record_carried(tx.session, h, summary, carried)
        h.status = "submitted"
        h.version += 1
        h.saved_at = h.submitted_at = tx.now
        for c in carried:
            if c.item_id is not None:
                _event(tx, c.item_id, "carried", handover_id)
        tx.audit(
            "handover.submit",
            "handover",
            str(handover_id),
            {"status": "draft"},
            {"status": "submitted", **sections, "carried": len(carried)},
        )


def withdraw(store, actor: StaffRow | None, handover_id: int) -> None:
    """The author takes a submitted, unsigned handover back to edit it."""
    actor = _require_writer(actor)
    with store.write(actor.id) as tx:
        h = _load(tx.session, handover_id)
        if h.author_id != actor.id:
            raise DomainError("只有填写人可以撤回交接班。")
        if h.status == "signed":
            raise ConflictError(
                f"交接班已于 {moment(h.signed_at)} 签收，不能撤回；如需更正，请添加补充说明。"
            )
        if h.status == "draft":
            raise DomainError("这份交接班还是草稿，不需要撤回。")
        h.status = "draft"
        h.submitted_at = None
        h.version += 1
        h.saved_at = tx.now
        tx.audit(
            "handover.withdraw",
            "handover",
            str(handover_id),
            {"status": "submitted"},
            {"status": "draft"},
        )


def sign(store, actor: StaffRow | None, handover_id: int) -> str:
    """The incoming chief takes over: seal the content with its digest. Returns the digest."""
    actor = _require_writer(actor)
    if actor.post not in SIGNING_POSTS:
        raise DomainError("只有值班长（或运营主管、项目经理）可以签收交接班。")
    with store.write(actor.id) as tx:
        h = _load(tx.session, handover_id)
        if h.status == "signed":
            signer = tx.session.get(Staff, h.signed_by)
            raise ConflictError(
                f"这份交接班已由 {signer.name} 于 {moment(h.signed_at)} 签收，不能再次签收。"
            )
        if h.status == "draft":
            raise DomainError("这份交接班还是草稿，填写人提交后才能签收。")
        if h.author_id == actor.id:
            raise DomainError("不能签收自己写的交接班，请由接班的值班长签收。")
        h.status = "signed"
        h.signed_by = actor.id
        h.signed_at = tx.now
        h.digest = handover_digest(session_query(tx.session), handover_id)
        items = tx.session.execute(
            sa.select(HandoverEntry.item_id)
            .join(OpenItem, OpenItem.id == HandoverEntry.item_id)
            .where(HandoverEntry.handover_id == handover_id, OpenItem.status == "open")
        ).scalars()
        for item_id in items:
            _event(tx, item_id, "accepted", handover_id)
        tx.audit(
            "handover.sign",
            "handover",
            str(handover_id),
            {"status": "submitted"},
            {"status": "signed", "digest": h.digest},
        )
        return h.digest


def amend(store, actor: StaffRow | None, handover_id: int, text: str) -> None:
    actor = _require_writer(actor)
    text = text.strip()
    if not text:
        raise DomainError("补充说明不能为空。")
    if len(text) > MAX_AMENDMENT:
        raise DomainError(f"补充说明超过 {MAX_AMENDMENT} 字，请精简。")
    with store.write(actor.id) as tx:
        h = _load(tx.session, handover_id)
        if h.status != "signed":
            raise DomainError("只有已签收的交接班需要补充说明；未签收的交接班请由填写人直接修改。")
        row = HandoverAmendment(
            handover_id=handover_id, author_id=actor.id, at=tx.now, text=text, digest=""
        )
        tx.session.add(row)
        tx.session.flush()
        row.digest = amendment_digest(session_query(tx.session), row.id)
        tx.audit(
            "handover.amend",
            "handover",
            str(handover_id),
            None,
            {"amendment": row.id, "text": text},
        )


# --- open items ----------------------------------------------------------------------


def _event(tx, item_id: int, kind: str, handover_id: int | None, note: str = "") -> None:
    tx.session.add(
        OpenItemEvent(
            item_id=item_id,
            at=tx.now,
            actor_id=tx.actor_id,
            kind=kind,
            handover_id=handover_id,
            note=note,
        )
    )


def item_title(title: str) -> str:
    """An open item's title, one line, checked."""
    title = one_line(title)
    if not title:
        raise DomainError("请写明待办事项的内容。")
    if len(title) > MAX_TITLE:
        raise DomainError(
            f"待办事项不超过 {MAX_TITLE} 字（现有 {len(title)} 字），细节可写在各栏中。"
        )
    return title


def open_item(
    tx,
    title: str,
    owner_no: str,
    *,
    handover_id: int | None = None,
    meeting_id: int | None = None,
    due: date | None = None,
    note: str = "",
) -> int:
    """Inside a write: a new open item, with its "opened" event and its audit row.

    Handovers and morning meetings both raise items this way, so that every
    item is carried and closed alike wherever it came from.
    """
    owner = tx.session.execute(
        sa.select(Staff.id, Staff.name, Staff.status).where(Staff.staff_no == owner_no)
    ).first()
    if owner is None:
        raise DomainError(f"工号 {owner_no} 不存在。")
    if owner[2] == "离职":
        raise DomainError(f"{owner[1]}（{owner_no}）已离职，不能负责待办事项。")
    item = OpenItem(
        title=title,
        owner_id=owner[0],
        opened_at=tx.now,
        opened_by=tx.actor_id,
        opened_in=handover_id,
        meeting_id=meeting_id,
        due=due,
    )
    tx.session.add(item)
    tx.session.flush()
    _event(tx, item.id, "opened", handover_id, note)
    tx.audit(
        "item.open",
        "open_item",
        str(item.id),
        None,
        {"title": title, "owner": owner_no, "due": due},
    )
    return item.id


def add_item(
    store, actor: StaffRow | None, title: str, owner_no: str, handover_id: int | None = None
) -> int:
    actor = _require_writer(actor)
    title = item_title(title)
    with store.write(actor.id) as tx:
        if handover_id is not None and _load(tx.session, handover_id).status == "signed":
            raise DomainError("交接班已签收，不能再往里加待办事项。")
        return open_item(tx, title, owner_no, handover_id=handover_id)


def close_item(
    store, actor: StaffRow | None, item_id: int, note: str, handover_id: int | None = None
) -> str:
    """Close an open item with a note saying how; returns its title."""
    actor = _require_writer(actor)
    note = " ".join(note.split())
    if not note:
        raise DomainError("关闭待办事项时请写明处理结果。")
    if len(note) > MAX_NOTE:
        raise DomainError(f"处理结果不超过 {MAX_NOTE} 字。")
    with store.write(actor.id) as tx:
        item = tx.session.get(OpenItem, item_id)
        if item is None:
            raise DomainError(f"待办事项 #{item_id} 不存在。")
        if item.status == "closed":
            closer = tx.session.get(Staff, item.closed_by)
            raise ConflictError(
                f"待办事项“{item.title}”已由 {closer.name if closer else '他人'} 于 {moment(item.closed_at)} 关闭。"
            )
        item.status = "closed"
        item.closed_at = tx.now
        item.closed_by = actor.id
        item.closed_in = handover_id
        item.close_note = note
        _event(tx, item_id, "closed", handover_id, note)
        tx.audit(
            "item.close",
            "open_item",
            str(item_id),
            {"status": "open"},
            {"status": "closed", "note": note},
        )
        return item.title
