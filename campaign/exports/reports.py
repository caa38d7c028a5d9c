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


def coverage_report(conn: Connection, campaign: CampaignInfo, args, office_id) -> pd.DataFrame:
    """One duty day (--date, default the campaign clock's today), every office keeping duty."""
    from campaign.exports.coverage import coverage_frame
    from campaign.offices import subtree_ids
    from campaign.settings import settings
    from queries.coverage import coverage_day

    day = args.date or campaign.now().date()
    days = sorted(coverage_day(conn, campaign, day, settings().min_on_duty), key=lambda d: d.code)
    if office_id is not None:
        keep = set(subtree_ids(conn, office_id))
        days = [d for d in days if d.office_id in keep]
    return coverage_frame(days, day)


def sites_summary_report(conn: Connection, campaign: CampaignInfo, args, office_id) -> pd.DataFrame:
    from campaign.exports.sites_summary import sites_summary

    first = args.first_day or campaign.first_day
    last = args.last_day or campaign.last_day
    return sites_summary(conn, first, last, as_of(campaign, args), office_id)


def targets_report(conn: Connection, campaign: CampaignInfo, args, office_id) -> pd.DataFrame:
    from queries.targets import targets_export

    return targets_export(conn, args.date or campaign.now().date(), office_id)


REPORTS = {
    "complaints-summary": complaints_summary_report,
    "coverage": coverage_report,
    "sites-summary": sites_summary_report,
    "targets": targets_report,
}
