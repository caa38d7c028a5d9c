"""Cell parsers: every date, money and count form formats.md accepts, and what they refuse."""

from datetime import date, datetime

import pytest

from campaign.importing import cells
from campaign.importing.errors import FieldError


@pytest.mark.parametrize(
    "raw",
    [
        "2027-03-15 20:31:05",
        "2027-03-15 20:31",
        "2027/3/15 20:31",
        "2027/03/15 20:31:05",
        " 2027-03-15  20:31 ",
    ],
)
def test_moment_accepts_every_listed_form(raw):
    parsed = cells.moment(raw)
    assert parsed.replace(second=0) == datetime(2027, 3, 15, 20, 31)


def test_moment_takes_excel_cells_and_serials():
    assert cells.moment(datetime(2027, 3, 15, 20, 31, 5, 400)) == datetime(2027, 3, 15, 20, 31, 5)
    assert cells.moment(date(2027, 3, 15)) == datetime(2027, 3, 15)
    # Excel serial 46461 is 2027-03-15 (days since 1899-12-30); .5 is noon.
    assert cells.moment(46461.5) == datetime(2027, 3, 15, 12, 0)


@pytest.mark.parametrize(
    "raw", ["2027-02-30 10:00", "2027-13-01 10:00", "15/03/2027", "明天", "2027-03-15 25:00"]
)
def test_moment_refuses_impossible_or_unknown(raw):
    with pytest.raises(FieldError) as error:
        cells.moment(raw)
    assert "不是有效的日期时间" in error.value.reason


def test_day_forms():
    assert cells.day("2027/3/1") == date(2027, 3, 1)
    assert cells.day("2027年3月20日") == date(2027, 3, 20)
    assert cells.day(datetime(2027, 3, 20, 0, 0)) == date(2027, 3, 20)
    with pytest.raises(FieldError):
        cells.day("2027-02-29")  # 2027 is not a leap year


def test_money_in_fen_with_separators():
    assert cells.money_fen("1,234.56") == 123456
    assert cells.money_fen("12,000") == 1200000
    assert cells.money_fen(99.9) == 9990
    assert cells.money_fen("") is None
    with pytest.raises(FieldError) as error:
        cells.money_fen("-5")
    assert "负数" in error.value.reason


def test_counts_whole_and_non_negative():
    assert cells.count("125,000") == 125000
    assert cells.count(622.0) == 622
    for bad in ("1.5", "-1", "abc"):
        with pytest.raises(FieldError):
            cells.count(bad)


def test_text_keeps_long_numbers_exact():
    # A 16-digit ticket number read from XLSX as an int must not become a float.
    assert cells.text(40)(2027031500012345) == "2027031500012345"
    assert cells.text(40)(" 2027031500012345 ") == "2027031500012345"


def test_choice_by_label_or_code():
    parse = cells.choice("kind")
    assert parse("投诉") == "complaint"
    assert parse("report") == "report"
    with pytest.raises(FieldError) as error:
        parse("表扬")
    assert "投诉 / 举报 / 咨询" in error.value.reason


def test_coordinates_inside_china():
    assert cells.longitude("120.1551") == pytest.approx(120.1551)
    with pytest.raises(FieldError):
        cells.latitude("120.1")  # longitude typed into the latitude column


@pytest.mark.parametrize(
    ("parser", "value", "reason"),
    [
        # Issue 20's findings: each crashed the import (or was stored as Infinity) before.
        (cells.count, "99999999999999999999999", "import.err.too_large"),
        (cells.count, 10_000_001, "import.err.too_large"),
        (cells.money_fen, "1e30", "import.err.too_large"),
        (cells.money_fen, "100,000,000,000,000,000,000", "import.err.too_large"),
        (cells.money_fen, "1000000000.01", "import.err.too_large"),
        (cells.amount, "1e400", "import.err.too_large"),
        (cells.amount, "1e999", "import.err.too_large"),
        (cells.amount, float("inf"), "import.err.not_number"),
        (cells.amount, float("nan"), "import.err.not_number"),
        (cells.moment, "9999-12-31 12:00", "import.err.date_range"),
        (cells.moment, "1999-12-31 23:59", "import.err.date_range"),
        (cells.moment, 2958465, "import.err.date_range"),  # Excel's 9999-12-31
        (cells.day, "2100-01-01", "import.err.date_range"),
        (cells.day, date(1900, 1, 1), "import.err.date_range"),
    ],
)
def test_numbers_and_dates_out_of_range_are_refused_with_a_reason(parser, value, reason):
    with pytest.raises(FieldError) as refused:
        parser(value)
    assert refused.value.key == reason


def test_the_largest_and_smallest_allowed_values_pass():
    assert cells.count("10,000,000") == 10_000_000 and cells.count(0) == 0
    assert (
        cells.money_fen("1000000000") == 100_000_000_000
        and cells.money_fen("1,000,000,000.00") == 100_000_000_000
    )
    assert cells.amount("1000000000") == 1e9
    assert cells.moment("2000-01-01 00:00") == datetime(2000, 1, 1)
    assert cells.moment("2099-12-31 23:59:59") == datetime(2099, 12, 31, 23, 59, 59)
    assert cells.day("2099-12-31") == date(2099, 12, 31)
