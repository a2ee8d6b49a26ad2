"""The rota (排班): who is due on the floor for each date and shift.

Ways in: weekly patterns that generate a range of dates, an imported file
(all-or-nothing), and by hand. Swaps (换班) move entries between people with a
chief's approval; overtime (加班) is recorded beside the rota.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pendulum
import sqlalchemy as sa

from hotline_tui.clock import BEIJING
from hotline_tui.domain.errors import ConflictError, DomainError
from hotline_tui.domain.models import Overtime, RotaEntry, RotaPattern, ShiftDef, ShiftSwap, Staff
from hotline_tui.domain.roster import StaffRow
from hotline_tui.domain.seating import moment
from hotline_tui.domain.shifts import Shift, describe_day
from hotline_tui.domain.text import one_line

APPROVING_POSTS = frozenset({"值班长", "运营主管", "项目经理"})
MAX_IMPORT_ERRORS = 50


def _actor(actor: StaffRow | None) -> StaffRow:
    if actor is None:
        raise DomainError("请先登录：排班的每一次修改都记在操作人名下。")
    return actor


def scheduled(store, day: date, shift: Shift) -> set[int]:
    with store.read() as session:
        return set(
            session.execute(
                sa.select(RotaEntry.staff_id).where(
                    RotaEntry.day == day, RotaEntry.shift_id == shift.id
                )
            ).scalars()
        )


def shift_on(store, day: date, staff_id: int) -> str | None:
    """The name of the shift a person is on the rota for that day, if any."""
    with store.read() as session:
        return session.execute(
            sa.select(ShiftDef.name)
            .join(RotaEntry, RotaEntry.shift_id == ShiftDef.id)
            .where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
        ).scalar()


def rota_exists(store, day: date) -> bool:
    with store.read() as session:
        return (
            session.execute(sa.select(RotaEntry.id).where(RotaEntry.day == day).limit(1)).first()
            is not None
        )


def _person(session, staff_no: str):
    row = session.execute(
        sa.select(Staff.id, Staff.name, Staff.status).where(Staff.staff_no == staff_no)
    ).first()
    if row is None:
        raise DomainError(f"工号 {staff_no} 不存在。")
    if row[2] == "离职":
        raise DomainError(f"{row[1]}（{staff_no}）已离职，不能排班。")
    return row


def schedule(store, actor: StaffRow | None, day: date, shift: Shift, staff_no: str) -> None:
    """Put one person on the rota by hand."""
    actor = _actor(actor)
    with store.write(actor.id) as tx:
        staff_id, name, _ = _person(tx.session, staff_no)
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


def unschedule(store, actor: StaffRow | None, day: date, shift: Shift, staff_no: str) -> None:
    actor = _actor(actor)
    with store.write(actor.id) as tx:
        staff_id, name, _ = _person(tx.session, staff_no)
        removed = tx.session.execute(
            sa.delete(RotaEntry).where(
                RotaEntry.day == day, RotaEntry.shift_id == shift.id, RotaEntry.staff_id == staff_id
            )
        ).rowcount
        if not removed:
            raise ConflictError(f"{name} 不在 {describe_day(day)} {shift.name}的排班中。")
        tx.audit(
            "rota.remove", "rota_entry", f"{day}/{shift.code}/{staff_no}", {"name": name}, None
        )


# --- weekly patterns -------------------------------------------------------------------


def set_pattern(store, actor: StaffRow | None, staff_no: str, week: list[Shift | None]) -> None:
    """Seven entries, Monday first: a shift, or None for a rest day."""
    actor = _actor(actor)
    if len(week) != 7:
        raise ValueError("a weekly pattern has seven days")
    with store.write(actor.id) as tx:
        staff_id, name, _ = _person(tx.session, staff_no)
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
            {"week": [s.code if s else "休" for s in week]},
        )


def parse_week(text: str, shifts: list[Shift]) -> list[Shift | None]:
    """A week typed as seven words, Monday first: a shift's code or name, or 休 for rest."""
    words = text.replace(",", " ").replace("，", " ").split()
    if len(words) != 7:
        raise DomainError(
            f"请写 7 天（周一到周日），现在是 {len(words)} 天。例如：早 早 中 中 休 晚 休。"
        )
    week: list[Shift | None] = []
    for word in words:
        if word in ("休", "rest", "-"):
            week.append(None)
            continue
        match = next((s for s in shifts if word in (s.code, s.name, s.name[:1])), None)
        if match is None:
            raise DomainError(
                f"“{word}”不是班次（可写：{'、'.join(s.name for s in shifts)} 或 休）。"
            )
        week.append(match)
    return week


def generate(store, actor: StaffRow | None, since: date, until: date) -> tuple[int, int]:
    """Rota entries from the weekly patterns; days a person is already on the rota are kept.

    Returns (added, kept).
    """
    actor = _actor(actor)
    if until < since:
        raise DomainError(f"开始日期 {since} 晚于结束日期 {until}。")
    if (until - since).days > 366:
        raise DomainError("一次最多生成一年的排班。")
    with store.write(actor.id) as tx:
        patterns = tx.session.execute(
            sa.select(RotaPattern.staff_id, RotaPattern.weekday, RotaPattern.shift_id)
            .join(Staff, Staff.id == RotaPattern.staff_id)
            .where(RotaPattern.shift_id.is_not(None), Staff.status != "离职")
        ).all()
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
            by_weekday.setdefault(weekday, []).append((staff_id, shift_id))
        rows, kept = [], 0
        day = since
        while day <= until:
            for staff_id, shift_id in by_weekday.get(day.weekday(), []):
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
            {"added": len(rows), "kept": kept},
        )
        return len(rows), kept


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    added: int
    replaced: int


class RotaFileError(DomainError):
    """A rota file with bad rows: every one is listed, nothing was saved."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_IMPORT_ERRORS]
        more = len(problems) - len(shown)
        text = f"排班文件有 {len(problems)} 处问题，未导入任何一行：\n" + "\n".join(shown)
        if more:
            text += f"\n另有 {more} 处问题未列出。"
        super().__init__(text)
        self.problems = problems


HEADERS = {"工号": "staff_no", "日期": "day", "班次": "shift"}


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of a CSV or XLSX file, header included."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DomainError(f"文件不存在：{path}")
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix != ".csv":
        raise DomainError(f"只能导入 CSV 或 XLSX 文件，而不是“{path.suffix or path.name}”。")
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError("无法识别文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    if "\x00" in text:
        raise DomainError(f"{path.name} 不是文本格式的 CSV 文件。")
    return [(n, [c.strip() for c in row]) for n, row in enumerate(csv.reader(io.StringIO(text)), 1)]


def _xlsx_rows(path: Path) -> list[tuple[int, list[str]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        raise DomainError(f"{path.name} 不是有效的 XLSX 文件。") from None
    rows = []
    for n, row in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
        cells = []
        for value in row:
            if isinstance(value, datetime):
                value = value.date().isoformat()
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            cells.append("" if value is None else str(value).strip())
        rows.append((n, cells))
    book.close()
    return rows


def import_rota(store, actor: StaffRow | None, path: Path, shifts: list[Shift]) -> ImportResult:
    """Import 工号, 日期, 班次 rows: all of them, or none when any row is bad."""
    actor = _actor(actor)
    rows = [(n, cells) for n, cells in read_rows(path) if any(cells)]
    if not rows:
        raise DomainError(f"{path.name} 是空的。")
    header_line, header = rows[0]
    columns = {HEADERS.get(name): i for i, name in enumerate(header) if name in HEADERS}
    missing = [name for name, key in HEADERS.items() if key not in columns]
    if missing:
        raise DomainError(
            f"第 {header_line} 行应为表头“工号,日期,班次”，缺少：{'、'.join(missing)}（现为：{'、'.join(header) or '空'}）。"
        )
    with store.read() as session:
        people = {
            no: (sid, name, status)
            for sid, no, name, status in session.execute(
                sa.select(Staff.id, Staff.staff_no, Staff.name, Staff.status)
            )
        }
    problems: list[str] = []
    seen: dict[tuple[str, date], int] = {}
    wanted: list[tuple[date, Shift, int]] = []
    for n, cells in rows[1:]:
        staff_no, day_text, shift_text = (
            cells[columns[key]] if columns[key] < len(cells) else ""
            for key in ("staff_no", "day", "shift")
        )
        where = f"第 {n} 行"
        person = people.get(staff_no)
        if not staff_no:
            problems.append(f"{where}：缺少工号")
        elif person is None:
            problems.append(f"{where}：工号 {staff_no} 不存在")
        elif person[2] == "离职":
            problems.append(f"{where}：{person[1]}（{staff_no}）已离职")
        try:
            day = date.fromisoformat(day_text.replace("/", "-"))
        except ValueError:
            problems.append(f"{where}：日期“{day_text}”无效，应为 YYYY-MM-DD")
            day = None
        shift = next((s for s in shifts if shift_text in (s.code, s.name)), None)
        if shift is None:
            problems.append(
                f"{where}：班次“{shift_text}”不存在（可写：{'、'.join(s.name for s in shifts)}）"
            )
        if day is not None and staff_no:
            first = seen.setdefault((staff_no, day), n)
            if first != n:
                problems.append(f"{where}：与第 {first} 行重复（同一人同一天只能排一个班次）")
        if person is not None and day is not None and shift is not None:
            wanted.append((day, shift, person[0]))  # used only when no row has a problem
    if problems:
        raise RotaFileError(problems)
    with store.write(actor.id) as tx:
        keys = {(day, staff_id) for day, _, staff_id in wanted}
        days = {day for day, _ in keys}
        replaced = 0
        for day in days:
            ids = [sid for d, sid in keys if d == day]
            replaced += tx.session.execute(
                sa.delete(RotaEntry).where(RotaEntry.day == day, RotaEntry.staff_id.in_(ids))
            ).rowcount
        tx.session.execute(
            sa.insert(RotaEntry),
            [
                {"day": day, "shift_id": shift.id, "staff_id": staff_id, "source": "import",
                 "created_at": tx.now, "created_by": actor.id}
                for day, shift, staff_id in wanted
            ],
        )  # fmt: skip
        tx.audit(
            "rota.import",
            "rota_entry",
            path.name,
            None,
            {"rows": len(wanted), "replaced": replaced},
        )
    return ImportResult(len(wanted) - replaced, replaced)


# --- swaps and overtime --------------------------------------------------------------------


def _approver(actor: StaffRow | None) -> StaffRow:
    actor = _actor(actor)
    if actor.post not in APPROVING_POSTS:
        raise DomainError("换班和加班须由值班长（或运营主管、项目经理）批准。")
    return actor


def _entry(session, day: date, staff_id: int):
    return session.execute(
        sa.select(RotaEntry).where(RotaEntry.day == day, RotaEntry.staff_id == staff_id)
    ).scalar_one_or_none()


def swap(
    store,
    actor: StaffRow | None,
    day: date,
    giver_no: str,
    taker_no: str,
    other_day: date | None = None,
    note: str = "",
) -> int:
    """The taker works the giver's shift on ``day``; with ``other_day``, the giver
    works the taker's shift that day in return (an exchange)."""
    actor = _approver(actor)
    if giver_no == taker_no:
        raise DomainError("换班的两个人不能是同一人。")
    with store.write(actor.id) as tx:
        s = tx.session
        giver_id, giver, _ = _person(s, giver_no)
        taker_id, taker, _ = _person(s, taker_no)
        given = _entry(s, day, giver_id)
        if given is None:
            raise DomainError(f"{giver} {describe_day(day)} 没有排班，无班可换。")
        if _entry(s, day, taker_id) is not None:
            raise ConflictError(f"{taker} {describe_day(day)} 已有排班，不能再接 {giver} 的班。")
        returned = None
        if other_day is not None:
            returned = _entry(s, other_day, taker_id)
            if returned is None:
                raise DomainError(f"{taker} {describe_day(other_day)} 没有排班，无法互换。")
            if other_day != day and _entry(s, other_day, giver_id) is not None:
                raise ConflictError(f"{giver} {describe_day(other_day)} 已有排班，无法互换。")
        shift_id = given.shift_id
        given.staff_id, given.source = taker_id, "swap"
        other_shift = None
        if returned is not None:
            other_shift = returned.shift_id
            returned.staff_id, returned.source = giver_id, "swap"
        row = ShiftSwap(
            kind="exchange" if returned is not None else "take",
            day=day,
            shift_id=shift_id,
            giver_id=giver_id,
            taker_id=taker_id,
            other_day=other_day,
            other_shift_id=other_shift,
            approved_by=actor.id,
            at=tx.now,
            note=one_line(note),
        )
        s.add(row)
        s.flush()
        tx.audit("rota.swap", "shift_swap", str(row.id), None,
                 {"day": day, "giver": giver_no, "taker": taker_no, "other_day": other_day})  # fmt: skip
        return row.id


def record_overtime(
    store,
    actor: StaffRow | None,
    staff_no: str,
    start: pendulum.DateTime,
    end: pendulum.DateTime,
    note: str = "",
) -> int:
    actor = _approver(actor)
    if end <= start:
        raise DomainError("加班结束时间应晚于开始时间。")
    if (end - start).total_seconds() > 12 * 3600:
        raise DomainError("一次加班不超过 12 小时，请分开登记。")
    with store.write(actor.id) as tx:
        staff_id, name, _ = _person(tx.session, staff_no)
        overlap = tx.session.execute(
            sa.select(Overtime.start, Overtime.end).where(
                Overtime.staff_id == staff_id, Overtime.start < end, Overtime.end > start
            )
        ).first()
        if overlap is not None:
            raise ConflictError(
                f"{name} 已有 {moment(overlap[0])} 至 {moment(overlap[1])} 的加班记录，与本次重叠。"
            )
        row = Overtime(
            staff_id=staff_id,
            start=start,
            end=end,
            approved_by=actor.id,
            note=one_line(note),
            at=tx.now,
        )
        tx.session.add(row)
        tx.session.flush()
        tx.audit(
            "overtime.add",
            "overtime",
            str(row.id),
            None,
            {"staff_no": staff_no, "start": start, "end": end},
        )
        return row.id


def parse_moment(text: str, day: date) -> pendulum.DateTime:
    """HH:MM on ``day`` (24:00 is the next midnight)."""
    try:
        hours, minutes = (int(x) for x in text.strip().split(":"))
        if not (0 <= hours <= 24 and 0 <= minutes < 60) or (hours == 24 and minutes):
            raise ValueError
    except ValueError:
        raise DomainError(f"时间“{text}”无效，请写成 HH:MM。") from None
    return pendulum.datetime(day.year, day.month, day.day, tz=BEIJING).add(
        hours=hours, minutes=minutes
    )


def day_records(store, day: date) -> list[str]:
    """The day's swaps and overtime, as the board lists them: both sides, who approved."""
    giver, taker, approver = (sa.orm.aliased(Staff) for _ in range(3))
    with store.read() as session:
        swaps = session.execute(
            sa.select(
                ShiftDef.name,
                giver.name,
                taker.name,
                approver.name,
                ShiftSwap.kind,
                ShiftSwap.other_day,
            )
            .join(ShiftDef, ShiftDef.id == ShiftSwap.shift_id)
            .join(giver, giver.id == ShiftSwap.giver_id)
            .join(taker, taker.id == ShiftSwap.taker_id)
            .join(approver, approver.id == ShiftSwap.approved_by)
            .where(sa.or_(ShiftSwap.day == day, ShiftSwap.other_day == day))
            .order_by(ShiftSwap.id)
        ).all()
        start = pendulum.datetime(day.year, day.month, day.day, tz=BEIJING)
        overtime = session.execute(
            sa.select(Staff.name, Overtime.start, Overtime.end, approver.name)
            .join(Staff, Staff.id == Overtime.staff_id)
            .join(approver, approver.id == Overtime.approved_by)
            .where(Overtime.start >= start, Overtime.start < start.add(days=1))
            .order_by(Overtime.start)
        ).all()
    lines = []
    for shift, g, t, a, kind, other in swaps:
        how = f"互换（{other:%m-%d}）" if kind == "exchange" else "顶班"
        lines.append(f"换班：{t} 接 {g} 的{shift}，{how}，{a} 批准")
    for name, begin, end, a in overtime:
        lines.append(f"加班：{name} {moment(begin)[-5:]}-{moment(end)[-5:]}，{a} 批准")
    return lines
