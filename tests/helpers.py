from __future__ import annotations

import sqlalchemy as sa

from hotline_tui.db.tables import AuditLog
from hotline_tui.domain.people.roster import list_staff, staff_by_no
from hotline_tui.domain.shifts import list_shifts
from hotline_tui.model.shifts import shift_by_code
from hotline_tui.model.staff_row import StaffRow

# Every demo person who signs in has this PIN (README).
DEMO_PIN = "147258"


def chief(store) -> StaffRow:
    return staff_by_no(store, "1004")


def manager(store) -> StaffRow:
    """The demo's 项目经理."""
    return staff_by_no(store, "1001")


def shift(store, code: str = "early"):
    return shift_by_code(list_shifts(store), code)


def unseated(store, day, sh) -> list[StaffRow]:
    from hotline_tui.domain.floor.seating import seatable_staff

    return [p for p in seatable_staff(store, day, sh) if p.post == "组员"]


def seated_count(store, day, sh) -> int:
    """How many seats a plan has taken, counted with plain SQL, not by the code under test."""
    with store.read() as session:
        return session.execute(
            sa.text("SELECT count(*) FROM seat_assignment WHERE day = :day AND shift_id = :shift"),
            {"day": day.isoformat(), "shift": sh.id},
        ).scalar_one()


def audit_rows(store, action: str) -> list[AuditLog]:
    with store.read() as session:
        # In the order written: a server returns rows in no order unless asked.
        rows = sa.select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)
        return list(session.execute(rows).scalars())


def everyone(store) -> list[StaffRow]:
    return list_staff(store, include_left=True)


def at_once(stores, work) -> list[BaseException]:
    """``work(store, n)`` for every store, each in a thread of its own (terminals working
    at the same moment); the stores closed after. What any of them raised, collected: a
    lost or failed write is what these tests look for."""
    import threading

    errors: list[BaseException] = []

    def run(store, n: int) -> None:
        try:
            work(store, n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    return errors


# A handover written during the tests' morning is submitted hours before its shift ends:
# the rule asks for the reason (lifecycle.submit), this one.
EARLY = "下午有培训，提前交班"


def on_duty(store, day, sh) -> StaffRow:
    """The 值班长 on the rota of ``day``'s shift ``sh``, read with plain SQL: the one who
    signs the handover that shift takes over."""
    with store.read() as session:
        staff_no = session.execute(
            sa.text(
                "SELECT s.staff_no FROM rota_entry r JOIN staff s ON s.id = r.staff_id"
                " WHERE r.day = :day AND r.shift_id = :shift AND s.post = '值班长'"
            ),
            {"day": day.isoformat(), "shift": sh.id},
        ).scalar_one()
    return staff_by_no(store, staff_no)


# The demo PIN as a script pipes it to a command that asks for it.
PIN_LINE = DEMO_PIN + "\n"


def digest(path) -> str:
    """A file's SHA-256: the same before and after, or it was written."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_command(capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """``hotline-tui`` in this process; ``stdin`` is what a script would pipe in (PINs):
    (exit code, standard output, standard error)."""
    import io
    import sys

    from hotline_tui.cli import main

    piped, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        code = main(list(argv))
    except SystemExit as ended:  # argparse's refusals end the process, as they would here
        code = int(ended.code or 0)
    finally:
        sys.stdin = piped
    out, err = capsys.readouterr()
    return code, out, err
