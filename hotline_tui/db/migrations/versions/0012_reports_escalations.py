"""Work reports (工作汇报) with their amendments, and escalations (请示报告).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "work_report",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("remarks", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("saved_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("submitted_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("digest", sa.String(), nullable=True),
        sa.Column("read_at", UTCDateTime(), nullable=True),
        sa.Column("read_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("kind", "period_start", name="uq_work_report_period"),
    )
    op.create_index("ix_work_report_submitted", "work_report", ["kind", "submitted_at"])
    op.create_table(
        "work_report_amendment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), sa.ForeignKey("work_report.id"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
    )
    op.create_index("ix_work_report_amendment_report", "work_report_amendment", ["report_id", "at"])
    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("content", sa.String(), nullable=False),
        sa.Column("raised_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("raised_at", UTCDateTime(), nullable=False),
        sa.Column("addressed_to", sa.String(), nullable=False),
        sa.Column("urgency", sa.String(), nullable=False),
        sa.Column("reply_due", UTCDateTime(), nullable=False),
        sa.Column("replied_at", UTCDateTime(), nullable=True),
        sa.Column("replied_by", sa.String(), nullable=False),
        sa.Column("decision", sa.String(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("withdrawn_at", UTCDateTime(), nullable=True),
        sa.Column("withdrawn_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("withdraw_reason", sa.String(), nullable=False),
    )
    op.create_index("ix_escalation_open", "escalation", ["replied_at", "withdrawn_at", "reply_due"])
    op.create_index("ix_escalation_raised", "escalation", ["raised_at"])


def downgrade() -> None:
    op.drop_index("ix_escalation_raised", "escalation")
    op.drop_index("ix_escalation_open", "escalation")
    op.drop_table("escalation")
    op.drop_index("ix_work_report_amendment_report", "work_report_amendment")
    op.drop_table("work_report_amendment")
    op.drop_index("ix_work_report_submitted", "work_report")
    op.drop_table("work_report")
