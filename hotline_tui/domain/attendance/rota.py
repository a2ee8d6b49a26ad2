"""The rota (排班): who is due on the floor for each date and shift.

Ways in: weekly patterns that generate a range of dates, an imported file (read by
``hotline_tui.imports.rota_file``, saved here all at once), and by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import cast

import sqlalchemy as sa

from hotline_tui.db.store import Store, WriteTx
from hotline_tui.db.tables import RotaEntry, RotaPattern, ShiftDef, Staff
from hotline_tui.domain.people.roster import active_person, gone_by
from hotline_tui.errors import ConflictError, DomainError
from hotline_tui.model.permissions import Action, require
from hotline_tui.model.shifts import Shift, describe_day, read_shift_word, shift_words
from hotline_tui.model.staff_row import StaffRow


def scheduled(store: Store, day: date, shift: Shift) -> set[int]:
    with store.read() as session:
        return set(
            session.execute(
                sa.select(RotaEntry.staff_id).where(
                    RotaEntry.day == day, RotaEntry.shift_id == shift.id
                )
            ).scalars()
        )


def rota_between(store: Store, since: date, until: date) -> dict[tuple[int, date], int]:
    """Every rota entry of a span of days: (staff id, day) → shift id."""
    with store.read() as session:
        rows = session.execute(
            sa.select(RotaEntry.staff_id, RotaEntry.day, RotaEntry.shift_id).where(
                RotaEntry.day >= since, RotaEntry.day <= until
            )
        )
        return {(staff_id, day): shift_id for staff_id, day, shift_id in rows}


def shift_on(store: Store, day: date, staff_id: int) -> str | None:
    """The name of the shift a person is on the rota for that day, if any."""
    with store.read() as session:
        return session.execute(
            sa.select(ShiftDef.name)
            .join(RotaEntry, RotaEntry.shift_id == ShiftDef.id)
            .where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
        ).scalar()


def rota_exists(store: Store, day: date) -> bool:
    with store.read() as session:
        return (
            session.execute(sa.select(RotaEntry.id).where(RotaEntry.day == day).limit(1)).first()
            is not None
        )


@dataclass(frozen=True)
class Placing:
    """Where a person stands on a day's rota, for seating them on a shift."""

    on_rota: bool  # on this shift's rota, or nobody is on any rota that day
    elsewhere: str | None  # the other shift they are on that day, if any


def rota_placing(store: Store, day: date, shift: Shift, staff_id: int) -> Placing:
    """Whether seating ``staff_id`` on ``shift`` agrees with the day's rota."""
    with store.read() as session:
        any_rota = session.execute(
            sa.select(RotaEntry.id).where(RotaEntry.day == day).limit(1)
        ).first()
        own = session.execute(
            sa.select(RotaEntry.shift_id, ShiftDef.name)
            .join(ShiftDef, ShiftDef.id == RotaEntry.shift_id)
            .where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
        ).first()
    if any_rota is None:
        return Placing(True, None)  # no rota that day: nothing to disagree with
    if own is None:
        return Placing(False, None)
    if own.shift_id == shift.id:
        return Placing(True, None)
    return Placing(False, own.name)


def schedule(store: Store, actor: StaffRow | None, day: date, shift: Shift, staff_no: str) -> None:
    """Put one person on the rota by hand."""
    actor = require(actor, Action.EDIT_ROTA)
    with store.write(actor.id) as tx:
        staff_id, name = active_person(tx.session, staff_no, day)
        existing = tx.session.execute(
            sa.select(ShiftDef.name)
            .join(RotaEntry, RotaEntry.shift_id == ShiftDef.id)
            .where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
        ).scalar()
        if existing is not None:
            raise ConflictError(
                f"{name} {describe_day(day)} 已排{existing}，一人一天只排一个班次。"
            )
        tx.session.add(
            RotaEntry(
                day=day,
                shift_id=shift.id,
                staff_id=staff_id,
                source="hand",
                created_at=tx.now,
                created_by=actor.id,
            )
        )
        tx.audit("rota.add", "rota_entry", f"{day}/{shift.code}/{staff_no}", None, {"name": name})


def unschedule(
    store: Store, actor: StaffRow | None, day: date, shift: Shift, staff_no: str
) -> None:
    actor = require(actor, Action.EDIT_ROTA)
    with store.write(actor.id) as tx:
        staff_id, name = active_person(tx.session, staff_no, day)
        removed = tx.changed(
            sa.delete(RotaEntry).where(
                RotaEntry.day == day, RotaEntry.shift_id == shift.id, RotaEntry.staff_id == staff_id
            )
        )
        if not removed:
            raise ConflictError(f"{name} 不在 {describe_day(day)} {shift.name}的排班中。")
        tx.audit(
            "rota.remove", "rota_entry", f"{day}/{shift.code}/{staff_no}", {"name": name}, None
        )


def set_pattern(
    store: Store, actor: StaffRow | None, staff_no: str, week: list[Shift | None]
) -> None:
    """Seven entries, Monday first: a shift, or None for a rest day."""
    set_patterns(store, actor, [staff_no], week)


def set_patterns(
    store: Store, actor: StaffRow | None, staff_nos: list[str], week: list[Shift | None]
) -> int:
    """One weekly pattern for several people at once (a group, a shift's people), in one
    transaction, an audit row each; how many were set."""
    actor = require(actor, Action.EDIT_ROTA)
    if len(week) != 7:
        raise ValueError("a weekly pattern has seven days")
    if not staff_nos:
        raise DomainError("没有选中任何人。")
    with store.write(actor.id) as tx:
        for staff_no in staff_nos:
            staff_id, name = active_person(tx.session, staff_no, tx.now.date())
            tx.session.execute(sa.delete(RotaPattern).where(RotaPattern.staff_id == staff_id))
            tx.session.execute(
                sa.insert(RotaPattern),
                [
                    {"staff_id": staff_id, "weekday": i, "shift_id": s.id if s else None}
                    for i, s in enumerate(week)
                ],
            )
            tx.audit(
                "rota.pattern",
                "rota_pattern",
                staff_no,
                None,
                {"name": name, "week": [s.code if s else "休" for s in week]},
            )
    return len(staff_nos)


def parse_week(text: str, shifts: list[Shift]) -> list[Shift | None]:
    """A week typed as seven words, Monday first: a shift's code or name, or 休 for rest."""
    words = text.replace(",", " ").replace("，", " ").split()
    if len(words) != 7:
        raise DomainError(
            f"请写 7 天（周一到周日），现在是 {len(words)} 天。例如：早 早 中 中 休 晚 休。"
        )
    week: list[Shift | None] = []
    for word in words:
        try:
            week.append(read_shift_word(word, shifts))
        except ValueError:
            raise DomainError(f"“{word}”不是班次（可写：{shift_words(shifts)}）。") from None
    return week


def generate(
    store: Store,
    actor: StaffRow | None,
    since: date,
    until: date,
    skip: frozenset[date] = frozenset(),
) -> tuple[int, int]:
    """Rota entries from the weekly patterns; days a person is already on the rota are kept,
    and the days of ``skip`` (holidays the chief chose not to staff by pattern) get none.

    Returns (added, kept).
    """
    actor = require(actor, Action.EDIT_ROTA)
    if until < since:
        raise DomainError(f"开始日期 {since} 晚于结束日期 {until}。")
    if (until - since).days > 366:
        raise DomainError("一次最多生成一年的排班。")
    with store.write(actor.id) as tx:
        patterns = tx.session.execute(
            sa.select(RotaPattern.staff_id, RotaPattern.weekday, RotaPattern.shift_id)
            .join(Staff, Staff.id == RotaPattern.staff_id)
            .where(RotaPattern.shift_id.is_not(None), ~gone_by(since))
        ).all()
        # Someone leaving within the range is scheduled up to the day before they go.
        leaving = dict(
            tx.session.execute(
                sa.select(Staff.id, Staff.left_on).where(Staff.left_on.is_not(None))
            ).all()
        )
        if not patterns:
            raise DomainError("还没有人设置每周排班模式。")
        taken = set(
            tx.session.execute(
                sa.select(RotaEntry.day, RotaEntry.staff_id).where(
                    RotaEntry.day >= since, RotaEntry.day <= until
                )
            ).all()
        )
        by_weekday: dict[int, list[tuple[int, int]]] = {}
        for staff_id, weekday, shift_id in patterns:
            if shift_id is not None:  # a rest day (filtered above already)
                by_weekday.setdefault(weekday, []).append((staff_id, shift_id))
        rows, kept = [], 0
        day = since
        while day <= until:
            if day in skip:
                day += timedelta(days=1)
                continue
            for staff_id, shift_id in by_weekday.get(day.weekday(), []):
                gone = leaving.get(staff_id)
                if gone is not None and gone <= day:
                    continue
                if (day, staff_id) in taken:
                    kept += 1
                    continue
                rows.append(
                    {"day": day, "shift_id": shift_id, "staff_id": staff_id, "source": "pattern",
                     "created_at": tx.now, "created_by": actor.id}
                )  # fmt: skip
            day += timedelta(days=1)
        if rows:
            tx.session.execute(sa.insert(RotaEntry), rows)
        tx.audit(
            "rota.generate",
            "rota_entry",
            f"{since}..{until}",
            None,
            {"added": len(rows), "kept": kept, "skipped": sorted(d.isoformat() for d in skip)},
        )
        return len(rows), kept


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int
    cleared: int = 0  # days a wide sheet marks 休 (or leaves empty) taken off the rota
    unchanged: int = 0  # entries the file has as they already were: left alone
    days: set[date] = field(default_factory=set)  # the days the file puts people on

    @property
    def text(self) -> str:
        rest = f"，改为休息 {self.cleared} 条" if self.cleared else ""
        same = f"，未变 {self.unchanged} 条" if self.unchanged else ""
        return f"已导入排班：新增 {self.added} 条，替换 {self.replaced} 条{rest}{same}。"


@dataclass(frozen=True)
class RotaRows:
    """A rota file's checked content: who works which shift on which day, and (a wide
    sheet's 休 or empty cells) who is off that day."""

    wanted: list[tuple[date, Shift, int]]
    cleared: list[tuple[date, int]] = field(default_factory=list)


DELETE_CHUNK = 500  # staff ids in one DELETE's IN list


def replace_entries(
    store: Store,
    actor: StaffRow | None,
    wanted: list[tuple[date, Shift, int]],
    source: str,
    cleared: list[tuple[date, int]] | None = None,
) -> ImportResult:
    """Save checked rows (day, shift, staff id) at once; a person's other entry that day
    is replaced, an entry already as the file has it is left alone (a sheet exported and
    imported back changes nothing). ``cleared`` (day, staff id): days off, any entry of
    theirs removed."""
    actor = require(actor, Action.EDIT_ROTA)
    days = sorted({day for day, _, _ in wanted} | {day for day, _ in cleared or []})
    with store.write(actor.id) as tx:
        # Read in the write: what stands now, for the days the file names.
        now_on: dict[tuple[int, date], int] = {}
        for start in range(0, len(days), DELETE_CHUNK):
            rows = tx.session.execute(
                sa.select(RotaEntry.staff_id, RotaEntry.day, RotaEntry.shift_id).where(
                    RotaEntry.day.in_(days[start : start + DELETE_CHUNK])
                )
            )
            now_on.update({(staff_id, day): shift_id for staff_id, day, shift_id in rows})
        changed = [(d, s, p) for d, s, p in wanted if now_on.get((p, d)) != s.id]
        # Only entries that stand are deleted: a day nobody was on yet costs no statement
        # (a year's new rota was 200 DELETEs that removed nothing, in the write lock).
        by_day: dict[date, list[int]] = {}
        for day, _, staff_id in changed:
            if (staff_id, day) in now_on:
                by_day.setdefault(day, []).append(staff_id)
        off_by_day: dict[date, list[int]] = {}
        for day, staff_id in cleared or []:
            if (staff_id, day) in now_on:
                off_by_day.setdefault(day, []).append(staff_id)
        replaced = _delete_days(tx, by_day)
        taken_off = _delete_days(tx, off_by_day)
        if changed:
            # The table's own INSERT, many rows a statement: the mapped class's goes
            # through the ORM's bulk path, twice as slow for rows no object stands for.
            tx.session.execute(
                sa.insert(cast("sa.Table", RotaEntry.__table__)),
                [
                    {"day": day, "shift_id": shift.id, "staff_id": staff_id, "source": "import",
                     "created_at": tx.now, "created_by": actor.id}
                    for day, shift, staff_id in changed
                ],
            )  # fmt: skip
        unchanged = len(wanted) - len(changed)
        tx.audit(
            "rota.import",
            "rota_entry",
            source,
            None,
            {"rows": len(wanted), "replaced": replaced, "cleared": taken_off,
             "unchanged": unchanged},
        )  # fmt: skip
    return ImportResult(
        len(changed) - replaced, replaced, taken_off, unchanged, {d for d, _, _ in wanted}
    )


def _delete_days(tx: WriteTx, by_day: dict[date, list[int]]) -> int:
    """Remove the rota entries of these people on these days; how many there were."""
    removed = 0
    for day, ids in by_day.items():
        for start in range(0, len(ids), DELETE_CHUNK):
            chunk = ids[start : start + DELETE_CHUNK]
            removed += tx.changed(
                sa.delete(RotaEntry).where(RotaEntry.day == day, RotaEntry.staff_id.in_(chunk))
            )
    return removed
