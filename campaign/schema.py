"""The data model, in one place. Timestamps are naive Asia/Shanghai wall-clock (see localtime).

Money is stored in fen (分, integer hundredths of a yuan) so sums are exact on every database.
Enumerations are stored as the codes in campaign.vocabulary.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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
    # When an open case passes its legal time limit; NULL for consultations.
    due_at: Mapped[datetime | None] = mapped_column(DateTime)


class Shift(Base):
    __tablename__ = "shift"
    __table_args__ = (
        UniqueConstraint("office_id", "person_name", "start_at"),
        Index("ix_shift_start_end", "start_at", "end_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("office.id"))
    person_name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))
    phone: Mapped[str | None] = mapped_column(String(30))
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)


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
