"""the complaint's handler (承办人), for staff who see the cases they handle

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 09:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handler", sa.String(length=50), nullable=True))
        batch_op.create_index("ix_complaint_handler_received", ["handler", "received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index("ix_complaint_handler_received")
        batch_op.drop_column("handler")
