"""Resolving the office a row names, by its 单位名称 or its 单位编码."""

from __future__ import annotations

from sqlalchemy import Connection, select

from campaign.importing.errors import RowError
from campaign.schema import Office


class OfficeLookup:
    def __init__(self, conn: Connection):
        office = Office.__table__
        rows = conn.execute(select(office.c.id, office.c.code, office.c.name)).all()
        self.ids = {code: id_ for id_, code, _ in rows}
        self.ids.update({name: id_ for id_, _, name in rows})

    def id_for(self, column: str, reference: str) -> int:
        try:
            return self.ids[reference]
        except KeyError:
            raise RowError(column, "import.err.unknown_office", value=reference) from None
