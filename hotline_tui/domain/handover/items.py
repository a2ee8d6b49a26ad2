"""Open items (待办): raised, carried, closed, each with its history."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from hotline_tui.db.store import Store, WriteTx
from hotline_tui.db.tables import (
    OpenItem,
    OpenItemEvent,
    Staff,
)
from hotline_tui.domain.handover.record import MAX_NOTE, MAX_TITLE, load_handover
from hotline_tui.domain.people.roster import has_left, name_of
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import HandoverStatus, ItemStatus
from hotline_tui.model.text import moment, one_line

EVENT_NAMES = {"opened": "提出", "carried": "交班带入", "accepted": "接班接收", "closed": "关闭"}


def item_history(store: Store, item_id: int) -> list[tuple[datetime, str, str, int | None, str]]:
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


def record_event(
    tx: WriteTx, item_id: int, kind: str, handover_id: int | None, note: str = ""
) -> None:
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
    tx: WriteTx,
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
        sa.select(Staff.id, Staff.name, Staff.status, Staff.left_on).where(
            Staff.staff_no == owner_no
        )
    ).first()
    if owner is None:
        raise DomainError(f"工号 {owner_no} 不存在。")
    if has_left(owner[2], owner[3], tx.now.date()):
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
    record_event(tx, item.id, "opened", handover_id, note)
    tx.audit(
        "item.open",
        "open_item",
        str(item.id),
        None,
        {"title": title, "owner": owner_no, "due": due},
    )
    return item.id


def add_item(
    store: Store, actor: StaffRow | None, title: str, owner_no: str, handover_id: int | None = None
) -> int:
    actor = require(actor, Action.HANDOVER_ITEMS)
    title = item_title(title)
    with store.write(actor.id) as tx:
        if (
            handover_id is not None
            and load_handover(tx.session, handover_id).status == HandoverStatus.SIGNED
        ):
            raise DomainError("交接班已签收，不能再往里加待办事项。")
        return open_item(tx, title, owner_no, handover_id=handover_id)


def close_item(
    store: Store, actor: StaffRow | None, item_id: int, note: str, handover_id: int | None = None
) -> str:
    """Close an open item with a note saying how; returns its title."""
    actor = require(actor, Action.HANDOVER_ITEMS)
    note = " ".join(note.split())
    if not note:
        raise DomainError("关闭待办事项时请写明处理结果。")
    if len(note) > MAX_NOTE:
        raise DomainError(f"处理结果不超过 {MAX_NOTE} 字。")
    with store.write(actor.id) as tx:
        item = tx.session.get(OpenItem, item_id)
        if item is None:
            raise DomainError(f"待办事项 #{item_id} 不存在。")
        if item.status == ItemStatus.CLOSED:
            raise ConflictError(
                f"待办事项“{item.title}”已由 {name_of(tx.session, item.closed_by)} 于 "
                f"{moment(item.closed_at)} 关闭。"
            )
        item.status = ItemStatus.CLOSED
        item.closed_at = tx.now
        item.closed_by = actor.id
        item.closed_in = handover_id
        item.close_note = note
        record_event(tx, item_id, "closed", handover_id, note)
        tx.audit(
            "item.close",
            "open_item",
            str(item_id),
            {"status": ItemStatus.OPEN},
            {"status": ItemStatus.CLOSED, "note": note},
        )
        return item.title
