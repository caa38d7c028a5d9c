"""The drill-down table of cases behind the complaint screen's filters, paginated in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, and_, select

from campaign.frames import as_frame
from campaign.privacy import mask_name, mask_phone
from campaign.schema import Complaint, Office
from campaign.vocabulary import OPEN_STATUSES
from queries.complaints import Filters, count, where

complaint = Complaint.__table__
office = Office.__table__

COLUMNS = [
    "ticket_no",
    "kind",
    "channel",
    "received_at",
    "office",
    "category",
    "business",
    "amount_fen",
    "status",
    "closed_at",
    "outcome",
    "recovered_fen",
    "consumer_name",
    "consumer_phone",
    "site_name",
    "handler",
    "overdue",
]


def count_cases(conn: Connection, f: Filters, until: datetime) -> int:
    return count(conn, f, until=until)


def _case_columns(office_column) -> list:
    """A case's columns as the 12315 export lists them, its office given as `office_column`."""
    c = complaint.c
    return [
        *(c.ticket_no, c.kind, c.channel, c.received_at),
        office_column,
        *(c.category, c.business, c.amount_fen, c.status, c.closed_at, c.outcome, c.recovered_fen),
        *(c.consumer_name, c.consumer_phone, c.site_name, c.handler),
    ]


def cases_page(
    conn: Connection, f: Filters, until: datetime, page: int = 1, page_size: int = 50, unmask: bool = False
) -> pd.DataFrame:
    """One page of cases, newest first; names and phones masked unless `unmask`."""
    overdue = and_(complaint.c.status.in_(OPEN_STATUSES), complaint.c.due_at <= until)
    query = (
        select(
            *_case_columns(office.c.name.label("office")),
            overdue.label("overdue"),
        )
        .select_from(complaint.join(office, office.c.id == complaint.c.office_id))
        .where(*where(f, until))
        .order_by(complaint.c.received_at.desc(), complaint.c.ticket_no.desc())
        .limit(page_size)
        .offset((max(page, 1) - 1) * page_size)
    )
    frame = as_frame(conn.execute(query).all(), COLUMNS)
    frame["overdue"] = frame["overdue"].fillna(False).astype(bool)
    if not unmask:
        frame["consumer_name"] = frame["consumer_name"].map(mask_name)
        frame["consumer_phone"] = frame["consumer_phone"].map(mask_phone)
    return frame


def all_cases(
    conn: Connection, f: Filters, until: datetime, unmask: bool = False, page_size: int = 5000
) -> Iterator[pd.DataFrame]:
    """Every case behind the filters, page by page, for an export."""
    page = 1
    while True:
        frame = cases_page(conn, f, until, page, page_size, unmask)
        if frame.empty:
            return
        yield frame
        page += 1


def stored_requests(conn: Connection, limit: int) -> list:
    """The first `limit` requests as stored, oldest written first, with their office's code: the
    rows a 12315 file holding them would carry (ticket, kind, channel, received, office code,
    category, business, amount, status, closed, outcome, recovered, name, phone, site, handler)."""
    return conn.execute(
        select(*_case_columns(office.c.code))
        .select_from(complaint.join(office, office.c.id == complaint.c.office_id))
        .order_by(complaint.c.id)
        .limit(limit)
    ).all()
