"""every SQLite timestamp in SQLAlchemy's stored form 'YYYY-MM-DD HH:MM:SS.ffffff', so text comparisons count boundary moments right

Revision ID: 0007
Revises: 0006
Create Date: 2027-01-18 10:00:00

Until now a bulk import (and anything else writing through the sqlite3 driver's own adapter)
stored '2027-03-15 20:30:00', which sorts before the bound '2027-03-15 20:30:00.000000': a request
received on a boundary fell into the interval before it. Rewritten here: the driver's form (19
characters), a minute's (16), a date alone (10), an ISO 'T', fewer fraction digits. PostgreSQL
stores timestamps as timestamps: nothing to do.
"""

from alembic import op

from campaign import rollups

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Every DateTime column as of revision 0006 (campaign.schema), by table. rollup_hour.hour is left
# out: the triggers write it in the stored form, and it is rebuilt below if the receipt times
# it was keyed on were unreadable by position.
COLUMNS = {
    "campaign": ("gala_start", "gala_end"),
    "complaint": ("received_at", "closed_at", "due_at"),
    "shift": ("start_at", "end_at"),
    "site": ("start_at", "end_at"),
    "tally": ("reported_at",),
    "progress_report": ("reported_at",),
    "account": ("locked_until", "created_at"),
    "wall_token": ("created_at", "last_used_at", "revoked_at"),
    "audit_event": ("at",),
}
# Unique keys holding a timestamp: two rows whose times differed only in form become one key.
UNIQUE_KEYS = {
    "shift": (("office_id", "person_name"), "start_at"),
    "tally": (("site_id",), "reported_at"),
    "progress_report": (("office_id", "metric"), "reported_at"),
}


def needs(column: str) -> str:
    """Whether a stored value is text in another form than 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    return (
        f"({column} IS NOT NULL AND typeof({column}) = 'text' "
        f"AND (length({column}) <> 26 OR substr({column}, 11, 1) <> ' '))"
    )


def normal(column: str) -> str:
    """The stored form of a value in any of the forms the old writers left; others unchanged."""
    spaced = f"replace({column}, 'T', ' ')"
    return (
        f"CASE length({column}) WHEN 10 THEN {column} || ' 00:00:00.000000' "
        f"WHEN 16 THEN {spaced} || ':00.000000' WHEN 19 THEN {spaced} || '.000000' "
        f"WHEN 20 THEN {spaced} || '000000' "
        f"ELSE CASE WHEN length({column}) BETWEEN 21 AND 26 THEN substr({spaced} || '000000', 1, 26) "
        f"ELSE {column} END END"
    )


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    # Roll-up keys are read by position (substr(received_at, 1, 13), ...), unchanged by the rewrite
    # unless the date and hour were not where they belong: then the roll-ups are recomputed.
    misplaced = conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM complaint WHERE "
        "substr(received_at, 11, 1) <> ' ' OR substr(closed_at, 11, 1) <> ' ')"
    ).scalar_one()
    # No row-by-row roll-up updates for a rewrite that leaves every roll-up key as it was.
    had_triggers = rollups.has_triggers(conn)
    rollups.drop_triggers(conn)
    for table, (others, stamp) in UNIQUE_KEYS.items():
        # The later row (the newer import) stands for a key written twice in two forms.
        same = " AND ".join(f"b.{c} = a.{c}" for c in others)
        conn.exec_driver_sql(
            f"DELETE FROM {table} WHERE id IN (SELECT a.id FROM {table} a JOIN {table} b "
            f"ON {same} AND b.id > a.id AND {normal(f'b.{stamp}')} = {normal(f'a.{stamp}')} "
            f"WHERE {needs(f'a.{stamp}')} OR {needs(f'b.{stamp}')})"
        )
    for table, columns in COLUMNS.items():
        assignments = ", ".join(f"{c} = CASE WHEN {needs(c)} THEN {normal(c)} ELSE {c} END" for c in columns)
        conn.exec_driver_sql(f"UPDATE {table} SET {assignments} WHERE {' OR '.join(map(needs, columns))}")
    if misplaced:
        rollups.rebuild(conn)
    if had_triggers:
        rollups.create_triggers(conn)


def downgrade() -> None:
    pass  # the stored form is also the form every earlier revision reads
