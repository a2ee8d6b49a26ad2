"""Call traffic from the phone platform (话务数据): a row per half-hour or per whole day,
the figures 人工接通率 and 转接转办及时准确率 are computed from where a month has them.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_traffic",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(), nullable=False),
        sa.Column("offered", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("abandoned", sa.Integer(), nullable=False),
        sa.Column("answered_in_time", sa.Integer(), nullable=False),
        sa.Column("service_seconds", sa.Integer(), nullable=False),
        sa.Column("talk_seconds", sa.Integer(), nullable=False),
        sa.Column("wrap_seconds", sa.Integer(), nullable=True),
        sa.Column("transfers", sa.Integer(), nullable=True),
        sa.Column("transfers_ok", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("day", "slot", name="uq_call_traffic_day_slot"),
    )


def downgrade() -> None:
    op.drop_table("call_traffic")
