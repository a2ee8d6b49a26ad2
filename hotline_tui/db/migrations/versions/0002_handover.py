"""Shift handovers: the handover, what it carried, open items and their history, amendments.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from hotline_tui.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("from_shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("to_day", sa.Date(), nullable=False),
        sa.Column("to_shift_id", sa.Integer(), sa.ForeignKey("shift_def.id"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("traffic", sa.String(), nullable=False),
        sa.Column("systems", sa.String(), nullable=False),
        sa.Column("people", sa.String(), nullable=False),
        sa.Column("other", sa.String(), nullable=False),
        sa.Column("plan_summary", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("signed_at", UTCDateTime(), nullable=True),
        sa.Column("signed_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("digest", sa.String(), nullable=True),
        sa.UniqueConstraint("day", "from_shift_id", name="uq_handover_shift_change"),
    )
    op.create_index("ix_handover_status", "handover", ["status"])
    op.create_index("ix_handover_day", "handover", ["day"])
    op.create_table(
        "open_item",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("opened_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("opened_in", sa.Integer(), sa.ForeignKey("handover.id"), nullable=True),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("closed_in", sa.Integer(), sa.ForeignKey("handover.id"), nullable=True),
        sa.Column("close_note", sa.String(), nullable=False),
    )
    op.create_index("ix_open_item_status", "open_item", ["status"])
    op.create_table(
        "handover_entry",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("handover_id", sa.Integer(), sa.ForeignKey("handover.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("ref", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("open_item.id"), nullable=True),
    )
    op.create_index("ix_handover_entry_handover", "handover_entry", ["handover_id", "position"])
    op.create_table(
        "open_item_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("item_id", sa.Integer(), sa.ForeignKey("open_item.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("handover_id", sa.Integer(), sa.ForeignKey("handover.id"), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
    )
    op.create_index("ix_open_item_event_item", "open_item_event", ["item_id", "at"])
    op.create_table(
        "handover_amendment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("handover_id", sa.Integer(), sa.ForeignKey("handover.id"), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
    )
    op.create_index("ix_handover_amendment_handover", "handover_amendment", ["handover_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_handover_amendment_handover", table_name="handover_amendment")
    op.drop_table("handover_amendment")
    op.drop_index("ix_open_item_event_item", table_name="open_item_event")
    op.drop_table("open_item_event")
    op.drop_index("ix_handover_entry_handover", table_name="handover_entry")
    op.drop_table("handover_entry")
    op.drop_index("ix_open_item_status", table_name="open_item")
    op.drop_table("open_item")
    op.drop_index("ix_handover_day", table_name="handover")
    op.drop_index("ix_handover_status", table_name="handover")
    op.drop_table("handover")
