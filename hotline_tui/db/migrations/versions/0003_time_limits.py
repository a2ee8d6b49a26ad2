"""Urgent issues, faults (and the seats they take out of service), replacement requests.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "urgent_issue",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("handler_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("transferred_to", sa.String(), nullable=False),
        sa.Column("delay_reason", sa.String(), nullable=False),
    )
    op.create_index("ix_urgent_issue_state_deadline", "urgent_issue", ["state", "deadline"])
    op.create_index("ix_urgent_issue_opened", "urgent_issue", ["opened_at"])
    op.create_table(
        "fault",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("system", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("detected_at", UTCDateTime(), nullable=False),
        sa.Column("report_deadline", UTCDateTime(), nullable=False),
        sa.Column("reported_at", UTCDateTime(), nullable=True),
        sa.Column("reported_to", sa.String(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolution", sa.String(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    op.create_index("ix_fault_detected", "fault", ["detected_at"])
    op.create_table(
        "replacement_request",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("requested_at", UTCDateTime(), nullable=False),
        sa.Column("deadline", UTCDateTime(), nullable=False),
        sa.Column("calendar_unknown", sa.String(), nullable=False),
        sa.Column("responded_at", UTCDateTime(), nullable=True),
        sa.Column("response", sa.String(), nullable=False),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
    )
    with op.batch_alter_table("seat_outage") as batch:
        batch.add_column(sa.Column("fault_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_seat_outage_fault", "fault", ["fault_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("seat_outage") as batch:
        batch.drop_constraint("fk_seat_outage_fault", type_="foreignkey")
        batch.drop_column("fault_id")
    op.drop_table("replacement_request")
    op.drop_index("ix_fault_detected", table_name="fault")
    op.drop_table("fault")
    op.drop_index("ix_urgent_issue_opened", table_name="urgent_issue")
    op.drop_index("ix_urgent_issue_state_deadline", table_name="urgent_issue")
    op.drop_table("urgent_issue")
