"""Training sessions (培训) and who was to attend each, with the roll call's marks.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("trainer", sa.String(), nullable=False),
        sa.Column("materials", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_index("ix_training_session_day", "training_session", ["day"])
    op.create_table(
        "training_attendee",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("session_id", sa.Integer(), sa.ForeignKey("training_session.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=True),
        sa.Column("marked_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("session_id", "staff_id", name="uq_training_attendee_person"),
    )
    op.create_index("ix_training_attendee_staff", "training_attendee", ["staff_id"])


def downgrade() -> None:
    op.drop_index("ix_training_attendee_staff", "training_attendee")
    op.drop_table("training_attendee")
    op.drop_index("ix_training_session_day", "training_session")
    op.drop_table("training_session")
