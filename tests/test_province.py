"""The province-scale generator, small: its shape, its volumes and its records' consistency."""

from datetime import datetime

from sqlalchemy import text

from sample_data.province import generate_province
from sample_data.rosters import staff_pool

NOW = datetime(2027, 3, 15, 20, 45)


def test_a_small_province_year_has_the_shape_and_the_volumes_asked_for(engine):
    summary = generate_province(engine, seed=3, today=NOW, complaints=40_000, districts=3)
    assert summary["offices"] == 1 + 3 + 30
    with engine.connect() as conn:
        one = lambda sql: conn.execute(text(sql)).scalar_one()  # noqa: E731
        stored = one("SELECT count(*) FROM complaint")
        # Requests drawn for the rest of the gala day (after 20:45) are not yet in.
        assert stored == summary["complaints"] and 39_000 < stored <= 40_000
        assert one("SELECT count(DISTINCT ticket_no) FROM complaint") == stored
        assert str(one("SELECT min(received_at) FROM complaint")) >= "2026-03-16"
        assert str(one("SELECT max(received_at) FROM complaint")) < str(NOW)
        assert (
            one(
                "SELECT count(*) FROM complaint c JOIN office o ON o.id = c.office_id WHERE o.level <> 'station'"
            )
            == 0
        )
        assert (
            one(
                "SELECT count(*) FROM complaint WHERE status = 'closed' AND (closed_at IS NULL OR closed_at < received_at OR closed_at > :now)".replace(
                    ":now", f"'{NOW}'"
                )
            )
            == 0
        )
        assert (
            one("SELECT count(*) FROM complaint WHERE channel = 'gala' AND received_at < '2027-03-15 20:00'")
            == 0
        )
        # 3·15 until 20:45 against an ordinary Monday (8 March): well above, as the gala day is.
        gala = one("SELECT count(*) FROM complaint WHERE received_at >= '2027-03-15'")
        monday = one(
            "SELECT count(*) FROM complaint WHERE received_at >= '2027-03-08' AND received_at < '2027-03-09'"
        )
        assert gala > 1.5 * monday
        # A month of rosters, sites with tallies, every handler one of the office's duty staff.
        assert one("SELECT count(DISTINCT date(start_at)) FROM shift") >= 28
        assert one("SELECT count(*) FROM site") >= 30 and one("SELECT count(*) FROM tally") > 0
        pairs = conn.execute(
            text("SELECT DISTINCT o.code, c.handler FROM complaint c JOIN office o ON o.id = c.office_id")
        ).all()
    assert all(handler in [n for n, _ in staff_pool(code)["duty"]] for code, handler in pairs)


def test_bulk_written_times_compare_like_the_orms_on_every_database(engine):
    from datetime import date

    from queries import complaints
    from queries.complaints import Filters
    from sample_data.province import write_complaints

    row = ("T1", "complaint", "hotline", datetime(2027, 3, 15), None, None, None, None, "pending")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO office (code, name, level) VALUES ('S', 'S所', 'station')"))
        office = conn.execute(text("SELECT id FROM office")).scalar_one()
    rest = (None,) * 8
    write_complaints(engine, iter([[(*row[:4], office, *row[5:], *rest)]]), None)
    with engine.connect() as conn:
        # Received at midnight exactly: inside the day that starts then.
        assert complaints.count(conn, Filters(date(2027, 3, 15), date(2027, 3, 15)), until=NOW) == 1
