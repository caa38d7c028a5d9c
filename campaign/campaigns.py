"""The campaign record: its dates, duty and gala windows, and the clock the screens read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, insert, select, update

from campaign.deadlines import Deadlines, rules_fingerprint
from campaign.localtime import at_minutes, minutes_of, wall_now
from campaign.schema import Campaign, Complaint
from campaign.settings import Settings
from campaign.sqltime import day_of

campaign_table = Campaign.__table__


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    name: str
    theme: str
    first_day: date
    last_day: date
    duty_first_day: date
    duty_last_day: date
    duty_start_min: int
    duty_end_min: int
    gala_start: datetime
    gala_end: datetime
    clock_offset_s: int
    deadline_rules: str

    def now(self) -> datetime:
        """The campaign clock: the wall clock, shifted for a demo generated around another day.

        CAMPAIGN_NOW (ISO local time) freezes it, for rehearsals, screenshots and tests.
        """
        frozen = os.environ.get("CAMPAIGN_NOW")
        if frozen:
            return datetime.fromisoformat(frozen)
        return wall_now() + timedelta(seconds=self.clock_offset_s)

    def duty_days(self) -> list[date]:
        span = (self.duty_last_day - self.duty_first_day).days
        return [self.duty_first_day + timedelta(days=i) for i in range(span + 1)]

    def duty_window(self, day: date) -> tuple[datetime, datetime]:
        return at_minutes(day, self.duty_start_min), at_minutes(day, self.duty_end_min)

    def day_number(self, day: date) -> int:
        """1 on the campaign's first day; 0 or less before it."""
        return (day - self.first_day).days + 1


def campaign_year(today: date) -> int:
    """This year's campaign until it has ended, then next year's."""
    return today.year if today <= date(today.year, 3, 31) else today.year + 1


def campaign_values(settings: Settings, year: int) -> dict:
    def day(month_day: tuple[int, int]) -> date:
        return date(year, *month_day)

    gala_day = day(settings.gala_day)
    return {
        "name": f"{year}年3·15国际消费者权益日活动",
        "theme": settings.campaign_theme,
        "first_day": day(settings.campaign_first_day),
        "last_day": day(settings.campaign_last_day),
        "duty_first_day": day(settings.duty_first_day),
        "duty_last_day": day(settings.duty_last_day),
        "duty_start_min": minutes_of(settings.duty_start),
        "duty_end_min": minutes_of(settings.duty_end),
        "gala_start": at_minutes(gala_day, minutes_of(settings.gala_start)),
        "gala_end": at_minutes(gala_day, minutes_of(settings.gala_end)),
    }


def current_campaign(conn: Connection) -> CampaignInfo | None:
    row = (
        conn.execute(select(campaign_table).order_by(campaign_table.c.first_day.desc()).limit(1))
        .mappings()
        .first()
    )
    return CampaignInfo(**row) if row else None


def ensure_campaign(conn: Connection, settings: Settings, year: int | None = None) -> CampaignInfo:
    """The campaign of `year` (default: the coming one), created from the settings if absent."""
    year = year or campaign_year(wall_now().date())
    values = campaign_values(settings, year)
    existing = conn.execute(
        select(campaign_table.c.id).where(campaign_table.c.first_day == values["first_day"])
    ).scalar()
    if existing is None:
        conn.execute(campaign_table.insert().values(**values, clock_offset_s=0, deadline_rules=""))
    campaign = current_campaign(conn)
    assert campaign is not None
    return campaign


def set_clock(conn: Connection, campaign_id: int, demo_now: datetime | None) -> None:
    """Make the campaign clock read `demo_now` at this moment (None: the real clock)."""
    offset = 0 if demo_now is None else round((demo_now - wall_now()).total_seconds())
    conn.execute(
        update(campaign_table).where(campaign_table.c.id == campaign_id).values(clock_offset_s=offset)
    )


def refresh_deadlines(conn: Connection, settings: Settings) -> int:
    """Recompute every case's deadline when the time-limit settings have changed; how many moved.

    A deadline depends on the kind, the status and the day of receipt only: it is worked out once
    per combination, staged, and written by one UPDATE of the rows whose deadline moves (a
    province's ten million rows one UPDATE each took hours under PostgreSQL's statement triggers).
    """
    fingerprint = rules_fingerprint(settings)
    campaign = current_campaign(conn)
    if campaign is None or campaign.deadline_rules == fingerprint:
        return 0
    deadlines = Deadlines(settings)
    complaint = Complaint.__table__
    received = day_of(complaint.c.received_at)
    combinations = conn.execute(select(complaint.c.kind, complaint.c.status, received).distinct()).all()
    stage = Table(
        "deadline_stage",
        MetaData(),
        Column("kind", String(16)),
        Column("status", String(16)),
        Column("day", String(10)),
        Column("due_at", DateTime),
        prefixes=["TEMPORARY"],
    )
    stage.create(conn)
    moved = 0
    if combinations:
        conn.execute(
            insert(stage),
            [
                {
                    "kind": k,
                    "status": s,
                    "day": d,
                    "due_at": deadlines.due_at(k, s, datetime.fromisoformat(d)),
                }
                for k, s, d in combinations
            ],
        )
        moved = conn.execute(
            update(complaint)
            .where(
                complaint.c.kind == stage.c.kind,
                complaint.c.status == stage.c.status,
                received == stage.c.day,
                complaint.c.due_at.is_distinct_from(stage.c.due_at),
            )
            .values(due_at=stage.c.due_at)
        ).rowcount
    stage.drop(conn)
    conn.execute(update(campaign_table).values(deadline_rules=fingerprint))
    return moved
