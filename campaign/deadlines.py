"""Legal time limits (限时办结制) counted in working days, and each case's deadline."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from campaign.settings import Settings


class WorkCalendar:
    """Working days: Monday to Friday, less holidays, plus make-up weekend days (调休)."""

    def __init__(self, holidays: tuple[date, ...] = (), workday_weekends: tuple[date, ...] = ()):
        self.holidays = frozenset(holidays)
        self.workday_weekends = frozenset(workday_weekends)
        self.add = lru_cache(maxsize=4096)(self._add)

    def is_workday(self, day: date) -> bool:
        if day in self.workday_weekends:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def _add(self, start: date, workdays: int) -> date:
        """The day on which `workdays` working days after `start` have passed."""
        day = start
        remaining = workdays
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                remaining -= 1
        return day


class Deadlines:
    """When an open case passes its limit: the midnight ending its last allowed working day."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.calendar = WorkCalendar(settings.holidays, settings.workday_weekends)

    def limit_days(self, kind: str, status: str) -> int | None:
        s = self.settings
        if kind == "complaint":
            # A pending complaint must be accepted or refused; once accepted, mediated. The
            # export carries no acceptance time, so the receipt time stands in for it.
            return s.complaint_accept_days if status == "pending" else s.complaint_handle_days
        if kind == "report":
            return s.report_check_days
        return None

    def due_at(self, kind: str, status: str, received_at: datetime) -> datetime | None:
        days = self.limit_days(kind, status)
        if days is None:
            return None
        last_day = self.calendar.add(received_at.date(), days)
        return datetime.combine(last_day + timedelta(days=1), time())


def rules_fingerprint(settings: Settings) -> str:
    """Changes whenever a setting that moves deadlines changes."""
    parts = (
        settings.complaint_accept_days,
        settings.complaint_handle_days,
        settings.report_check_days,
        sorted(settings.holidays),
        sorted(settings.workday_weekends),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
