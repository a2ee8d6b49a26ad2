"""PINs: who is at the terminal, proven. Hashes only, wrong tries counted in the database.

A PIN is stored as an Argon2id hash (argon2-cffi: a slow, salted, memory-hard hash),
never in clear, never in an audit row or a message. The parameters are one of OWASP's
current configurations for Argon2id (Password Storage Cheat Sheet: 7 MiB, 5 passes, 1
lane, listed as defending as well as its 19 MiB with 2 passes, trading memory for
passes), about 22 ms and 7 MiB a check: the sign-in's peak memory is the floor
terminal's (19 MiB made it 95 MiB; argon2-cffi's default, RFC 9106's low-memory profile
of 64 MiB, 133 MiB and 0.2 s of a core), and a six-digit PIN is kept by the lock below,
not by the hash's cost. A hash made with other parameters is made again at its owner's
next right PIN.
Every try runs in one ``BEGIN IMMEDIATE`` transaction, so two terminals trying
at once are counted one after the other: ``pin_lock_after`` wrong tries in a row (20 by
default) lock the person for fifteen minutes on every terminal. Long before that the
terminal typing them slows down (model/pin_rules.WrongTries), so that guessing cannot
lock the floor out. An unknown 工号 and a wrong PIN take the same time (a hash is
checked either way) and get the same sentence.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

import pendulum
import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from hotline_tui.db.store import Store, WriteTx
from hotline_tui.db.tables import AuditLog, Credential, RowSeal, Staff
from hotline_tui.domain.people.roster import sign_in, staff_by_no
from hotline_tui.errors import DomainError
from hotline_tui.logs import log
from hotline_tui.model.permissions import MANAGERS, Action, require
from hotline_tui.model.pin_rules import MIN_DIGITS, PinRefused, SignedIn, check_new, check_typed
from hotline_tui.model.staff_row import StaffRow
from hotline_tui.model.states import Employment
from hotline_tui.model.text import moment
from hotline_tui.model.vocab import SIGN_IN_POSTS

LOCK_AFTER = 20
LOCK_FOR = timedelta(minutes=15)
WRONG = "工号或 PIN 不正确。"

_hasher = PasswordHasher(time_cost=5, memory_cost=7 * 1024, parallelism=1)


@cache
def _nobody() -> str:
    """Checked against when the 工号 is unknown, so that the answer takes as long as a
    wrong PIN. Made at the first need (at import it cost every command 40 ms): the first
    unknown 工号 of a process takes one hash longer, and the sign-in lists them all anyway."""
    return _hasher.hash(secrets.token_hex(8))


class NoPinYet(DomainError):
    """Someone who may sign in but has no PIN yet: nothing to check a try against."""


def hash_pin(pin: str) -> str:
    return _hasher.hash(pin)


def _credential(tx: WriteTx, staff_id: int) -> Credential | None:
    return tx.session.get(Credential, staff_id)


def store_pin(
    tx: WriteTx, staff_id: int, pin: str, *, temporary: bool, hashed: str | None = None
) -> None:
    """Inside a write: set a person's PIN (hashed), clearing wrong tries and any lock.

    ``hashed`` is ``hash_pin(pin)`` made already (the demo gives everyone one PIN)."""
    row = _credential(tx, staff_id)
    if row is None:
        row = Credential(staff_id=staff_id, pin_hash="", changed_at=tx.now)
        tx.session.add(row)
    row.pin_hash = hashed or hash_pin(pin)
    row.temporary = temporary
    row.failures = 0
    row.locked_until = None
    row.changed_at = tx.now


def no_pin_yet(person: StaffRow) -> str:
    return (
        f"{person.name}（{person.staff_no}）还没有 PIN，"
        "请项目经理或运营主管在“人员”中设置临时 PIN。"
    )


def _try(
    tx: WriteTx, person: StaffRow, pin: str, lock_after: int = LOCK_AFTER, wrong: str = ""
) -> str | None:
    """Inside a write: check a PIN, counting a wrong one. None when right, else the
    refusal (``wrong`` for a wrong PIN, when given)."""
    row = _credential(tx, person.id)
    if row is None:
        raise NoPinYet(no_pin_yet(person))
    now = tx.now
    if row.locked_until is not None:
        if pendulum.instance(row.locked_until) > now:
            tx.audit(
                "pin.refused", "staff", person.staff_no, None, {"locked_until": row.locked_until}
            )
            return _locked_message(person, row)
        row.failures, row.locked_until = 0, None  # the lock has run out: a fresh start
    try:
        _hasher.verify(row.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        row.failures += 1
        tx.audit("pin.wrong", "staff", person.staff_no, None, {"failures": row.failures})
        if row.failures >= lock_after:
            row.locked_until = now + LOCK_FOR
            tx.audit("pin.lock", "staff", person.staff_no, None, {"locked_until": row.locked_until})
            return _locked_message(person, row)
        left = lock_after - row.failures
        return (
            wrong or f"PIN 不正确，还可以再试 {left} 次；连续 {lock_after} 次错误将锁定 15 分钟。"
        )
    row.failures = 0
    if _hasher.check_needs_rehash(row.pin_hash):
        row.pin_hash = hash_pin(pin)  # stronger parameters than when it was set
    return None


def _locked_message(person: StaffRow, row: Credential) -> str:
    until = moment(row.locked_until)[-5:] if row.locked_until else ""
    return (
        f"{person.name} 的 PIN 连续错误次数过多，已锁定到 {until}（15 分钟），"
        "请稍后再试，或请项目经理、运营主管解锁。"
    )


def verify(store: Store, staff_no: str, pin: str, lock_after: int = LOCK_AFTER) -> SignedIn:
    """Sign in with a PIN: the person, or ``PinRefused`` (the try is counted either way).

    Whoever cannot sign in (unknown, left, a post that does not, no PIN yet) is told
    what a wrong PIN is told, as late: the answer says nothing of who is on the staff.
    """
    pin = check_typed(pin)
    try:
        person = sign_in(store, staff_no)
    except DomainError:
        raise _as_a_wrong_pin(pin) from None
    if store.read_only:
        return _verify_reading(store, person, pin)
    try:
        with store.write(None) as tx:
            refused = _try(tx, person, pin, lock_after, WRONG)
            temporary = False
            if refused is None:
                tx.actor_id = person.id
                row = _credential(tx, person.id)
                temporary = bool(row and row.temporary)
                tx.audit(
                    "session.sign_in", "staff", person.staff_no, None, {"temporary": temporary}
                )
    except NoPinYet:  # nothing was written
        raise _as_a_wrong_pin(pin) from None
    if refused is not None:
        raise PinRefused(refused)
    return SignedIn(person, temporary)


def _verify_reading(store: Store, person: StaffRow, pin: str) -> SignedIn:
    """A database that can only be read (db/store.py): the PIN checked against it and a
    lock honoured, but nothing counted or recorded; the terminal's own slowing down
    (model/pin_rules.WrongTries) still holds, and the log keeps who signed in."""
    with store.read() as session:
        row = session.get(Credential, person.id)
    if row is None:
        raise _as_a_wrong_pin(pin)
    if row.locked_until is not None and pendulum.instance(row.locked_until) > store.clock.now():
        raise PinRefused(_locked_message(person, row))
    try:
        _hasher.verify(row.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        raise PinRefused(WRONG) from None
    log.warning("signed in on a read-only database (%s): %s", store.read_only, person.staff_no)
    return SignedIn(person, bool(row.temporary))


def _as_a_wrong_pin(pin: str) -> PinRefused:
    """The refusal of a wrong PIN, as late as a wrong PIN's: a hash is checked first."""
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_nobody(), pin)
    return PinRefused(WRONG)


def confirm(store: Store, person: StaffRow, pin: str, lock_after: int = LOCK_AFTER) -> None:
    """The person already signed in, back at a locked screen: their PIN again, counted."""
    pin = check_typed(pin)
    if store.read_only:
        _verify_reading(store, person, pin)
        return
    with store.write(person.id) as tx:
        refused = _try(tx, person, pin, lock_after)
        if refused is None:
            tx.audit("session.unlock", "staff", person.staff_no)
    if refused is not None:
        raise PinRefused(refused)


def change_pin(
    store: Store, staff_no: str, current: str, new: str, again: str, lock_after: int = LOCK_AFTER
) -> None:
    """Choose one's own PIN, proving the present (or temporary) one."""
    current = check_typed(current)
    new = check_new(new)
    if new != again.strip():
        raise DomainError("两次输入的新 PIN 不一致。")
    if new == current:
        raise DomainError("新 PIN 不能与现在的 PIN 相同。")
    person = sign_in(store, staff_no)
    with store.write(None) as tx:
        refused = _try(tx, person, current, lock_after)
        if refused is None:
            tx.actor_id = person.id
            store_pin(tx, person.id, new, temporary=False)
            tx.audit("pin.change", "staff", person.staff_no)
    if refused is not None:
        raise PinRefused(refused)


def _temporary_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**MIN_DIGITS):0{MIN_DIGITS}d}"
        try:
            return check_new(pin)
        except DomainError:
            continue  # 000000, 123456…: draw again


def reset_pin(store: Store, actor: StaffRow | None, staff_no: str) -> str:
    """A new temporary PIN for someone, shown once to the manager who gives it; unlocks them.

    A manager's PIN is the 项目经理's to reset, so that nobody takes over a higher post.
    """
    actor = require(actor, Action.RESET_PINS)
    person = staff_by_no(store, staff_no)
    if person.post not in SIGN_IN_POSTS:
        raise DomainError(f"{person.name} 是{person.post}，不登录值班台，不需要 PIN。")
    if person.status == Employment.LEFT:
        raise DomainError(f"{person.name} 已离职，不能再登录。")
    if person.id == actor.id:
        raise DomainError("自己的 PIN 请用“修改我的 PIN”修改（需要输入现在的 PIN）。")
    if person.post in MANAGERS:
        require(actor, Action.ADMINISTER)
    pin = _temporary_pin()
    with store.write(actor.id) as tx:
        store_pin(tx, person.id, pin, temporary=True)
        tx.audit("pin.reset", "staff", person.staff_no, None, {"temporary": True})
    return pin


def unlock(store: Store, actor: StaffRow | None, staff_no: str, *, file_owner: str = "") -> bool:
    """Clear a person's wrong tries and lock; True when they were locked.

    A manager unlocks anyone else, the 项目经理 anyone; ``file_owner`` (``hotline-tui
    unlock`` on the ops PC, by whoever may write the database file) anyone, named in
    the audit row.
    """
    if not file_owner:
        actor = require(actor, Action.RESET_PINS)
        if staff_no == actor.staff_no and actor.post != "项目经理":
            raise DomainError("不能为自己解锁，请另一位管理人员解锁。")
    person = staff_by_no(store, staff_no)
    with store.write(actor.id if actor and not file_owner else None) as tx:
        row = _credential(tx, person.id)
        if row is None:
            raise DomainError(no_pin_yet(person))
        was_locked = row.locked_until is not None and pendulum.instance(row.locked_until) > tx.now
        before = {"failures": row.failures, "locked_until": row.locked_until}
        row.failures, row.locked_until = 0, None
        tx.audit("pin.unlock", "staff", person.staff_no, before,
                 {"by": file_owner} if file_owner else None)  # fmt: skip
    return was_locked


@dataclass(frozen=True)
class PinState:
    has_pin: bool
    temporary: bool
    locked_until: pendulum.DateTime | None
    failures: int

    @property
    def text(self) -> str:
        if not self.has_pin:
            return "未设置"
        if self.locked_until is not None:
            return f"已锁定到 {moment(self.locked_until)}"
        if self.temporary:
            return "临时 PIN，待本人修改"
        return f"已设置（连续错误 {self.failures} 次）" if self.failures else "已设置"


def pin_state(store: Store, staff_no: str) -> PinState:
    now = store.clock.now()
    with store.read() as session:
        row = session.execute(
            sa.select(Credential)
            .join(Staff, Staff.id == Credential.staff_id)
            .where(Staff.staff_no == staff_no)
        ).scalar()
    if row is None:
        return PinState(False, False, None, 0)
    locked = row.locked_until
    until = pendulum.instance(locked) if locked is not None else None
    if until is not None and until <= now:
        until = None
    return PinState(True, row.temporary, until, row.failures)


# Audit actions that only a database with PINs has written.
_PIN_ACTIONS = ("people.init", "pin.first", "pin.reset", "pin.change", "session.sign_in")


def nobody_has_a_pin(store: Store) -> bool:
    """A database that never had a PIN (from before PINs): its 项目经理 sets theirs first
    (``hotline-tui set-pin``). Not one whose PINs were deleted outside the desk: the
    sealed credentials and the audit trail remember them, and the first PIN without a
    sign-in is refused there."""
    with store.read() as session:
        if session.execute(sa.select(Credential.staff_id).limit(1)).first() is not None:
            return False
        if (
            session.execute(
                sa.select(RowSeal.id).where(RowSeal.tbl == "credential").limit(1)
            ).first()
            is not None
        ):
            return False
        return (
            session.execute(
                sa.select(AuditLog.id).where(AuditLog.action.in_(_PIN_ACTIONS)).limit(1)
            ).first()
            is None
        )


def first_pin(store: Store, staff_no: str, pin: str, again: str) -> StaffRow:
    """On a database where nobody has a PIN yet, a 项目经理 sets their own."""
    pin = check_new(pin)
    if pin != again.strip():
        raise DomainError("两次输入的 PIN 不一致。")
    person = sign_in(store, staff_no)
    if person.post != "项目经理":
        raise DomainError(
            "数据库中还没有人设置 PIN：请先由项目经理设置自己的 PIN，再为其他人设置。"
        )
    if not nobody_has_a_pin(store):
        raise DomainError(
            "这个数据库设置过 PIN：请由项目经理登录后在“人员”中重设，或用 --as 登录后修改自己的 PIN；"
            "如 PIN 在程序之外被删除，请运行 hotline-tui check 查看。"
        )
    with store.write(person.id) as tx:
        if tx.session.execute(sa.select(Credential.staff_id).limit(1)).first() is not None:
            raise DomainError(
                "已经有人设置了 PIN：请由项目经理登录后在“人员”中重设，或用 --as 登录后修改自己的 PIN。"
            )
        store_pin(tx, person.id, pin, temporary=False)
        tx.audit("pin.first", "staff", person.staff_no)
    return person
