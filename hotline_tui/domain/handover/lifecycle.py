"""Shift handovers (交接班): written by the outgoing chief, signed by the incoming one.

A handover is a draft while its author writes (saved as they go), then
submitted, then signed once by someone else. A signed handover is never edited:
corrections are amendments appended to it, and its content is sealed by a
SHA-256 digest that ``hotline-tui check`` verifies. Open items (待办) are rows
of their own with a history, carried into every handover until closed.
"""

from __future__ import annotations

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hotline_tui.config import HANDOVER_EARLY_MINUTES
from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    Handover,
    HandoverAmendment,
    HandoverEntry,
    OpenItem,
    RotaEntry,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.handover import carry
from hotline_tui.domain.handover.digest import amendment_digest, handover_digest, session_query
from hotline_tui.domain.handover.items import record_event
from hotline_tui.domain.handover.record import (
    MAX_AMENDMENT,
    SECTION_TITLES,
    check_sections,
    load_handover,
    plan_summary,
)
from hotline_tui.domain.people.roster import name_of
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.shift_changes import ShiftChange
from hotline_tui.model.shifts import Shift
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import HandoverStatus, ItemStatus, missing_sections
from hotline_tui.model.text import moment, one_line

MAX_REASON = 60  # an early submission's or a stand-in signature's reason


def _write_entries(session: Session, handover_id: int, carried: list[carry.Carried]) -> None:
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


def start(store: Store, actor: StaffRow | None, change: ShiftChange, seat_count: int) -> int:
    """A new draft for ``change``, prefilled with the seats and everything open right now."""
    actor = require(actor, Action.WRITE_HANDOVER)
    now = store.clock.now()
    if change.shift.window(change.day)[0] > now:
        raise DomainError(f"{change.label} 的班次还没有开始，不能提前写交接班。")
    ctx = carry.context(store, change.day, change.shift, now)
    summary = plan_summary(ctx.plan, seat_count)
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


def _editable_draft(
    session: Session, actor: StaffRow, handover_id: int, expect_version: int | None
) -> Handover:
    h = load_handover(session, handover_id)
    if h.author_id != actor.id:
        raise DomainError(
            f"这份交接班由 {name_of(session, h.author_id)} 填写，只有填写人可以修改。"
        )
    if h.status == HandoverStatus.SIGNED:
        raise DomainError("交接班已签收，不能再修改；如需更正，请添加补充说明。")
    if h.status == HandoverStatus.SUBMITTED:
        raise DomainError("交接班已提交，正在等待签收；如需修改，请先撤回。")
    if expect_version is not None and h.version != expect_version:
        raise ConflictError(
            f"这份草稿已在另一个终端于 {moment(h.saved_at)} 保存过，本终端的内容未保存。"
        )
    return h


def save_draft(
    store: Store,
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
    actor = require(actor, Action.WRITE_HANDOVER)
    check_sections(sections)
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


def refresh_carried(store: Store, actor: StaffRow | None, handover_id: int, seat_count: int) -> int:
    """Carry over what is open now instead of what was open when the draft began."""
    actor = require(actor, Action.WRITE_HANDOVER)
    summary, carried = _open_now(store, handover_id, seat_count)
    with store.write(actor.id) as tx:
        h = _editable_draft(tx.session, actor, handover_id, None)
        carried = _record_carried(tx.session, h, summary, carried)
        h.version += 1
        h.saved_at = tx.now
        tx.audit("handover.refresh", "handover", str(handover_id), None, {"carried": len(carried)})
        return h.version


def _open_now(store: Store, handover_id: int, seat_count: int) -> tuple[str, list[carry.Carried]]:
    """The outgoing shift's seats and everything open, as of now (read before the write)."""
    with store.read() as session:
        h = load_handover(session, handover_id)
        day, shift_id = h.day, h.from_shift_id
    ctx = carry.context(store, day, _shift(store, shift_id), store.clock.now())
    return plan_summary(ctx.plan, seat_count), carry.gather(store, ctx)


def _record_carried(
    session: Session, h: Handover, summary: str, carried: list[carry.Carried]
) -> list[carry.Carried]:
    """Store what the handover carries; items closed while writing it stay on it."""
    carried = carried + _closed_here_not_listed(session, h.id, carried)
    _write_entries(session, h.id, carried)
    h.plan_summary = summary
    return carried


def _shift(store: Store, shift_id: int) -> Shift:
    with store.read() as session:
        return _shift_in(session, shift_id)


def _shift_in(session: Session, shift_id: int) -> Shift:
    row = session.execute(
        sa.select(ShiftDef.id, ShiftDef.code, ShiftDef.name, ShiftDef.start, ShiftDef.end).where(
            ShiftDef.id == shift_id
        )
    ).one()
    return Shift(*row)


def _closed_here_not_listed(
    session: Session, handover_id: int, carried: list[carry.Carried]
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


def early_text(session: Session, h: Handover, now: pendulum.DateTime, limit: int) -> str | None:
    """How early a submission now would be, in words, when it is more than ``limit``
    minutes before the outgoing shift ends; None when it is not."""
    shift = _shift_in(session, h.from_shift_id)
    ends = shift.window(h.day)[1]
    left = int((ends - now).total_seconds() // 60)
    if left <= limit:
        return None
    hours, minutes = divmod(left, 60)
    span = (f"{hours} 小时" if hours else "") + (f" {minutes} 分钟" if minutes else "")
    return f"{shift.name}到 {ends.format('HH:mm')} 才结束，现在提交早了 {span.strip()}"


def submission_early(
    store: Store, handover_id: int, limit: int = HANDOVER_EARLY_MINUTES
) -> str | None:
    """``early_text`` for submitting now: the form asks for the reason before submitting."""
    with store.read() as session:
        return early_text(session, load_handover(session, handover_id), store.clock.now(), limit)


def submit(
    store: Store,
    actor: StaffRow | None,
    handover_id: int,
    sections: dict[str, str],
    expect_version: int | None,
    seat_count: int,
    early_reason: str = "",
    early_limit: int = HANDOVER_EARLY_MINUTES,
) -> None:
    """Save the final text and hand it over for signature, carrying what is open now.

    More than ``early_limit`` minutes (a setting) before the outgoing shift ends, it
    needs ``early_reason``, which the record, the archive and the daily report print.
    """
    actor = require(actor, Action.WRITE_HANDOVER)
    check_sections(sections)
    early_reason = one_line(early_reason)
    if len(early_reason) > MAX_REASON:
        raise DomainError(f"提前提交的原因不超过 {MAX_REASON} 字。")
    missing = missing_sections(sections, SECTION_TITLES)
    if missing:
        raise DomainError(f"请填写：{'、'.join(missing)}。这几项不能为空。")
    summary, carried = _open_now(store, handover_id, seat_count)
    with store.write(actor.id) as tx:
        h = _editable_draft(tx.session, actor, handover_id, expect_version)
        early = early_text(tx.session, h, tx.now, early_limit)
        if early is not None and not early_reason:
            raise DomainError(f"{early}：提前 {early_limit} 分钟以上提交交接班，请写明原因。")
        for key, value in sections.items():
            setattr(h, key, value)
        carried = _record_carried(tx.session, h, summary, carried)
        h.early_reason = early_reason if early is not None else ""
        h.status = HandoverStatus.SUBMITTED
        h.version += 1
        h.saved_at = h.submitted_at = tx.now
        for c in carried:
            if c.item_id is not None:
                record_event(tx, c.item_id, "carried", handover_id)
        tx.audit(
            "handover.submit",
            "handover",
            str(handover_id),
            {"status": HandoverStatus.DRAFT},
            {"status": HandoverStatus.SUBMITTED, **sections, "carried": len(carried),
             **({"early_reason": h.early_reason} if h.early_reason else {})},
        )  # fmt: skip


def withdraw(store: Store, actor: StaffRow | None, handover_id: int) -> None:
    """The author takes a submitted, unsigned handover back to edit it."""
    actor = require(actor, Action.WRITE_HANDOVER)
    with store.write(actor.id) as tx:
        h = load_handover(tx.session, handover_id)
        if h.author_id != actor.id:
            raise DomainError("只有填写人可以撤回交接班。")
        if h.status == HandoverStatus.SIGNED:
            raise ConflictError(
                f"交接班已于 {moment(h.signed_at)} 签收，不能撤回；如需更正，请添加补充说明。"
            )
        if h.status == HandoverStatus.DRAFT:
            raise DomainError("这份交接班还是草稿，不需要撤回。")
        h.status = HandoverStatus.DRAFT
        h.submitted_at = None
        h.version += 1
        h.saved_at = tx.now
        tx.audit(
            "handover.withdraw",
            "handover",
            str(handover_id),
            {"status": HandoverStatus.SUBMITTED},
            {"status": HandoverStatus.DRAFT},
        )


def _rostered_chiefs(session: Session, h: Handover) -> list[tuple[int, str]]:
    """(id, name) of the 值班长 on the rota of the shift that takes over."""
    return [
        (staff_id, name)
        for staff_id, name in session.execute(
            sa.select(Staff.id, Staff.name)
            .join(RotaEntry, RotaEntry.staff_id == Staff.id)
            .where(
                RotaEntry.day == h.to_day,
                RotaEntry.shift_id == h.to_shift_id,
                Staff.post == "值班长",
            )
            .order_by(Staff.staff_no)
        ).all()
    ]


def _not_rostered(session: Session, h: Handover, actor: StaffRow) -> str | None:
    """Why ``actor`` is not the one to sign, in words; None when they are on the rota."""
    chiefs = _rostered_chiefs(session, h)
    if any(staff_id == actor.id for staff_id, _ in chiefs):
        return None
    shift = _shift_in(session, h.to_shift_id)
    if not chiefs:
        return f"{h.to_day} {shift.name}的排班中没有值班长"
    names = "、".join(name for _, name in chiefs)
    return f"{h.to_day} {shift.name}按排班由 {names} 接班，您不在这一班的排班中"


def signing_for_another(store: Store, actor: StaffRow | None, handover_id: int) -> str | None:
    """Why ``actor`` would sign for someone else (the record asks for the reason first);
    None when they are the incoming shift's 值班长 on the rota."""
    actor = require(actor, Action.SIGN_HANDOVER)
    with store.read() as session:
        return _not_rostered(session, load_handover(session, handover_id), actor)


def sign(store: Store, actor: StaffRow | None, handover_id: int, reason: str = "") -> str:
    """The incoming chief takes over: seal the content with its digest. Returns the digest.

    The signer is the incoming shift's 值班长 on the rota; anyone else allowed to sign
    gives ``reason``, printed with the signature.
    """
    actor = require(actor, Action.SIGN_HANDOVER)
    reason = one_line(reason)
    if len(reason) > MAX_REASON:
        raise DomainError(f"代签的原因不超过 {MAX_REASON} 字。")
    with store.write(actor.id) as tx:
        h = load_handover(tx.session, handover_id)
        if h.status == HandoverStatus.SIGNED:
            raise ConflictError(
                f"这份交接班已由 {name_of(tx.session, h.signed_by)} 于 {moment(h.signed_at)} 签收，"
                "不能再次签收。"
            )
        if h.status == HandoverStatus.DRAFT:
            raise DomainError("这份交接班还是草稿，填写人提交后才能签收。")
        if h.author_id == actor.id:
            raise DomainError("不能签收自己写的交接班，请由接班的值班长签收。")
        another = _not_rostered(tx.session, h, actor)
        if another is not None and not reason:
            raise DomainError(f"{another}；代为签收请写明原因。")
        h.sign_reason = reason if another is not None else ""
        h.status = HandoverStatus.SIGNED
        h.signed_by = actor.id
        h.signed_at = tx.now
        h.digest = handover_digest(session_query(tx.session), handover_id)
        items = tx.session.execute(
            sa.select(OpenItem.id)
            .join(HandoverEntry, OpenItem.id == HandoverEntry.item_id)
            .where(HandoverEntry.handover_id == handover_id, OpenItem.status == ItemStatus.OPEN)
        ).scalars()
        for item_id in items:
            record_event(tx, item_id, "accepted", handover_id)
        tx.audit(
            "handover.sign",
            "handover",
            str(handover_id),
            {"status": HandoverStatus.SUBMITTED},
            {"status": HandoverStatus.SIGNED, "digest": h.digest,
             **({"sign_reason": h.sign_reason} if h.sign_reason else {})},
        )  # fmt: skip
        return h.digest


def amend(store: Store, actor: StaffRow | None, handover_id: int, text: str) -> None:
    actor = require(actor, Action.WRITE_HANDOVER)
    text = text.strip()
    if not text:
        raise DomainError("补充说明不能为空。")
    if len(text) > MAX_AMENDMENT:
        raise DomainError(f"补充说明超过 {MAX_AMENDMENT} 字，请精简。")
    with store.write(actor.id) as tx:
        h = load_handover(tx.session, handover_id)
        if h.status != HandoverStatus.SIGNED:
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
            {"amendment": row.id, "text": text, "digest": row.digest},
        )
