"""The Store: one SQLite file shared by every terminal on the floor.

Writes run in ``BEGIN IMMEDIATE`` transactions (the driver's default lost
updates between two terminals when measured here) and write their audit row in
the same transaction. Reads use plain deferred transactions. Other terminals'
commits are noticed through ``PRAGMA data_version`` on a connection of its own.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pendulum
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from hotline_tui.clock import Clock
from hotline_tui.config import default_key_path
from hotline_tui.db import chain, revisions, schema, seals
from hotline_tui.db.peek import read_only_uri
from hotline_tui.db.plain_sql import connection_query
from hotline_tui.db.presence import Presence, folder_of
from hotline_tui.db.tables import AuditLog
from hotline_tui.errors import ConflictError, StoreError
from hotline_tui.logs import logged

# How long a write waits for another terminal's: long enough for the longest write the
# desk makes (a 100,000-row rota import took over 5 s on a busy two-core machine), so a
# terminal waits its turn rather than refusing a mark while an import is saved.
BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def _address(target: str) -> sa.URL:
    try:
        return sa.make_url(target)
    except sa.exc.ArgumentError:
        raise StoreError(f"无法识别的数据库地址：{target}") from None


def server_url(target: str) -> sa.URL | None:
    """A PostgreSQL address (``postgresql+psycopg://…``) as a URL; None for a file."""
    if "://" not in target:
        return None
    url = _address(target)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return None
    if backend != "postgresql":
        raise StoreError(
            f"只支持 SQLite 数据库文件或 PostgreSQL（postgresql+psycopg://…），不支持 {backend}。"
        )
    if not url.database:
        raise StoreError(f"PostgreSQL 地址中缺少数据库名：{safe_text(url)}")
    return url.set(drivername="postgresql+psycopg")  # the driver the desk is tested with


def safe_text(url: sa.URL) -> str:
    """An address as it may be printed: never its password."""
    return url.render_as_string(hide_password=True)


def resolve_target(target: str) -> Path:
    """A file path or a ``sqlite:///`` URL, as an absolute file path."""
    if "://" in target:
        url = _address(target)
        if url.get_backend_name() == "postgresql":
            raise StoreError(
                "这个命令只用于 SQLite 数据库文件；PostgreSQL 请用它自己的工具（如 pg_dump）。"
            )
        if url.get_backend_name() != "sqlite":
            raise StoreError(f"只支持 SQLite 数据库文件，不支持 {url.get_backend_name()}。")
        if not url.database or url.database == ":memory:":
            raise StoreError("请给出数据库文件的路径（值班台不使用内存数据库）。")
        target = url.database
    return Path(target).expanduser().absolute()


def preflight(path: Path, *, create: bool, need_write: bool = True) -> None:
    """Refuse, with one sentence, a path that is not (or cannot become) our database.

    Nothing here writes: a bad ``--db`` must leave the file as it was.
    """
    if path.is_dir():
        raise StoreError(f"数据库路径是一个目录，不是文件：{path}")
    if not path.exists():
        if not create:
            raise StoreError(f"数据库文件不存在：{path}")
        if not path.parent.is_dir():
            raise StoreError(f"数据库所在的目录不存在：{path.parent}")
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"没有权限在该目录创建数据库：{path.parent}")
        return
    if not os.access(path, os.R_OK):
        raise StoreError(f"没有权限读取数据库文件：{path}")
    if need_write and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(f"没有权限写入数据库文件：{path}")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"无法读取数据库文件：{path}（{exc.strerror}）") from None
    if not head:
        return  # an empty file is a new database to SQLite
    if head != SQLITE_MAGIC:
        raise StoreError(f"这不是 SQLite 数据库文件：{path}")
    tables, revision = _peek(path)
    refusal = None
    if tables and "alembic_version" not in tables:
        refusal = f"这是别的程序的 SQLite 数据库，不是值班台的数据库：{path}"
    elif revision is not None and revision not in revisions.KNOWN_REVISIONS:
        refusal = f"数据库的架构版本 {revision} 比本程序新，请先升级 hotline-tui。"
    if refusal:  # read without a trace (db/peek.py): left exactly as it was found
        raise StoreError(refusal)


def quick_check(path: Path) -> None:
    """Refuse a damaged file before anything reads or writes it (a few ms a megabyte)."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            first = conn.execute("PRAGMA quick_check(1)").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        first = (str(exc),)
    if first is None or first[0] == "ok":
        return
    raise StoreError(
        f"数据库文件已损坏，为免损失扩大，值班台不再读写它：{path}。"
        "请运行 hotline-tui check 查看损坏情况，并从最近的备份恢复。"
    )


# Below this much free space beside the database a write would fail half-way: the
# desk opens it to read only, saying why, rather than refusing to open at all.
MIN_FREE_BYTES = 1 << 20


def why_read_only(path: Path) -> str:
    """Why an existing database file cannot be written now, in words; "" when it can."""
    folder = path.parent
    try:
        disk = os.statvfs(folder)
    except OSError:
        return ""  # said, if at all, by the open that follows
    if disk.f_flag & os.ST_RDONLY:
        return "数据库所在的磁盘是只读挂载的"
    if not (os.access(path, os.W_OK) and os.access(folder, os.W_OK)):
        return "没有权限写入数据库文件"
    if disk.f_bavail * disk.f_frsize < MIN_FREE_BYTES:
        return "数据库所在的磁盘已满"
    return ""


# A new database, its WAL and shared-memory files (SQLite gives them the database's
# mode) are for the owner and the group of the floor's accounts, not for everyone.
NEW_FILE_MODE = 0o660


def create_private(path: Path) -> None:
    """Create an empty database file readable by the owner and group only."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, NEW_FILE_MODE)
    os.close(fd)
    os.chmod(path, NEW_FILE_MODE)  # exactly, whatever the umask took away


def _peek(path: Path) -> tuple[set[str], str | None]:
    """Table names and schema revision, read through a read-only connection."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            return tables, revision
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"数据库文件无法读取或已损坏：{path}（{exc}）") from None


@dataclass
class WriteTx:
    """One write transaction: its session, its actor and its moment; the covered rows it
    reached are sealed when it ends (db/seals.py)."""

    session: Session
    actor_id: int | None
    now: pendulum.DateTime
    audits: list[AuditLog] = field(default_factory=list)
    touched: seals.Touched = field(default_factory=seals.Touched)

    def audit(
        self,
        action: str,
        entity: str,
        key: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        row = AuditLog(
            at=self.now,
            actor_id=self.actor_id,
            action=action,
            entity=entity,
            entity_key=key,
            before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
            after=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
        )
        self.session.add(row)
        self.audits.append(row)

    def changed(self, statement: sa.Update | sa.Delete) -> int:
        """Run an UPDATE or DELETE; how many rows it changed."""
        result = self.session.execute(statement)
        return cast("sa.CursorResult[Any]", result).rowcount


# PostgreSQL's counterpart of SQLite's BEGIN IMMEDIATE: every write transaction first
# takes this one transaction-level advisory lock, so writes run one after another, each
# reading the latest committed rows (READ COMMITTED), as on a file.
PG_WRITE_LOCK = 0x686F746C  # "hotl"


class Store:
    def __init__(
        self, target: Path | sa.URL, clock: Clock, key: bytes | None = None, read_only: str = ""
    ) -> None:
        self.clock = clock
        # Why this store only reads (why_read_only); "" for a store that writes.
        self.read_only = read_only
        # The audit chain's key, from outside the database (db/chain.py).
        self.key_path = default_key_path()
        self.key = key if key is not None else chain.load_key(self.key_path, create=True)
        self.path: Path | None
        if isinstance(target, sa.URL):
            self.path, self.url = None, target
            self.engine = sa.create_engine(target, pool_pre_ping=True)
            event.listen(self.engine, "begin", _on_begin_server)
        elif read_only:
            self.path, self.url = target, sa.make_url(f"sqlite:///{target}")
            uri = read_only_uri(target)  # nothing made beside a file that cannot be written
            self.engine = sa.create_engine(
                "sqlite://",
                creator=lambda: sqlite3.connect(
                    uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                ),
            )
            event.listen(self.engine, "connect", _on_connect_reading)
            event.listen(self.engine, "begin", _on_begin)
        else:
            self.path, self.url = target, sa.make_url(f"sqlite:///{target}")
            self.engine = sa.create_engine(
                self.url,
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            )
            event.listen(self.engine, "connect", _on_connect)
            event.listen(self.engine, "begin", _on_begin)
        self.write_engine = self.engine.execution_options(hotline_write=True)
        self._marker_conn: sqlite3.Connection | None = None
        self._watcher: _AuditWatcher | None = None
        self._own_newest = 0  # the newest audit id this store wrote
        # This process's mark beside the file (db/presence.py), for ``restore`` to see.
        self.presence: Presence | None = None

    @property
    def target(self) -> Path | sa.URL:
        """What the store was opened on, to open the same database again."""
        return self.path if self.path is not None else self.url

    @property
    def where(self) -> str:
        """The file, or the server's address without its password, for messages."""
        return str(self.path) if self.path is not None else safe_text(self.url)

    @classmethod
    def open(cls, target: str, clock: Clock, *, create: bool = True) -> Store:
        """Open (creating and migrating as needed) the database at ``target``.

        A file that exists but cannot be written now (a read-only mount, no right to
        write, a full disk) is opened to read only, ``read_only`` saying why: readers work,
        and a command that writes is refused at its first write, in words."""
        url = server_url(target)
        if url is not None:
            return cls._open_server(url, clock)
        path = resolve_target(target)
        if path.is_file() and (why := why_read_only(path)):
            return cls._open_reading(path, clock, why)
        preflight(path, create=create)
        if not path.exists():
            create_private(path)
        else:
            quick_check(path)
        store = cls(path, clock)
        with store._closed_on_failure():
            try:
                store.presence = Presence(path, clock.now().format("YYYY-MM-DD HH:mm"))
                schema.upgrade(store.engine, store.write_engine)
                store._check_chain_head()
                store._seal_baseline()
            except OSError as exc:
                raise StoreError(
                    f"无法在数据库旁登记本终端（{folder_of(path)}）：{exc.strerror}"
                ) from None
        return store

    @contextmanager
    def _closed_on_failure(self) -> Iterator[None]:
        """A file store's first steps: a failure closes it again, said in words."""
        try:
            yield
        except OperationalError as exc:
            self.close()
            raise _store_error(exc) from None
        except StoreError:
            self.close()
            raise

    @classmethod
    def _open_reading(cls, path: Path, clock: Clock, why: str) -> Store:
        """A file that cannot be written: read as it is, nothing made or sealed beside it."""
        preflight(path, create=False, need_write=False)
        quick_check(path)
        if not revisions.at_head(path):
            raise StoreError(f"{why}，而数据库需要先升级到本程序的版本（升级要写入）：{path}")
        store = cls(path, clock, read_only=why)
        with store._closed_on_failure():
            store._check_chain_head()
        return store

    @property
    def read_only_text(self) -> str:
        """The one sentence a reader says when the store only reads; "" when it writes."""
        if not self.read_only:
            return ""
        return f"{self.read_only}：值班台只读取，不保存任何改动。"

    @classmethod
    def _open_server(cls, url: sa.URL, clock: Clock) -> Store:
        store = cls(url, clock)
        try:
            schema.upgrade(store.engine, store.write_engine)
            store._check_chain_head()
            store._seal_baseline()
            store._watcher = _AuditWatcher(store.engine)  # here, off the app's UI thread
        except sa.exc.OperationalError as exc:
            store.close()
            raise StoreError(
                f"无法连接 PostgreSQL 数据库 {safe_text(url)}：{_store_error(exc)}"
            ) from None
        except sa.exc.ProgrammingError as exc:
            store.close()
            raise StoreError(f"PostgreSQL 数据库 {safe_text(url)}：{_store_error(exc)}") from None
        except StoreError:
            store.close()
            raise
        return store

    def _check_chain_head(self) -> None:
        """Seal a log from before the chain; otherwise the last link must hold with our key."""
        assert self.key is not None
        # A read: every terminal opening the file checks the head; only the first open
        # of a log from before the chain takes the write lock, to seal it.
        with self.engine.connect() as conn:
            query = connection_query(conn)
            rows = query(
                f"SELECT {chain.ROW_COLUMNS}, link FROM audit_log ORDER BY id DESC LIMIT 1", ()
            )
            if not rows:
                return  # nothing written yet
            last = rows[0]
            sealed = query("SELECT 1 FROM audit_log WHERE link IS NOT NULL LIMIT 1", ())
            found = query(
                "SELECT link FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", (last[0],)
            )
            before = found[0] if found else None
        if not sealed and not self.read_only:
            with self.write_engine.begin() as write:
                if (
                    write.exec_driver_sql(
                        "SELECT 1 FROM audit_log WHERE link IS NOT NULL LIMIT 1"
                    ).first()
                    is None
                ):  # another terminal may have sealed it meanwhile
                    _seal_from(write, self.key, 0)  # the genesis: every row, in order
            return
        previous = (before[0] or "") if before else chain.GENESIS
        if last[-1] is None or last[-1] != chain.link_of(self.key, previous, tuple(last[:-1])):
            raise StoreError(
                "操作记录校验链的末端对不上：数据库在程序之外被改动过，或本机的校验密钥"
                f"（{self.key_path}）不是这个数据库的。为免扩大，值班台不再读写它；"
                "请运行 hotline-tui check 查看。"
            )

    def _seal_baseline(self) -> None:
        """Seal every covered record as it stands, once: a database from before the row
        seals (db/seals.py). Only as trustworthy as the file was then. A new database, or
        one being moved to a server, has nothing to seal yet."""
        with self.engine.connect() as conn:
            if not seals.unsealed(connection_query(conn)):
                return
        try:
            with self.write(None) as tx:
                if not seals.unsealed(connection_query(tx.session.connection())):
                    raise _AlreadyDone  # another terminal sealed it meanwhile
                seals.baseline(tx.touched)
                tx.audit(seals.BASELINE, "database", "seals", None, {"tables": len(seals.COVERED)})
        except _AlreadyDone:
            pass

    def chain_head(self) -> str:
        """The audit chain's last link in words, for paper (db/chain.py)."""
        with self.engine.connect() as conn:
            return chain.head_text(connection_query(conn))

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except OperationalError as exc:
            raise _store_error(exc) from None
        except sa.exc.DBAPIError as exc:
            if not _server_refusal(exc):
                raise
            raise _store_error(exc) from None

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.read_only}，值班台只读打开：本次操作未保存。")

    @contextmanager
    def write(self, actor_id: int | None) -> Iterator[WriteTx]:
        """A write transaction; the caller must record at least one audit row."""
        self.refuse_if_read_only()
        try:
            with Session(self.write_engine, expire_on_commit=False) as session, session.begin():
                touched, listeners = seals.track(session)
                try:
                    tx = WriteTx(session, actor_id, self.clock.now(), touched=touched)
                    yield tx
                    if not tx.audits:
                        raise RuntimeError("a write transaction must write its audit row")
                    session.flush()
                finally:
                    seals.untrack(session, listeners)
                assert self.key is not None
                last = tx.audits[-1]
                seal = seals.seal_touched(session.connection(), touched, last.id)
                if seal is not None:
                    session.execute(
                        sa.update(AuditLog).where(AuditLog.id == last.id).values(seal=seal)
                    )
                _seal_from(session.connection(), self.key, min(a.id for a in tx.audits))
            self._own_newest = max(self._own_newest, *(a.id for a in tx.audits))
        except OperationalError as exc:
            raise _store_error(exc) from None
        except IntegrityError:
            raise ConflictError(
                "数据刚被其他终端修改，本次操作未保存，请查看最新情况后重试。"
            ) from None
        except sa.exc.DBAPIError as exc:
            if not _server_refusal(exc):
                raise
            raise _store_error(exc) from None

    @contextmanager
    def raw_write(self) -> Iterator[sa.Connection]:
        """A Core connection in a write transaction, for bulk loads and migrations."""
        self.refuse_if_read_only()
        with self.write_engine.begin() as conn:
            yield conn

    def change_marker(self) -> int:
        """A number that changes whenever any connection commits a change."""
        if self.path is None:
            return self._server_marker()
        if self._marker_conn is None:
            # Autocommit and never inside a transaction, or it would not see other commits.
            where = read_only_uri(self.path) if self.read_only else str(self.path)
            self._marker_conn = sqlite3.connect(
                where, uri=bool(self.read_only), isolation_level=None, check_same_thread=False
            )
        return self._marker_conn.execute("PRAGMA data_version").fetchone()[0]

    def _server_marker(self) -> int:
        """On PostgreSQL: the newest audit row's id, as last read by a thread of its own
        (a round trip to the server never runs on the caller's thread, the app's UI).
        Every change writes an audit row in its own transaction (Store.write insists),
        and audit rows are never deleted."""
        if self._watcher is None:
            self._watcher = _AuditWatcher(self.engine)
        # This terminal's own writes count at once (as data_version counts them), and once:
        # writes take the advisory lock before their first insert, so audit ids follow
        # the order of commits and the newest id is the newest change, ours or not.
        return max(self._watcher.current(), self._own_newest)

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self.presence is not None:
            self.presence.release()
            self.presence = None
        if self._marker_conn is not None:
            self._marker_conn.close()
            self._marker_conn = None
        self.engine.dispose()


class _AlreadyDone(Exception):
    """Rolls back a write that another terminal made first."""


class _AuditWatcher:
    """Reads the newest audit id every half second in a daemon thread."""

    INTERVAL = 0.5
    NEWEST = "SELECT coalesce(max(id), 0) FROM audit_log"

    def __init__(self, engine: sa.Engine) -> None:
        self._engine = engine
        self._error: Exception | None = None
        self._stopped = threading.Event()
        # The first reading here, on the opener's thread: a terminal's first look is
        # the database as it is, not a change from nothing.
        self._value = self._read_once()
        self._thread = threading.Thread(target=self._run, name="hotline-changes", daemon=True)
        self._thread.start()

    def _read_once(self) -> int:
        try:
            with self._engine.connect() as conn:
                return int(conn.exec_driver_sql(self.NEWEST).scalar() or 0)
        except sa.exc.SQLAlchemyError as exc:
            self._error = exc
            return -1

    def current(self) -> int:
        if self._error is not None:
            raise StoreError(f"无法检查数据库的变化：{self._error}")
        return self._value

    def _run(self) -> None:
        while True:
            try:
                with self._engine.connect() as conn:
                    conn = conn.execution_options(isolation_level="AUTOCOMMIT")
                    while not self._stopped.is_set():
                        value = conn.exec_driver_sql(self.NEWEST).scalar()
                        self._value, self._error = int(value or 0), None
                        self._stopped.wait(self.INTERVAL)
                    return
            except sa.exc.SQLAlchemyError as exc:  # the server went away: say so, try again
                self._error = exc
                if self._stopped.wait(self.INTERVAL * 4):
                    return

    def stop(self) -> None:
        """Stop and wait for the thread to hand its connection back (the store then
        closes them all: a server may not copy or drop a database still in use)."""
        self._stopped.set()
        self._thread.join(timeout=10)


def _seal_from(conn: sa.Connection, key: bytes, first_id: int) -> None:
    """Number and link the audit rows from ``first_id`` on, inside the caller's write
    transaction (which holds the write lock: the numbers follow each other, whatever
    ids a server's sequence handed out)."""
    query = connection_query(conn)
    before = query(
        "SELECT link, seq FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT 1", (first_id,)
    )
    previous = (before[0][0] or "") if before else chain.GENESIS
    if not before:
        seq = 0
    elif before[0][1] is not None:
        seq = before[0][1]
    else:  # the first numbered row after those from before the numbering: their count
        seq = query("SELECT count(*) FROM audit_log WHERE id < ?", (first_id,))[0][0]
    links = []
    for row in query(
        f"SELECT {chain.ROW_COLUMNS} FROM audit_log WHERE id >= ? ORDER BY id", (first_id,)
    ):
        seq += 1
        previous = chain.link_of(key, previous, (*row[: chain.LEGACY], seq, row[-1]))
        links.append({"link": previous, "seq": seq, "id": row[0]})
    if links:
        conn.execute(sa.text("UPDATE audit_log SET link = :link, seq = :seq WHERE id = :id"), links)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (the pysqlite recipe).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _on_connect_reading(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA query_only = ON")  # a write is refused by SQLite too
    cur.close()


def _on_begin_server(conn: sa.Connection) -> None:
    if conn.get_execution_options().get("hotline_write", False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _on_begin(conn: sa.Connection) -> None:
    write = conn.get_execution_options().get("hotline_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# A PostgreSQL server's refusals, by SQLSTATE, in the floor's words; its own English
# goes to the log only.
_SERVER_STATES = {
    "57P01": "数据库服务器正在关闭，请稍后重试；服务器恢复后值班台会自动重新连接。",
    "57P02": "数据库服务器正在重启，请稍后重试；服务器恢复后值班台会自动重新连接。",
    "57P03": "数据库服务器正在启动或关闭，暂时不能连接，请稍后重试。",
    "53100": "数据库服务器的磁盘已满，无法保存，请联系运维。",
    "53300": "数据库服务器的连接数已满，请稍后重试或联系运维。",
    "42501": "数据库账户没有执行此操作的权限，请联系运维。",
    "28P01": "数据库账户的密码不正确，请检查数据库地址。",
    "28000": "数据库服务器拒绝了这个账户，请检查数据库地址。",
    "3D000": "数据库服务器上没有这个数据库，请检查数据库地址。",
}
_CONNECTION_WORDS = ("connection", "could not connect", "server closed", "terminating", "timeout")


def _store_error(exc: sa.exc.DBAPIError) -> StoreError:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    state = getattr(exc.orig, "sqlstate", None)
    if state in _SERVER_STATES:
        said = _SERVER_STATES[state]
    elif "locked" in text or "busy" in text:
        return StoreError("数据库正被其他终端占用，请稍后重试。")
    elif "readonly" in text or "read-only" in text:
        return StoreError("数据库文件是只读的，无法保存。")
    elif "disk" in text and "full" in text:
        said = "磁盘已满，无法保存。"
    elif state is None and any(word in text.lower() for word in _CONNECTION_WORDS):
        said = "与数据库服务器的连接中断，本次操作未完成；服务器恢复后值班台会自动重新连接。"
    else:
        said = "数据库出错，本次操作未完成。"
    return StoreError(f"{said}{logged(said, exc)}。")


def _server_refusal(exc: sa.exc.DBAPIError) -> bool:
    """A server's refusal to be said in words (not a mistake in a query)."""
    return getattr(exc.orig, "sqlstate", None) in _SERVER_STATES
