"""A person's status as dated spans (staff_status), in place of the one date of the end
of probation: a status set back to 试用 cleared that date and put the person on
probation on every day back to their first, rewriting past months' arrival rate.

Revision ID: 0017
Revises: 0016
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

FROM_THE_START = date(1, 1, 1)  # the first span of everyone: from whenever they came
NOT_ENDED = date(9999, 12, 31)  # the old column's "never confirmed"


def _day(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _beijing_day(value: object) -> date:
    """A stored UTC time (text on SQLite) as the Beijing day it fell on."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (moment + timedelta(hours=8)).date()


def _spans(
    status: str, ended: date | None, left: date | None, asked: date | None
) -> list[tuple[str, bool, date]]:
    """(status, probation, since) of one person, oldest first, from the old columns."""
    if status == "试用" or ended == NOT_ENDED:
        spans = [("试用", True, FROM_THE_START)]
    elif ended is not None:
        spans = [("试用", True, FROM_THE_START), ("在职", False, ended)]
    else:
        spans = [("在职", False, FROM_THE_START)]

    def then(new: str, since: date | None) -> None:
        """待撤换 or 离職 from ``since``: probation as the span before it had it."""
        last = spans[-1]
        if since is None or since <= last[2]:  # no date of its own: the last span was it
            before = spans[-2][1] if len(spans) > 1 else last[1]
            spans[-1] = (new, before, last[2])
        else:
            spans.append((new, last[1], since))

    if status == "待撤换":
        then("待撤换", asked)
    if left is not None:
        then("离职", left)
    elif status == "离职":
        then("离职", None)
    return spans


def upgrade() -> None:
    op.create_table(
        "staff_status",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("probation", sa.Boolean(), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
    )
    op.create_index("ix_staff_status_staff_since", "staff_status", ["staff_id", "since"])
    conn = op.get_bind()
    asked = {
        staff_id: _beijing_day(at)
        for staff_id, at in conn.execute(
            sa.text("SELECT staff_id, max(requested_at) FROM replacement_request GROUP BY staff_id")
        )
    }
    rows = []
    for staff_id, status, ended, left in conn.execute(
        sa.text("SELECT id, status, probation_ended_on, left_on FROM staff ORDER BY id")
    ):
        spans = _spans(
            status,
            None if ended is None else _day(ended),
            None if left is None else _day(left),
            asked.get(staff_id),
        )
        for i, (state, probation, since) in enumerate(spans):
            until = spans[i + 1][2] if i + 1 < len(spans) else None
            rows.append(
                {"staff_id": staff_id, "status": state, "probation": probation,
                 "since": since, "until": until}
            )  # fmt: skip
    if rows:
        table = sa.table(
            "staff_status",
            sa.column("staff_id", sa.Integer()),
            sa.column("status", sa.String()),
            sa.column("probation", sa.Boolean()),
            sa.column("since", sa.Date()),
            sa.column("until", sa.Date()),
        )
        conn.execute(sa.insert(table), rows)
    # In place (SQLite 3.35 and later, PostgreSQL): a batch copy of the table would drop
    # it first, which the foreign keys of every table naming a person refuse.
    conn.exec_driver_sql("ALTER TABLE staff DROP COLUMN probation_ended_on")


def downgrade() -> None:
    op.get_bind().exec_driver_sql("ALTER TABLE staff ADD COLUMN probation_ended_on DATE")
    op.drop_index("ix_staff_status_staff_since", "staff_status")
    op.drop_table("staff_status")
