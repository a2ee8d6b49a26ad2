"""Exam sittings (在职考试) and business tests (业务测试), with each person's result.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("pass_mark", sa.Integer(), nullable=False),
        sa.Column("full_mark", sa.Integer(), nullable=False),
        sa.Column("resit_of", sa.Integer(), sa.ForeignKey("exam.id"), nullable=True),
        sa.Column("live_from", sa.Date(), nullable=True),
        sa.Column("zone", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_index("ix_exam_day", "exam", ["day"])
    op.create_table(
        "exam_result",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("exam_id", sa.Integer(), sa.ForeignKey("exam.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("entered_at", UTCDateTime(), nullable=False),
        sa.Column("entered_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("exam_id", "staff_id", name="uq_exam_result_person"),
    )


def downgrade() -> None:
    op.drop_table("exam_result")
    op.drop_index("ix_exam_day", "exam")
    op.drop_table("exam")
