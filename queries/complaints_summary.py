"""The complaints-summary export's read: per office, the records received within the dates."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Connection, and_, case, func, select

from campaign.frames import as_frame
from campaign.offices import subtree_select
from campaign.schema import Complaint, Office
from campaign.vocabulary import CASE_KINDS, OPEN_STATUSES

complaint = Complaint.__table__
office = Office.__table__

COUNTS = ["received", "complaints", "reports", "consultations", "closed", "recovered_fen", "overdue"]


def complaints_by_office(
    conn: Connection, first_day: date, last_day: date, as_of: datetime, office_id: int | None = None
) -> pd.DataFrame:
    """Every office (the subtree of `office_id`, if given) in code order: office_code, office_name
    and the COUNTS of records received first_day..last_day (inclusive), overdue as of `as_of`;
    0 where an office received none."""
    is_case = complaint.c.kind.in_(CASE_KINDS)
    is_open = complaint.c.status.in_(OPEN_STATUSES)
    received_in_range = [
        complaint.c.received_at >= datetime.combine(first_day, time()),
        complaint.c.received_at < datetime.combine(last_day + timedelta(days=1), time()),
    ]
    offices = select(office.c.id, office.c.code, office.c.name).order_by(office.c.code)
    if office_id is not None:
        offices = offices.where(office.c.id.in_(subtree_select(office_id)))
    totals = (
        select(
            complaint.c.office_id,
            func.count().label("received"),
            func.sum(case((complaint.c.kind == "complaint", 1), else_=0)).label("complaints"),
            func.sum(case((complaint.c.kind == "report", 1), else_=0)).label("reports"),
            func.sum(case((complaint.c.kind == "consultation", 1), else_=0)).label("consultations"),
            func.sum(case((and_(is_case, complaint.c.status == "closed"), 1), else_=0)).label("closed"),
            func.coalesce(func.sum(complaint.c.recovered_fen), 0).label("recovered_fen"),
            func.sum(
                case(
                    (
                        and_(is_case, is_open, complaint.c.due_at <= as_of, complaint.c.received_at <= as_of),
                        1,
                    ),
                    else_=0,
                )
            ).label("overdue"),
        )
        .where(*received_in_range)
        .group_by(complaint.c.office_id)
        .subquery()
    )
    listed = offices.subquery()
    rows = conn.execute(
        select(listed.c.code, listed.c.name, *(col for col in totals.c if col.name != "office_id"))
        .select_from(listed.outerjoin(totals, totals.c.office_id == listed.c.id))
        .order_by(listed.c.code)
    ).all()
    frame = as_frame(rows, ["office_code", "office_name", *COUNTS])
    frame[COUNTS] = frame[COUNTS].fillna(0).astype("int64")
    return frame
