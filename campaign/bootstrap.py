"""Bring a database to a usable state: schema at head, a campaign, deadlines up to date."""

from __future__ import annotations

from sqlalchemy import Engine

from campaign import rollups
from campaign.campaigns import ensure_campaign, refresh_deadlines
from campaign.migrate import upgrade
from campaign.settings import settings


def initialise(engine: Engine) -> str:
    revision = upgrade(engine)
    with engine.begin() as conn:
        rollups.ensure_triggers(conn)
        ensure_campaign(conn, settings())
        refresh_deadlines(conn, settings())
    return revision
