"""Parsers for one spreadsheet cell: text, counts, money, dates and times, choices, coordinates.

Each takes the raw cell (text from a CSV, or a typed value from XLSX) and returns the parsed
value, None for an empty cell, or raises FieldError with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from campaign.importing.errors import FieldError
from campaign.vocabulary import code_for, labels

Parser = Callable[[object], object]

EXCEL_EPOCH = datetime(1899, 12, 30)
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y.%m.%d %H:%M",
)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")
# What a cell may hold, so that no figure overflows a column, a sum or the deadline arithmetic:
# a count (people, copies, cases) at most ten million; money and targets at most a billion 元
# (ten million rows of it still sum inside a 64-bit column); dates in 2000-2099.
MAX_COUNT = 10_000_000
MAX_AMOUNT = Decimal(1_000_000_000)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Parser:
    def parse(value: object) -> str | None:
        if empty(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        result = str(value).strip()
        if len(result) > max_length:
            raise FieldError("import.err.too_long", max=max_length)
        return result

    return parse


def _decimal(value: object) -> Decimal | None:
    if empty(value):
        return None
    if isinstance(value, bool):
        raise FieldError("import.err.not_number", value=value)
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        raw = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("元", "")
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            raise FieldError("import.err.not_number", value=str(value).strip()) from None
    if not number.is_finite():  # inf, nan, and 1e400 read by Excel as inf
        raise FieldError("import.err.not_number", value=str(value).strip())
    return number


def _at_most(number: Decimal, most: Decimal | int, value: object) -> Decimal:
    if number > most:
        raise FieldError("import.err.too_large", value=str(value).strip(), max=f"{most:,}")
    return number


def count(value: object) -> int | None:
    """A non-negative whole number; thousands separators allowed."""
    number = _decimal(value)
    if number is None:
        return None
    if number < 0:
        raise FieldError("import.err.negative", value=value)
    if number != number.to_integral_value():
        raise FieldError("import.err.not_integer", value=value)
    return int(_at_most(number, MAX_COUNT, value))


PLAIN_MONEY = re.compile(r"(\d{1,15})(?:\.(\d{1,2}))?$")


def money_fen(value: object) -> int | None:
    """An amount in 元 (thousands separators allowed) as whole fen."""
    if type(value) is str and (plain := PLAIN_MONEY.match(value)):  # "1280.50": most cells, exact
        whole, cents = plain.groups()
        fen = int(whole) * 100 + (int(cents.ljust(2, "0")) if cents else 0)
        _at_most(Decimal(fen) / 100, MAX_AMOUNT, value)
        return fen
    number = _decimal(value)
    if number is None:
        return None
    if number < 0:
        raise FieldError("import.err.negative", value=value)
    return int((_at_most(number, MAX_AMOUNT, value) * 100).quantize(Decimal(1)))


def amount(value: object) -> float | None:
    """A non-negative number, such as a target or a progress value."""
    number = _decimal(value)
    if number is None:
        return None
    if number < 0:
        raise FieldError("import.err.negative", value=value)
    return float(_at_most(number, MAX_AMOUNT, value))


def _in_range(moment: datetime | None, value: object) -> datetime | None:
    if moment is not None and not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise FieldError("import.err.date_range", value=str(value).strip())
    return moment


PLAIN_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$")


def moment(value: object) -> datetime | None:
    """A local date and time in any of the accepted forms, or an Excel date cell; in 2000-2099."""
    return _in_range(_moment(value), value)


def _moment(value: object) -> datetime | None:
    if type(value) is str and PLAIN_MOMENT.match(value):  # most cells of a 12315 export, at once
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    if empty(value):
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial day numbers up to 9999-12-31
            return (EXCEL_EPOCH + timedelta(days=float(value))).replace(microsecond=0)
        raise FieldError("import.err.bad_datetime", value=value)
    raw = re.sub(r"\s+", " ", str(value).strip())
    if PLAIN_MOMENT.match(raw):  # the common form, parsed in C; anything odd takes the long way
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    for fmt in DATETIME_FORMATS:
        try:
            return datetime.strptime(raw, fmt)
        except ValueError:
            continue
    day = _parse_date_text(raw)
    if day is not None:
        return datetime.combine(day, time())
    raise FieldError("import.err.bad_datetime", value=raw)


def _parse_date_text(raw: str) -> date | None:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    return None


def day(value: object) -> date | None:
    """A local date, written as text or an Excel date cell."""
    if empty(value):
        return None
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        return moment(value).date()  # type: ignore[union-attr]
    else:
        raw = str(value).strip()
        parsed = _parse_date_text(raw) or _date_with_midnight(raw)
        if parsed is None:
            raise FieldError("import.err.bad_date", value=raw)
    return _in_range(datetime.combine(parsed, time()), value).date()  # type: ignore[union-attr]


def _date_with_midnight(raw: str) -> date | None:
    try:
        parsed = moment(raw)
    except FieldError:
        return None
    return parsed.date() if parsed and parsed.time() == time() else None


def choice(group: str) -> Parser:
    def parse(value: object) -> str | None:
        if empty(value):
            return None
        code = code_for(group, str(value))
        if code is None:
            raise FieldError(
                "import.err.bad_choice", value=str(value).strip(), choices=" / ".join(labels(group))
            )
        return code

    return parse


def bounded(low: float, high: float, reason: str) -> Parser:
    def parse(value: object) -> float | None:
        number = _decimal(value)
        if number is None:
            return None
        if not low <= number <= high:
            raise FieldError(reason, value=value)
        return float(number)

    return parse


longitude = bounded(73, 136, "import.err.lon_range")
latitude = bounded(3, 54, "import.err.lat_range")
