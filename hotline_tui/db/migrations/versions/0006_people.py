"""People kept true on the floor: phone, the day someone leaves, group leaders, group history.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("phone", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("left_on", sa.Date(), nullable=True))
    with op.batch_alter_table("work_group") as batch:
        batch.add_column(
            sa.Column(
                "leader_id",
                sa.Integer(),
                sa.ForeignKey("staff.id", name="fk_work_group_leader"),
                nullable=True,
            )
        )
    op.create_table(
        "staff_group",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("staff_id", sa.Integer(), sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("group_id", sa.Integer(), sa.ForeignKey("work_group.id"), nullable=False),
        sa.Column("since", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
    )
    op.create_index("ix_staff_group_staff_since", "staff_group", ["staff_id", "since"])
    # Everyone's present group, as of their hire date (or since ever, when unknown).
    op.execute(
        "INSERT INTO staff_group (staff_id, group_id, since, until) "
        "SELECT id, group_id, COALESCE(hire_date, '2000-01-01'), NULL FROM staff "
        "WHERE group_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_index("ix_staff_group_staff_since", "staff_group")
    op.drop_table("staff_group")
    with op.batch_alter_table("work_group") as batch:
        batch.drop_column("leader_id")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("left_on")
        batch.drop_column("phone")
