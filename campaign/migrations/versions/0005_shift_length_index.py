"""index on each shift's length, so the longest shift bounds the search for shifts on duty at a moment

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 21:00:00
"""

import sqlalchemy as sa
from alembic import op

from campaign.sqltime import seconds_between

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_shift_length", "shift", [seconds_between(sa.column("start_at"), sa.column("end_at"))])


def downgrade() -> None:
    op.drop_index("ix_shift_length", table_name="shift")
