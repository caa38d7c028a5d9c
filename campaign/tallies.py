"""Tallies are running totals: a site's figures are its latest report by a given moment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select

from campaign.schema import TALLY_COUNTS, Tally

tally = Tally.__table__


def latest_tallies(now: datetime):
    """A subquery of each site's latest tally reported by `now`."""
    latest = (
        select(tally.c.site_id, func.max(tally.c.reported_at).label("at"))
        .where(tally.c.reported_at <= now)
        .group_by(tally.c.site_id)
        .subquery()
    )
    return (
        select(tally.c.site_id, tally.c.reported_at, *(tally.c[c] for c in TALLY_COUNTS))
        .select_from(
            tally.join(latest, and_(tally.c.site_id == latest.c.site_id, tally.c.reported_at == latest.c.at))
        )
        .subquery()
    )
