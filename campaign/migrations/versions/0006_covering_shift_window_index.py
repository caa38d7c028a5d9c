"""the shift window index carries the columns the duty screen reads, so a day's shifts come from the index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 23:00:00
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ["start_at", "end_at", "office_id", "role", "person_name", "phone"]


def upgrade() -> None:
    op.create_index("ix_shift_window", "shift", COLUMNS)
    op.drop_index("ix_shift_start_end", table_name="shift")


def downgrade() -> None:
    op.create_index("ix_shift_start_end", "shift", ["start_at", "end_at"])
    op.drop_index("ix_shift_window", table_name="shift")
