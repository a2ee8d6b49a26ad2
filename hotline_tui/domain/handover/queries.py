"""What the handover screens read: the list, one handover whole, the header's warning."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

import pendulum
import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from hotline_tui.db.store import Store
from hotline_tui.db.tables import (
    AuditLog,
    Handover,
    HandoverAmendment,
    HandoverEntry,
    OpenItem,
    ShiftDef,
    Staff,
)
from hotline_tui.domain.handover.digest import (
    amendment_digests,
    handover_digests,
    session_query,
)
from hotline_tui.domain.handover.record import SECTIONS
from hotline_tui.errors import DomainError
from hotline_tui.model.shift_changes import ShiftChange, last_change_due
from hotline_tui.model.shifts import Shift
from hotline_tui.model.states import HandoverStatus, ItemStatus
from hotline_tui.model.text import like_pattern


@dataclass(frozen=True)
class HandoverRow:
    id: int
    day: date
    to_day: date
    from_shift: str
    to_shift: str
    author: str
    signer: str
    status: HandoverStatus
    open_items: int
    saved_at: datetime
    submitted_at: datetime | None
    signed_at: datetime | None
    shift_order: int = 0  # the outgoing shift's place in the day, for the list's order

    def __post_init__(self) -> None:  # read as the column's string
        object.__setattr__(self, "status", HandoverStatus(self.status))

    @property
    def status_name(self) -> str:
        return self.status.label

    @property
    def key(self) -> PageKey:
        """Where this row stands in the list's order: the next page starts after it."""
        return (self.day, self.shift_order, self.id)


# (day, outgoing shift's order, id): a place in the list, newest first.
PageKey = tuple[date, int, int]


@dataclass(frozen=True)
class ItemView:
    id: int
    title: str
    owner: str
    status: ItemStatus
    opened_at: datetime
    opened_by: str
    opened_in: int | None
    closed_at: datetime | None = None
    closed_by: str = ""
    closed_in: int | None = None
    close_note: str = ""

    def __post_init__(self) -> None:  # read as the column's string
        object.__setattr__(self, "status", ItemStatus(self.status))

    @classmethod
    def of_row(cls, row: Sequence[Any]) -> ItemView:
        """From a row of _item_select(), in its order."""
        return cls(*row)

    @property
    def is_open(self) -> bool:
        return self.status is ItemStatus.OPEN


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
    status: HandoverStatus
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
    early_reason: str = ""  # submitted long before the outgoing shift ended: why
    sign_reason: str = ""  # signed by someone not on the incoming shift's rota: why

    @property
    def status_name(self) -> str:
        return self.status.label

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


Q = TypeVar("Q", bound="sa.Select[*tuple[Any, ...]]")


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

    def apply(self, query: Q, from_shift: Any, session: Session) -> Q:
        """``query`` narrowed to the handovers that match; ``from_shift`` is its outgoing
        shift; ``session`` the read it runs in (a search looks up the index's terms)."""
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
            query = query.where(_matches(word, session))
        return query


# A trigram index finds substrings of three characters or more; shorter words are
# looked up the plain way (docs: db/migrations/versions/0011_handover_search.py).
TRIGRAM = 3
PAIR = 2
_SEARCH = sa.table("handover_search", sa.column("handover_id"), sa.column("body"))
_TERMS = sa.table("handover_search_terms", sa.column("term"))
_LAST = "\U0010ffff"  # after every character: the end of the range of terms a pair begins


def _on_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _matches(word: str, session: Session) -> sa.ColumnElement[bool]:
    """The handover has ``word`` in its sections, seat summary, carried entries,
    amendments or the items opened in it, as a literal substring, any case. On
    PostgreSQL the ILIKE query itself, which its trigram indexes serve."""
    if _on_server(session) or len(word) < PAIR:
        return like_matches(word)
    if len(word) >= TRIGRAM:
        phrases = [word]
    else:
        # Two characters begin a trigram wherever they stand (each indexed text ends
        # with a line break, revision 0021): the index's terms that begin with them,
        # a range of its term list, found as any one of them.
        folded = word.lower()  # the index folds case
        phrases = list(
            session.execute(
                sa.select(_TERMS.c.term).where(
                    _TERMS.c.term >= folded, _TERMS.c.term < folded + _LAST
                )
            ).scalars()
        )
        if not phrases:
            return sa.false()
    query = " OR ".join('"' + p.replace('"', '""') + '"' for p in phrases)  # not FTS syntax
    return Handover.id.in_(
        sa.select(_SEARCH.c.handover_id).where(
            sa.literal_column("handover_search").op("MATCH")(query)
        )
    )


def like_matches(word: str) -> sa.ColumnElement[bool]:
    """``_matches`` by scanning the text with LIKE: for one or two characters, and as
    the reference the index is tested against."""
    pattern = like_pattern(word)
    return sa.or_(
        *(getattr(Handover, key).ilike(pattern, escape="\\") for key, _ in SECTIONS),
        Handover.plan_summary.ilike(pattern, escape="\\"),
        sa.exists().where(
            HandoverEntry.handover_id == Handover.id,
            HandoverEntry.text.ilike(pattern, escape="\\"),
        ),
        sa.exists().where(
            HandoverAmendment.handover_id == Handover.id,
            HandoverAmendment.text.ilike(pattern, escape="\\"),
        ),
        sa.exists().where(
            OpenItem.opened_in == Handover.id,
            OpenItem.title.ilike(pattern, escape="\\"),
        ),
    )


def list_handovers(
    store: Store,
    where: HandoverFilter = HandoverFilter(),
    limit: int | None = None,
    after: PageKey | None = None,
) -> list[HandoverRow]:
    """Handovers newest first; ``limit`` keeps that many, starting ``after`` a row's key.

    A page starts from a key, not an offset: the (day, shift) index finds it, so the
    oldest page of three years costs what the newest does."""
    from_shift, to_shift = aliased(ShiftDef), aliased(ShiftDef)
    author, signer = aliased(Staff), aliased(Staff)
    open_count = (
        sa.select(sa.func.count())
        .select_from(HandoverEntry)
        .join(OpenItem, OpenItem.id == HandoverEntry.item_id)
        .where(HandoverEntry.handover_id == Handover.id, OpenItem.status == ItemStatus.OPEN)
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
            from_shift.sort_order,
        )
        .join(from_shift, from_shift.id == Handover.from_shift_id)
        .join(to_shift, to_shift.id == Handover.to_shift_id)
        .join(author, author.id == Handover.author_id)
        .outerjoin(signer, signer.id == Handover.signed_by)
        .order_by(Handover.day.desc(), from_shift.sort_order.desc(), Handover.id.desc())
        .limit(limit)
    )
    if after is not None:
        day, order, handover_id = after
        query = query.where(
            Handover.day <= day,
            sa.or_(
                Handover.day < day,
                from_shift.sort_order < order,
                sa.and_(from_shift.sort_order == order, Handover.id < handover_id),
            ),
        )
    with store.read() as session:
        return [
            HandoverRow(*row)
            for row in session.execute(where.apply(query, from_shift, session)).all()
        ]


_TALLY = sa.table("handover_tally", sa.column("status"), sa.column("n"))


def count_handovers(store: Store, where: HandoverFilter = HandoverFilter()) -> dict[str, int]:
    """How many handovers of each status match, however many the list shows. All of
    them: kept by the database (revision 0022), as many years as there are."""
    from_shift = aliased(ShiftDef)
    query = (
        sa.select(Handover.status, sa.func.count())
        .join(from_shift, from_shift.id == Handover.from_shift_id)
        .group_by(Handover.status)
    )
    with store.read() as session:
        if where.active:
            counts = dict(session.execute(where.apply(query, from_shift, session)).all())
        else:
            counts = dict(session.execute(sa.select(_TALLY.c.status, _TALLY.c.n)).all())
    return {status: counts.get(status, 0) for status in HandoverStatus}


def _item_select() -> sa.Select[
    int, str, str, str, datetime, str, int | None, datetime | None, str, int | None, str
]:
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


def get_handover(store: Store, handover_id: int, shifts: list[Shift]) -> HandoverView:
    with store.read() as session:
        views = _views(session, shifts, Handover.id == handover_id)
    if not views:
        raise DomainError(f"交接班 #{handover_id} 不存在（可能已被删除）。")
    return views[0]


def signed_handovers(
    store: Store, shifts: list[Shift], since: date, until: date
) -> list[HandoverView]:
    """Every signed handover of the days, oldest first, whole: a fixed number of
    queries however many there are (the archive of a year is a thousand)."""
    with store.read() as session:
        return _views(
            session,
            shifts,
            sa.and_(
                Handover.day >= since,
                Handover.day <= until,
                Handover.status == HandoverStatus.SIGNED,
            ),
        )


def _views(
    session: sa.orm.Session,
    shifts: list[Shift],
    chosen: sa.ColumnElement[bool],
) -> list[HandoverView]:
    """The handovers ``chosen``, whole, in six queries whatever their number, ordered by
    day and shift change."""
    by_id = {s.id: s for s in shifts}
    author, signer = aliased(Staff), aliased(Staff)
    rows = session.execute(
        sa.select(Handover, author.name, sa.func.coalesce(signer.name, ""))
        .join(author, author.id == Handover.author_id)
        .outerjoin(signer, signer.id == Handover.signed_by)
        .join(ShiftDef, ShiftDef.id == Handover.from_shift_id)
        .where(chosen)
        .order_by(Handover.day, ShiftDef.sort_order, Handover.id)
    ).all()
    if not rows:
        return []
    ids = sa.select(Handover.id).where(chosen).scalar_subquery()
    entries_of: dict[int, list[tuple[str, str, str, int | None]]] = {}
    for handover_id, source, ref, text, item_id in session.execute(
        sa.select(
            HandoverEntry.handover_id,
            HandoverEntry.source,
            HandoverEntry.ref,
            HandoverEntry.text,
            HandoverEntry.item_id,
        )
        .where(HandoverEntry.handover_id.in_(ids))
        .order_by(HandoverEntry.handover_id, HandoverEntry.position)
    ).all():
        entries_of.setdefault(handover_id, []).append((source, ref, text, item_id))
    items = {
        r[0]: ItemView.of_row(r)
        for r in session.execute(
            _item_select().where(
                sa.or_(
                    OpenItem.id.in_(
                        sa.select(HandoverEntry.item_id).where(HandoverEntry.handover_id.in_(ids))
                    ),
                    OpenItem.opened_in.in_(ids),
                )
            )
        ).all()
    }
    query = session_query(session)
    # The digests are checked on the stored rows (digest.py reads them in SQL): the
    # handovers just read, named by id.
    where = f"h.id IN ({', '.join('?' * len(rows))})"
    params = tuple(h.id for h, _, _ in rows)
    amendment_sums = amendment_digests(query, where, params)
    amendments_of: dict[int, list[AmendmentView]] = {}
    for handover_id, a_id, name, at, text, digest in session.execute(
        sa.select(
            HandoverAmendment.handover_id,
            HandoverAmendment.id,
            Staff.name,
            HandoverAmendment.at,
            HandoverAmendment.text,
            HandoverAmendment.digest,
        )
        .join(Staff, Staff.id == HandoverAmendment.author_id)
        .where(HandoverAmendment.handover_id.in_(ids))
        .order_by(HandoverAmendment.at, HandoverAmendment.id)
    ).all():
        view = AmendmentView(a_id, name, at, text, amendment_sums.get(a_id) == digest)
        amendments_of.setdefault(handover_id, []).append(view)
    signed = any(h.status == HandoverStatus.SIGNED for h, _, _ in rows)
    digests = handover_digests(query, where, params) if signed else {}
    views = []
    for h, author_name, signer_name in rows:
        entries = [
            EntryView(source, ref, text, None if item_id is None else items.get(item_id))
            for source, ref, text, item_id in entries_of.get(h.id, [])
        ]
        listed = {e.item.id for e in entries if e.item}
        new_items = [
            item for item in items.values() if item.opened_in == h.id and item.id not in listed
        ]
        intact = None
        if h.status == HandoverStatus.SIGNED:
            intact = bool(h.digest) and digests.get(h.id) == h.digest
        change = ShiftChange(h.day, by_id[h.from_shift_id], h.to_day, by_id[h.to_shift_id])
        views.append(
            HandoverView(
                id=h.id,
                change=change,
                author_id=h.author_id,
                author=author_name,
                signer=signer_name,
                status=HandoverStatus(h.status),
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
                amendments=amendments_of.get(h.id, []),
                early_reason=h.early_reason,
                sign_reason=h.sign_reason,
            )
        )
    return views


def find_handover(store: Store, day: date, shift: Shift) -> int | None:
    with store.read() as session:
        return session.execute(
            sa.select(Handover.id).where(Handover.day == day, Handover.from_shift_id == shift.id)
        ).scalar_one_or_none()


@dataclass(frozen=True)
class PendingHandover:
    """The latest due handover, not signed yet: what the header warns of."""

    what: str  # 未填写, 未提交, 待签收
    change: ShiftChange

    @property
    def which(self) -> str:
        c = self.change
        return f"{c.day.strftime('%m-%d')} {c.shift.name}交{c.to_shift.name}"

    @property
    def text(self) -> str:
        return f"交接班{self.what}：{self.which}"

    @property
    def short(self) -> str:
        """For a narrow header: 待签收 11-29 晚班交早班."""
        return f"{self.what} {self.which}"


def pending_handover(
    store: Store, shifts: list[Shift], now: pendulum.DateTime
) -> PendingHandover | None:
    """The latest due handover while it is not signed; None when it is (or none is due)."""
    change = last_change_due(shifts, now)
    if change is None:
        return None
    with store.read() as session:
        # A shift change before the desk was in use has no handover to chase.
        began = session.execute(sa.select(sa.func.min(AuditLog.at))).scalar()
        if began is None or change.due < began:
            return None
        status = session.execute(
            sa.select(Handover.status).where(
                Handover.day == change.day, Handover.from_shift_id == change.shift.id
            )
        ).scalar_one_or_none()
    if status is None:
        what: str | None = "未填写"
    else:
        what = {HandoverStatus.DRAFT: "未提交", HandoverStatus.SUBMITTED: "待签收"}.get(
            HandoverStatus(status)
        )
    return None if what is None else PendingHandover(what, change)


def pending_alert(store: Store, shifts: list[Shift], now: pendulum.DateTime) -> str:
    """What the header says while the latest due handover is not signed; "" when it is."""
    pending = pending_handover(store, shifts, now)
    return pending.text if pending else ""
