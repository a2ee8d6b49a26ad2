"""What the indicators need to be exact: when probation ended (正式人员 on a date), and
back-dated registrations (补录) of urgent issues and faults with their reason.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("probation_ended_on", sa.Date(), nullable=True))
    for table in ("urgent_issue", "fault"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("late_reason", sa.String(), nullable=False, server_default="")
            )
            batch.add_column(sa.Column("entered_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    for table in ("fault", "urgent_issue"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("entered_at")
            batch.drop_column("late_reason")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("probation_ended_on")
