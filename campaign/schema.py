"""The data model, in one place. Timestamps are naive Asia/Shanghai wall-clock (see localtime).

Money is stored in fen (分, integer hundredths of a yuan) so sums are exact on every database.
Enumerations are stored as the codes in campaign.vocabulary.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from campaign.sqltime import seconds_between
from campaign.vocabulary import CASE_KINDS, OPEN_STATUSES


def _sql_list(codes: tuple[str, ...]) -> str:
    return ", ".join(f"'{c}'" for c in codes)


# A complaint or report still being handled: the partial index's condition, and the roll-ups'.
OPEN_CASE = f"kind IN ({_sql_list(CASE_KINDS)}) AND status IN ({_sql_list(OPEN_STATUSES)})"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    theme: Mapped[str] = mapped_column(String(100))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    duty_first_day: Mapped[date] = mapped_column(Date)
    duty_last_day: Mapped[date] = mapped_column(Date)
    # Minutes after local midnight; 1440 is the midnight that ends the day ("24:00").
    duty_start_min: Mapped[int] = mapped_column(Integer, default=480)
    duty_end_min: Mapped[int] = mapped_column(Integer, default=1440)
    gala_start: Mapped[datetime] = mapped_column(DateTime)
    gala_end: Mapped[datetime] = mapped_column(DateTime)
    # Seconds added to the wall clock: non-zero only for a demo generated around another "now".
    clock_offset_s: Mapped[int] = mapped_column(BigInteger, default=0)
    # Fingerprint of the time-limit settings the stored complaint deadlines were computed with.
    deadline_rules: Mapped[str] = mapped_column(String(64), default="")


class Office(Base):
    __tablename__ = "office"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)


class Complaint(Base):
    __tablename__ = "complaint"
    __table_args__ = (
        Index("ix_complaint_received_at", "received_at"),
        Index("ix_complaint_office_received", "office_id", "received_at"),
        Index("ix_complaint_status_due", "status", "due_at"),
        Index("ix_complaint_channel_received", "channel", "received_at"),
        Index("ix_complaint_handler_received", "handler", "received_at"),
        Index("ix_complaint_closed_at", "closed_at"),
        # Open cases are few against a year's requests: the by-office open/overdue counts read only these.
        Index(
            "ix_complaint_open_received",
            "received_at",
            "office_id",
            "due_at",
            sqlite_where=text(OPEN_CASE),
            postgresql_where=text(OPEN_CASE),
        ),
        # Requests logged at an activity site: counted per site without reading the rest.
        Index(
            "ix_complaint_site",
            "site_name",
            "office_id",
            "received_at",
            sqlite_where=text("site_name IS NOT NULL"),
            postgresql_where=text("site_name IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_no: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    category: Mapped[str | None] = mapped_column(String(50))
    business: Mapped[str | None] = mapped_column(String(200))
    amount_fen: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    recovered_fen: Mapped[int | None] = mapped_column(BigInteger)
    consumer_name: Mapped[str | None] = mapped_column(String(50))
    consumer_phone: Mapped[str | None] = mapped_column(String(30))
    site_name: Mapped[str | None] = mapped_column(String(100))
    # 承办人: the member of staff handling the case; a 工作人员 account sees the cases under its name.
    handler: Mapped[str | None] = mapped_column(String(50))
    # When an open case passes its legal time limit; NULL for consultations.
    due_at: Mapped[datetime | None] = mapped_column(DateTime)


class RollupHour(Base):
    """Requests by hour of arrival, kind, channel and category, over every office.

    Written only by the database's triggers on complaint (campaign.rollups), so it is exact
    whoever writes the complaints. Category is '' where the request has none.
    """

    __tablename__ = "rollup_hour"

    hour: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    category: Mapped[str] = mapped_column(String(50), primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    closed: Mapped[int] = mapped_column(Integer, default=0)  # cases now closed (with a closing time)
    mediated: Mapped[int] = mapped_column(Integer, default=0)
    tried: Mapped[int] = mapped_column(Integer, default=0)  # closed cases where mediation was tried
    recovered_fen: Mapped[int] = mapped_column(BigInteger, default=0)  # of the closed cases


class RollupDayOffice(Base):
    """Per handling office and day: requests and cases received, and cases closed, that day.

    `cases_closed` and `open_cases` count the cases received that day that are now closed, or still
    open; `closed_on_day` and `recovered_on_day` count by the day of closing. Written only by triggers (campaign.rollups).
    """

    __tablename__ = "rollup_day_office"
    __table_args__ = (Index("ix_rollup_day_office_day", "day", "office_id"),)

    office_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    received: Mapped[int] = mapped_column(Integer, default=0)
    cases: Mapped[int] = mapped_column(Integer, default=0)
    cases_closed: Mapped[int] = mapped_column(Integer, default=0)
    closed_on_day: Mapped[int] = mapped_column(Integer, default=0)
    recovered_on_day: Mapped[int] = mapped_column(BigInteger, default=0)  # every closed request's
    open_cases: Mapped[int] = mapped_column(Integer, default=0)  # received that day, still open


class Shift(Base):
    __tablename__ = "shift"
    __table_args__ = (
        UniqueConstraint("office_id", "person_name", "start_at"),
        # By time, carrying what the duty screen reads: a day's shifts come from the index alone
        # (SQLite: 7,000 shifts 20 % faster than with a lookup of each row).
        Index("ix_shift_window", "start_at", "end_at", "office_id", "role", "person_name", "phone"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    person_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(30))
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)


# The longest shift, read off this index, bounds how far back a shift still on duty can have
# started: "who is on duty at t" becomes a short range of ix_shift_window instead of a scan.
Index("ix_shift_length", seconds_between(Shift.__table__.c.start_at, Shift.__table__.c.end_at))


class Site(Base):
    __tablename__ = "site"
    __table_args__ = (
        UniqueConstraint("name", "office_id"),
        Index("ix_site_start_end", "start_at", "end_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    address: Mapped[str | None] = mapped_column(String(200))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)
    theme: Mapped[str | None] = mapped_column(String(100))


class Tally(Base):
    """A site's running totals as of `reported_at`; the latest row per site counts."""

    __tablename__ = "tally"
    __table_args__ = (UniqueConstraint("site_id", "reported_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    staff: Mapped[int] = mapped_column(Integer, default=0)
    consultations: Mapped[int] = mapped_column(Integer, default=0)
    complaints: Mapped[int] = mapped_column(Integer, default=0)
    materials: Mapped[int] = mapped_column(Integer, default=0)
    repairs: Mapped[int] = mapped_column(Integer, default=0)
    tests: Mapped[int] = mapped_column(Integer, default=0)
    banners: Mapped[int] = mapped_column(Integer, default=0)
    vehicles: Mapped[int] = mapped_column(Integer, default=0)
    volunteers: Mapped[int] = mapped_column(Integer, default=0)


TALLY_COUNTS = (
    "staff",
    "consultations",
    "complaints",
    "materials",
    "repairs",
    "tests",
    "banners",
    "vehicles",
    "volunteers",
)


class Target(Base):
    __tablename__ = "target"
    __table_args__ = (UniqueConstraint("office_id", "metric", "due_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    metric: Mapped[str] = mapped_column(String(32))
    target: Mapped[float] = mapped_column(Float)
    start_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)


class ProgressReport(Base):
    """An office's running total of a metric no other file carries, as of `reported_at`."""

    __tablename__ = "progress_report"
    __table_args__ = (UniqueConstraint("office_id", "metric", "reported_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    metric: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    reported_at: Mapped[datetime] = mapped_column(DateTime)


metadata = Base.metadata


class Account(Base):
    """Someone who signs in: a role (campaign.vocabulary.ACCOUNT_ROLES) and the office their view is scoped to."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    # The office and everything below it; NULL for the whole city (领导, 管理员).
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    # argon2id; NULL for an account that signs in through the government SSO only.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    sees_personal: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WallToken(Base):
    """A wall screen's sign-in: a long random token in its URL, stored only as its SHA-256."""

    __tablename__ = "wall_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class WebSession(Base):
    """A person's signed-in browser: its cookie holds a token stored here only as its SHA-256.

    A row starts with a one-time ticket (60 s) that the browser trades for the cookie; the token
    exists from then on. Revoked by signing out; an account disabled or removed ends it too.
    """

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_until: Mapped[datetime | None] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(200), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class AuditEvent(Base):
    """Who saw or exported personal data: when, what, with which filters, how many rows."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # unmask, export
    page: Mapped[str] = mapped_column(String(32))
    filters: Mapped[str] = mapped_column(String(2000))  # JSON
    rows: Mapped[int] = mapped_column(Integer)
