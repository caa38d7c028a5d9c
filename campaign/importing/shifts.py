"""Import of duty rosters (值班表), in either layout: 日期 + 时段, or 开始时间 + 结束时间."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Connection

from campaign.importing import cells
from campaign.importing.errors import FieldError, RowError
from campaign.importing.references import OfficeLookup
from campaign.importing.runner import Column, Counts, ImportSpec, Progress, write_changes
from campaign.localtime import at_minutes, minutes_of
from campaign.schema import Shift

SPAN = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–—~至]\s*(\d{1,2}:\d{2})\s*$")


def shift_span(value: object) -> tuple[int, int] | None:
    """'08:00-16:00' -> (480, 960); '16:00-24:00' -> (960, 1440)."""
    if cells.empty(value):
        return None
    match = SPAN.match(str(value))
    try:
        if not match:
            raise ValueError(value)
        return minutes_of(match.group(1)), minutes_of(match.group(2))
    except ValueError:
        raise FieldError("import.err.bad_span", value=str(value).strip()) from None


class ShiftsImport(ImportSpec):
    kind = "shifts"
    columns = (
        Column("office", "单位", cells.text(100), required=True),
        Column("name", "姓名", cells.text(50), required=True),
        Column("role", "岗位", cells.choice("role"), required=True),
        Column("phone", "联系电话", cells.text(30)),
        Column("date", "日期", cells.day),
        Column("shift", "时段", shift_span),
        Column("start", "开始时间", cells.moment),
        Column("end", "结束时间", cells.moment),
    )

    def missing_columns(self, present: set[str]) -> list[Column]:
        missing = super().missing_columns(present)
        by_key = {c.key: c for c in self.columns}
        if not ({"date", "shift"} <= present or {"start", "end"} <= present):
            wanted = ("date", "shift") if {"date", "shift"} & present else ("start", "end")
            missing += [by_key[k] for k in wanted if k not in present]
        return missing

    def prepare(self, conn: Connection) -> None:
        self.offices = OfficeLookup(conn)

    def record(self, values: dict, conn: Connection) -> dict:
        office_id = self.offices.id_for("office", values["office"])
        start, end = self._span(values)
        return {
            "office_id": office_id,
            "person_name": values["name"],
            "role": values["role"],
            "phone": values["phone"],
            "start_at": start,
            "end_at": end,
        }

    @staticmethod
    def _span(values: dict) -> tuple[datetime, datetime]:
        if values["start"] is not None or values["end"] is not None:
            for key in ("start", "end"):
                if values[key] is None:
                    raise RowError(key, "import.err.required")
            start, end = values["start"], values["end"]
            if end <= start:
                raise RowError("end", "import.err.end_before_start")
            return start, end
        for key in ("date", "shift"):
            if values[key] is None:
                raise RowError(key, "import.err.required")
        first, last = values["shift"]
        if last <= first:
            raise RowError("shift", "import.err.span_backwards")
        return at_minutes(values["date"], first), at_minutes(values["date"], last)

    def key(self, record: dict) -> tuple:
        return (record["office_id"], record["person_name"], record["start_at"])

    def write(self, conn: Connection, records: list[dict], progress: Progress | None) -> Counts:
        return write_changes(
            conn, Shift.__table__, records, ["office_id", "person_name", "start_at"], progress
        )
