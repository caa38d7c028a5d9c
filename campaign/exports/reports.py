"""The reports `python -m campaign export` knows, each from the command's options."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection

from campaign.campaigns import CampaignInfo
from campaign.exports.complaints_summary import complaints_summary


def as_of(campaign: CampaignInfo, args) -> datetime:
    """The end of --date, or the campaign clock's now."""
    if args.date:
        return datetime.combine(args.date + timedelta(days=1), time())
    return campaign.now()


def complaints_summary_report(conn: Connection, campaign: CampaignInfo, args, office_id) -> pd.DataFrame:
    first = args.first_day or campaign.first_day
    last = args.last_day or campaign.last_day
    return complaints_summary(conn, first, last, as_of(campaign, args), office_id)


REPORTS = {
    "complaints-summary": complaints_summary_report,
}
