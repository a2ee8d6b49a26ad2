"""Rota, weekly patterns, attendance, shift swaps, overtime, morning meetings; meeting
action items are open items with a due date.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rota_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("day", "staff_id", name="uq_rota_day_staff"),
    )
    op.create_index("ix_rota_day_shift", "rota_entry", ["day", "shift_id"])
    op.create_table(
        "rota_pattern",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=True),
        sa.UniqueConstraint("staff_id", "weekday", name="uq_pattern_staff_weekday"),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("late_minutes", sa.Integer(), nullable=False),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
        sa.Column("marked_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("day", "shift_id", "staff_id", name="uq_attendance_shift_staff"),
    )
    op.create_index("ix_attendance_day_staff", "attendance", ["day", "staff_id"])
    op.create_table(
        "shift_swap",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("giver_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("taker_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("other_day", sa.Date(), nullable=True),
        sa.Column("other_shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=True),
        sa.Column("approved_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_table(
        "overtime",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("start", UTCDateTime(), nullable=False),
        sa.Column("end", UTCDateTime(), nullable=False),
        sa.Column("approved_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_overtime_staff_start", "overtime", ["staff_id", "start"])
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("host_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("held_at", sa.String(), nullable=False),
        sa.Column("review", sa.String(), nullable=False),
        sa.Column("policy", sa.String(), nullable=False),
        sa.Column("qc", sa.String(), nullable=False),
        sa.Column("notices", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.UniqueConstraint("day", "shift_id", name="uq_meeting_day_shift"),
    )
    with op.batch_alter_table("open_item") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("due", sa.Date(), nullable=True))
        batch.create_foreign_key("fk_open_item_meeting", "meeting", ["meeting_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("open_item") as batch:
        batch.drop_constraint("fk_open_item_meeting", type_="foreignkey")
        batch.drop_column("due")
        batch.drop_column("meeting_id")
    for table in ("meeting", "overtime", "shift_swap", "attendance", "rota_pattern", "rota_entry"):
        op.drop_table(table)
