"""Swap requests (换班申请): asked, then approved or refused; the rota changes on approval.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "swap_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("giver_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("taker_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("other_day", sa.Date(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("requested_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.String(), nullable=False),
        sa.Column("swap_id", sa.Integer(), sa.ForeignKey("shift_swap.id"), nullable=True),
    )
    op.create_index("ix_swap_request_day", "swap_request", ["day"])


def downgrade() -> None:
    op.drop_index("ix_swap_request_day", "swap_request")
    op.drop_table("swap_request")
