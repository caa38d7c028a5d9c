"""Tallies are running totals: a site's figures are its latest report by a given moment.

One subquery for that rule, read by the sites screen, the targets' actuals and the sites export.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, select

from campaign.schema import TALLY_COUNTS, Tally

tally = Tally.__table__


def latest_tallies(now: datetime, inclusive: bool = True):
    """A subquery of each site's latest tally reported by `now` (before `now` when not inclusive)."""
    by = tally.c.reported_at <= now if inclusive else tally.c.reported_at < now
    latest = (
        select(tally.c.site_id, func.max(tally.c.reported_at).label("at")).where(by).group_by(tally.c.site_id)
    )
    latest = latest.subquery()
    return (
        select(tally.c.site_id, tally.c.reported_at, *(tally.c[c] for c in TALLY_COUNTS))
        .select_from(
            tally.join(latest, and_(tally.c.site_id == latest.c.site_id, tally.c.reported_at == latest.c.at))
        )
        .subquery()
    )
