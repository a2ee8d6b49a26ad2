"""Backups of the live database: taken while terminals write, checked, kept, restored.

A backup is SQLite's online backup of the file (a consistent copy at one moment while
other terminals go on writing), turned into one self-contained file and checked like
``hotline-tui check`` does (integrity, handover digests, the audit chain) before it
gets its name, ``hotline-YYYYMMDD-HHMMSS.db``: a file with that name is a good backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pendulum

from hotline_tui.db import presence
from hotline_tui.db.store import BUSY_TIMEOUT_MS, NEW_FILE_MODE, SQLITE_MAGIC
from hotline_tui.domain.health import Report, check_database
from hotline_tui.errors import StoreError
from hotline_tui.private_files import folder_mode, make_private, share_folder

NAME = re.compile(r"^hotline-(\d{8})-(\d{6})\.db$")
# The header warns when the newest good backup is older than this.
STALE_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime  # Beijing time, naive, as in the name

    @property
    def taken_text(self) -> str:
        return self.taken.strftime("%Y-%m-%d %H:%M:%S")


def backup_name(now: pendulum.DateTime) -> str:
    return f"hotline-{now.format('YYYYMMDD-HHmmss')}.db"


def list_backups(folder: Path) -> list[Backup]:
    """The good backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            with contextlib.suppress(ValueError):
                found.append(Backup(path, datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")))
    return sorted(found, key=lambda b: b.taken)


def last_good(folder: Path) -> Backup | None:
    backups = list_backups(folder)
    return backups[-1] if backups else None


def take_backup(db: Path, target: Path, key_path: Path | None = None) -> Report:
    """Copy the live database to ``target`` and check the copy; a copy that fails the
    check is removed and the problems raised. Returns the check's report."""
    if not db.is_file():
        raise StoreError(f"数据库文件不存在：{db}")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _online_copy(db, partial)
        make_private(partial)
        report = check_database(partial, None, key_path)
        if not report.ok:
            raise StoreError(
                "备份未通过检查，没有保存（请运行 hotline-tui check 查看数据库）："
                + "；".join(report.problems[:5])
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _sync_folder(target.parent)
    return report


def backup_into(
    db: Path, folder: Path, now: pendulum.DateTime, key_path: Path | None = None
) -> tuple[Path, Report]:
    """A backup named by its moment in the backup folder. Backups hold every PIN hash:
    the folder is made for the owner (and the settings' files_group) alone."""
    try:
        folder.mkdir(mode=folder_mode(), parents=True, exist_ok=True)
        share_folder(folder)
    except OSError as exc:
        raise StoreError(f"无法创建备份文件夹 {folder}：{exc.strerror}") from None
    target = folder / backup_name(now)
    if target.exists():
        raise StoreError(f"同一秒已有一份备份：{target}")
    return target, take_backup(db, target, key_path)


def _online_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: one consistent moment, writers not held up (WAL)."""
    try:
        src = sqlite3.connect(
            f"{source.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
                # One file, no -wal beside it: a backup is copied and carried as one.
                dst.execute("PRAGMA journal_mode = DELETE")
                dst.commit()
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise StoreError(f"备份失败：{exc}") from None


def _sync_folder(folder: Path) -> None:
    """The rename survives a power cut only once the folder is on disk too."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def to_prune(backups: list[Backup], today: date, keep_days: int, keep_months: int) -> list[Backup]:
    """What to delete: keep the newest backup of each of the last ``keep_days`` days and
    of each of the last ``keep_months`` months (today and this month included)."""
    newest_of_day: dict[date, Backup] = {}
    newest_of_month: dict[tuple[int, int], Backup] = {}
    for backup in backups:  # oldest first: a later one replaces
        newest_of_day[backup.taken.date()] = backup
        newest_of_month[(backup.taken.year, backup.taken.month)] = backup
    first_day = today - timedelta(days=keep_days - 1)
    months = [(today.year, today.month)]
    while len(months) < keep_months:
        year, month = months[-1]
        months.append((year - 1, 12) if month == 1 else (year, month - 1))
    kept = {b.path for day, b in newest_of_day.items() if first_day <= day <= today}
    kept |= {b.path for key, b in newest_of_month.items() if key in months}
    # Never the newest, whatever the clock says.
    if backups:
        kept.add(backups[-1].path)
    return [b for b in backups if b.path not in kept]


def prune(folder: Path, today: date, keep_days: int, keep_months: int) -> list[Path]:
    removed = []
    for backup in to_prune(list_backups(folder), today, keep_days, keep_months):
        with contextlib.suppress(OSError):
            backup.path.unlink()
            removed.append(backup.path)
    return removed


def backup_due(last: Backup | None, now: pendulum.DateTime, at: str, *, starting: bool) -> bool:
    """Whether the terminal that keeps the backups should take one now: at the first
    start of a day, and once a day when the set time has come."""
    local = _beijing(now)
    if last is None:
        return True
    if starting and last.taken.date() < local.date():
        return True
    hours, minutes = (int(x) for x in at.split(":"))
    due = local.replace(hour=hours % 24, minute=minutes, second=0, microsecond=0)
    return local >= due and last.taken < due


def _beijing(now: pendulum.DateTime) -> datetime:
    """Beijing wall time, naive, as backups are named."""
    local = now.in_timezone("Asia/Shanghai")
    return datetime(local.year, local.month, local.day, local.hour, local.minute, local.second)


def stale_text(last: Backup | None, now: pendulum.DateTime) -> tuple[str, str] | None:
    """The header's warning (full, short) when the newest good backup is over a day old."""
    if last is None:
        return "尚无数据库备份", "无备份"
    age = _beijing(now) - last.taken
    if age <= STALE_AFTER:
        return None
    return f"最近备份已过 {age.days} 天", f"备份{age.days}天前"


@dataclass(frozen=True)
class Restored:
    lines: list[str]
    aside: Path | None


def restore(
    db: Path, backup_file: Path, now: pendulum.DateTime, key_path: Path | None = None
) -> Restored:
    """Put a checked backup in place of the database, keeping the current file aside.

    Refused while any process has the database open (each one named)."""
    backup_file = backup_file.expanduser().absolute()
    if not backup_file.is_file():
        raise StoreError(f"备份文件不存在：{backup_file}")
    if db.exists() and backup_file.resolve() == db.resolve():
        raise StoreError("备份文件就是数据库文件本身，无需恢复。")
    with backup_file.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreError(f"这不是 SQLite 数据库文件，不是值班台的备份：{backup_file}")
    report = check_database(backup_file, None, key_path)
    if not report.ok:
        raise StoreError(
            "备份未通过检查，没有恢复："
            + "；".join(report.problems[:5])
            + ("……" if len(report.problems) > 5 else "")
        )
    if not db.parent.is_dir():
        raise StoreError(f"数据库所在的目录不存在：{db.parent}")
    stamp = now.format("YYYYMMDD-HHmmss")
    with presence.restoring(db) as others:
        presence.refuse_while_open(others, "恢复")
        aside = None
        if db.exists():
            aside = db.with_name(f"{db.stem}.before-restore-{stamp}{db.suffix}")
            _set_aside(db, aside)
        temp = db.with_name(db.name + ".restoring")
        shutil.copyfile(backup_file, temp)
        os.chmod(temp, NEW_FILE_MODE)
        with open(temp, "rb+") as fh:
            os.fsync(fh.fileno())
        for side in ("-wal", "-shm"):
            Path(f"{db}{side}").unlink(missing_ok=True)
        os.replace(temp, db)
        _sync_folder(db.parent)
    lines = [f"已从备份恢复：{backup_file}"]
    if aside is not None:
        lines.append(f"恢复前的数据库已另存为：{aside}")
    lines.extend(_summary(db))
    if "chain" in report.passed:
        lines.append(report.passed["chain"])
    return Restored(lines, aside)


def _set_aside(db: Path, aside: Path) -> None:
    """A copy of the current database, whole (its WAL included), before it is replaced."""
    try:
        _online_copy(db, aside)
    except StoreError:
        # A damaged file cannot be read page by page: keep its bytes, -wal too.
        aside.unlink(missing_ok=True)
        shutil.copyfile(db, aside)
        wal = Path(f"{db}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{aside}-wal"))
    os.chmod(aside, NEW_FILE_MODE)


def _summary(db: Path) -> list[str]:
    """What the restored database holds, in the floor's words."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        count = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in ("staff", "handover", "attendance", "audit_log")
        }
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0]
    except sqlite3.Error as exc:
        return [f"恢复后的数据库无法读取：{exc}"]
    finally:
        conn.close()
    lines = [
        f"人员 {count['staff']} 人，交接班 {count['handover']} 份，"
        f"考勤 {count['attendance']} 条，操作记录 {count['audit_log']} 条"
    ]
    if last:
        when = pendulum.parse(str(last), tz="UTC").in_timezone("Asia/Shanghai")  # type: ignore[union-attr]
        lines.append(f"最后一条操作记录：{when.format('YYYY-MM-DD HH:mm:ss')}")
    return lines
