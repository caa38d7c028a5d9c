"""Query rows to DataFrames: the column types pandas would give, built through Arrow."""

from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from campaign.frames import as_dates, as_frame


def test_as_frame_keeps_each_columns_type():
    rows = [
        (1, "西湖所", None, date(2027, 3, 1), datetime(2027, 3, 15, 20, 45, 5), Decimal("12.50"), 2.5),
        (2, None, 7, date(2027, 3, 10), datetime(2027, 3, 15, 21, 0), Decimal("0"), 1.0),
    ]
    frame = as_frame(rows, ["id", "name", "parent", "day", "at", "money", "share"])
    assert frame["id"].tolist() == [1, 2] and frame["id"].dtype == "int64"
    assert frame["name"].iloc[0] == "西湖所" and pd.isna(frame["name"].iloc[1])
    assert pd.isna(frame["parent"].iloc[0]) and frame["parent"].iloc[1] == 7  # ints with a gap: floats
    assert frame["day"].tolist() == [date(2027, 3, 1), date(2027, 3, 10)]  # dates stay date objects
    assert frame["at"].iloc[0] == pd.Timestamp("2027-03-15 20:45:05")
    assert frame["money"].sum() == Decimal("12.50")
    assert frame["share"].tolist() == [2.5, 1.0]


def test_as_frame_mixed_column_falls_back_to_objects():
    frame = as_frame([(1, "a"), (2, 3)], ["id", "value"])
    assert frame["value"].tolist() == ["a", 3]


def test_as_frame_without_rows_has_the_columns():
    assert list(as_frame([], ["a", "b"]).columns) == ["a", "b"]


def test_as_dates_from_text_or_dates():
    parsed = as_dates(pd.Series(["2027-03-01", "2027-03-31", "2027-03-01", None], dtype=object))
    assert parsed.tolist()[:3] == [date(2027, 3, 1), date(2027, 3, 31), date(2027, 3, 1)]
    assert parsed.iloc[3] is None
    assert as_dates(pd.Series([date(2027, 3, 15)], dtype=object)).tolist() == [date(2027, 3, 15)]
