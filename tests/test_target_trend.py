"""One office's targets day by day: counted by hand, and the same as asking `actuals` each day."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from campaign.schema import Target
from campaign.targets import end_of
from queries.target_actuals import actuals
from queries.target_trend import trend
from tests.test_targets import city  # noqa: F401  the hand-made office, sites, requests, reports


def series(frame, conn, metric: str) -> dict[date, float]:
    target = Target.__table__
    wanted = conn.execute(select(target.c.id).where(target.c.metric == metric)).scalars().all()
    rows = frame[frame["id"].isin(wanted)]
    return dict(zip(rows["day"], rows["actual"], strict=True))


def test_a_fortnight_counted_by_hand(engine, city):  # noqa: F811
    with engine.connect() as conn:
        frame = trend(conn, city["S1"], date(2027, 3, 1), date(2027, 3, 16))
        got = {
            m: series(frame, conn, m)
            for m in (
                "events",
                "consultations",
                "complaints_closed",
                "recovered",
                "closure_rate",
                "inspections",
            )
        }
    d = lambda n: date(2027, 3, n)  # noqa: E731
    # Sites A (14th: 45 consultations by its last tally) and B (15th: 30); D began in February.
    assert [got["events"][d(n)] for n in (13, 14, 15)] == [0, 1, 2]
    assert [got["consultations"][d(n)] for n in (13, 14, 15)] == [0, 45, 75]
    # Closed cases by closing day: #4 on the 2nd, #1 on the 5th, #2 on the 10th, #6 on the 16th;
    # #7 was rejected, #5 is a consultation.
    assert [got["complaints_closed"][d(n)] for n in (1, 2, 5, 10, 15, 16)] == [0, 1, 2, 3, 3, 4]
    # 500.50 yuan on the 2nd, +1,000 on the 5th, +700 on the 16th.
    assert [got["recovered"][d(n)] for n in (1, 2, 5, 16)] == pytest.approx([0, 500.5, 1500.5, 2200.5])
    # Cases received in March by the 4th: #1, #2, #3, none closed yet; by the 15th: #1, #2, #3, #7,
    # #6 of which #1 and #2 closed (2 / 5); on the 16th #6 closes too (3 / 5).
    assert [got["closure_rate"][d(n)] for n in (4, 15, 16)] == pytest.approx([0.0, 40.0, 60.0])
    # Running totals reported on the 8th (12), the 14th (20), the 16th (31).
    assert [got["inspections"][d(n)] for n in (7, 8, 13, 14, 16)] == [0, 12, 12, 20, 31]


def test_each_day_is_what_actuals_gives_at_its_end(engine, city):  # noqa: F811
    with engine.connect() as conn:
        for code in ("S1", "S2", "S3"):
            office = city[code]
            frame = trend(conn, office, date(2027, 2, 26), date(2027, 3, 20))
            for day in (date(2027, 2, 26) + timedelta(days=k) for k in range(23)):
                found = actuals(conn, end_of(day), [office])  # a target without data is left out: 0
                ids = conn.execute(
                    select(Target.__table__.c.id).where(Target.__table__.c.office_id == office)
                )
                expected = {i: found.get(i, 0.0) for i in ids.scalars()}
                shown = frame[frame["day"] == day]
                assert dict(zip(shown["id"], shown["actual"], strict=True)) == pytest.approx(expected), (
                    code,
                    day,
                )
