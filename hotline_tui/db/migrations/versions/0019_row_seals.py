"""Row seals: the after-image of every covered record each write leaves, bound to the
audit chain (row_seal, audit_log.seal); and the chain's own gapless numbering
(audit_log.seq), so that a server's sequence skipping an id is no false alarm.

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place: a batch copy of audit_log would drop it under its foreign keys.
    op.add_column("audit_log", sa.Column("seq", sa.Integer(), nullable=True))
    op.add_column("audit_log", sa.Column("seal", sa.String(), nullable=True))
    op.create_table(
        "row_seal",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("audit_id", sa.Integer(), sa.ForeignKey("audit_log.id"), nullable=False),
        sa.Column("tbl", sa.String(), nullable=False),
        sa.Column("row_key", sa.String(), nullable=False),
        sa.Column("image", sa.String(), nullable=True),
    )
    op.create_index("ix_row_seal_audit", "row_seal", ["audit_id"])


def downgrade() -> None:
    op.drop_index("ix_row_seal_audit", "row_seal")
    op.drop_table("row_seal")
    for column in ("seal", "seq"):
        op.get_bind().exec_driver_sql(f"ALTER TABLE audit_log DROP COLUMN {column}")
