"""Quality checks (质检) per call and agent.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "qc_record",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("call_at", UTCDateTime(), nullable=False),
        sa.Column("call_ref", sa.String(), nullable=False),
        sa.Column("agent_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("checker_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("full_score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("missed", sa.String(), nullable=False),
        sa.Column("errors", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.Column("entered_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("call_ref", "agent_id", name="uq_qc_record_call_agent"),
    )
    op.create_index("ix_qc_record_call_at", "qc_record", ["call_at"])
    op.create_index("ix_qc_record_agent", "qc_record", ["agent_id", "call_at"])


def downgrade() -> None:
    op.drop_index("ix_qc_record_agent", "qc_record")
    op.drop_index("ix_qc_record_call_at", "qc_record")
    op.drop_table("qc_record")
