"""hourly and daily roll-ups of the complaints, kept by triggers; indexes for open, closed and site-logged cases

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 18:00:00
"""

import sqlalchemy as sa
from alembic import op

from campaign import rollups
from campaign.schema import OPEN_CASE

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rollup_hour",
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("mediated", sa.Integer(), nullable=False),
        sa.Column("tried", sa.Integer(), nullable=False),
        sa.Column("recovered_fen", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "kind", "channel", "category", name=op.f("pk_rollup_hour")),
    )
    op.create_table(
        "rollup_day_office",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("received", sa.Integer(), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("cases_closed", sa.Integer(), nullable=False),
        sa.Column("closed_on_day", sa.Integer(), nullable=False),
        sa.Column("recovered_on_day", sa.BigInteger(), nullable=False),
        sa.Column("open_cases", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_id", "day", name=op.f("pk_rollup_day_office")),
    )
    op.create_index("ix_rollup_day_office_day", "rollup_day_office", ["day", "office_id"], unique=False)
    op.create_index("ix_complaint_closed_at", "complaint", ["closed_at"], unique=False)
    op.create_index(
        "ix_complaint_open_received",
        "complaint",
        ["received_at", "office_id", "due_at"],
        unique=False,
        sqlite_where=sa.text(OPEN_CASE),
        postgresql_where=sa.text(OPEN_CASE),
    )
    op.create_index(
        "ix_complaint_site",
        "complaint",
        ["site_name", "office_id", "received_at"],
        unique=False,
        sqlite_where=sa.text("site_name IS NOT NULL"),
        postgresql_where=sa.text("site_name IS NOT NULL"),
    )
    conn = op.get_bind()
    rollups.rebuild(conn)
    rollups.create_triggers(conn)


def downgrade() -> None:
    conn = op.get_bind()
    rollups.drop_triggers(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS rollup_complaint_changes()")
    op.drop_index("ix_complaint_site", table_name="complaint")
    op.drop_index("ix_complaint_open_received", table_name="complaint")
    op.drop_index("ix_complaint_closed_at", table_name="complaint")
    op.drop_index("ix_rollup_day_office_day", table_name="rollup_day_office")
    op.drop_table("rollup_day_office")
    op.drop_table("rollup_hour")
