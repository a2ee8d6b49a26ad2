"""A handover's reasons: submitted early (before the outgoing shift was nearly over),
and signed by someone other than the incoming shift's 值班长 on the rota.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place: a batch copy of the table would drop it, which its foreign keys refuse.
    for column in ("early_reason", "sign_reason"):
        op.add_column("handover", sa.Column(column, sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    for column in ("sign_reason", "early_reason"):
        op.get_bind().exec_driver_sql(f"ALTER TABLE handover DROP COLUMN {column}")
