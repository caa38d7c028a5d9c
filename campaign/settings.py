"""Settings: defaults, overridden by an optional TOML file and by environment variables."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path = PROJECT_DIR / "data"
    database_url: str = ""
    # A PostgreSQL read replica for the screens' figures (DATABASE_READ_URL); writes (sign-in,
    # audit, imports) always go to `database_url`. Empty: read the primary too.
    database_read_url: str = ""
    # Legal time limits, in working days (限时办结制).
    complaint_accept_days: int = 7
    complaint_handle_days: int = 45
    report_check_days: int = 15
    # Public holidays (not working days) and make-up working weekend days (调休上班).
    holidays: tuple[date, ...] = ()
    workday_weekends: tuple[date, ...] = ()
    # The campaign that `init` creates when none exists; month-day pairs in the campaign year.
    campaign_theme: str = "品质消费 美好生活"
    campaign_first_day: tuple[int, int] = (3, 1)
    campaign_last_day: tuple[int, int] = (3, 31)
    duty_first_day: tuple[int, int] = (3, 10)
    duty_last_day: tuple[int, int] = (3, 20)
    duty_start: str = "08:00"
    duty_end: str = "24:00"
    min_on_duty: int = 1
    gala_day: tuple[int, int] = (3, 15)
    gala_start: str = "20:00"
    gala_end: str = "22:30"
    refresh_seconds: int = 30
    # Where people reach the dashboard (CAMPAIGN_PUBLIC_URL): the wall addresses the CLI prints.
    public_url: str = "http://127.0.0.1:8501"
    # The wall screen's playlist and schedule: the [wall] table, read by campaign.wall.
    wall: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'campaign.db'}"

    @property
    def read_url(self) -> str:
        return self.database_read_url or self.url


def _coerce(name: str, value: object) -> object:
    if name in ("holidays", "workday_weekends"):
        return tuple(date.fromisoformat(str(v)) for v in value)  # type: ignore[union-attr]
    if name.endswith("_day") and isinstance(value, list | str):
        month, day = (int(p) for p in (value.split("-") if isinstance(value, str) else value))
        return (month, day)
    if name == "data_dir":
        return Path(str(value))
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Defaults, then the TOML file (CAMPAIGN_SETTINGS or ./campaign.toml), then DATABASE_URL,
    DATABASE_READ_URL and CAMPAIGN_PUBLIC_URL."""
    settings = Settings()
    path = path or Path(os.environ.get("CAMPAIGN_SETTINGS", PROJECT_DIR / "campaign.toml"))
    if path.exists():
        known = {f.name for f in fields(Settings)}
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        values = {k: _coerce(k, v) for k, v in raw.items() if k in known}
        extra = {k: v for k, v in raw.items() if k not in known}
        settings = replace(settings, **values, extra=extra)
    if os.environ.get("CAMPAIGN_DATA_DIR"):
        settings = replace(settings, data_dir=Path(os.environ["CAMPAIGN_DATA_DIR"]))
    if os.environ.get("DATABASE_URL"):
        settings = replace(settings, database_url=os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_READ_URL"):
        settings = replace(settings, database_read_url=os.environ["DATABASE_READ_URL"])
    if os.environ.get("CAMPAIGN_PUBLIC_URL"):
        settings = replace(settings, public_url=os.environ["CAMPAIGN_PUBLIC_URL"])
    return settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()
