"""Zones per group (the seats each group uses) and the skill a specialist seat needs.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("seat") as batch:
        batch.add_column(sa.Column("skill", sa.String(), nullable=False, server_default=""))
    op.create_table(
        "zone_seat",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("work_group.id"), nullable=False),
        sa.Column("seat_id", sa.Integer(), sa.ForeignKey("seat.id"), nullable=False),
        sa.UniqueConstraint("group_id", "seat_id", name="uq_zone_seat"),
    )
    # The fill reads where each person sat in the last four weeks.
    op.create_index("ix_seat_assignment_staff_day", "seat_assignment", ["staff_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_seat_assignment_staff_day", "seat_assignment")
    op.drop_table("zone_seat")
    with op.batch_alter_table("seat") as batch:
        batch.drop_column("skill")
