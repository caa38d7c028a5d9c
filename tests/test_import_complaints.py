"""12315 import: every format variant in a GBK file, updates by a newer export, refused files."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from campaign.importing.complaints import ComplaintsImport
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import run_import
from campaign.schema import Complaint
from tests.conftest import add_offices, write_csv, write_xlsx

HEADER = [
    "受理编号",
    "诉求类型",
    "来源渠道",
    "登记时间",
    "承办单位",
    "商品服务类别",
    "涉及金额",
    "处理状态",
    "办结时间",
    "处理结果",
    "挽回经济损失",
    "消费者姓名",
    "联系电话",
    "活动点",
]


def stored(engine) -> dict[str, dict]:
    c = Complaint.__table__
    with engine.connect() as conn:
        return {r.ticket_no: dict(r._mapping) for r in conn.execute(select(c))}


def load(engine, path):
    with engine.begin() as conn:
        return run_import(conn, ComplaintsImport(), path)


@pytest.fixture
def offices(engine):
    with engine.begin() as conn:
        return add_offices(conn, "S1", "S2")


def test_gbk_file_with_every_format_variant(engine, offices, tmp_path):
    rows = [
        HEADER,
        # Office by name, seconds, thousands separators, closed with outcome and money.
        [
            "2027031500000001",
            "投诉",
            "12315热线",
            "2027-03-15 20:31:05",
            "S1所",
            "预付式消费",
            "12,345.60",
            "已办结",
            "2027-03-16 09:00",
            "调解成功",
            "1,000",
            "王丽",
            "13812345678",
            "",
        ],
        # Office by code, no seconds, slashes and single-digit month.
        [
            "2027031500000002",
            "举报",
            "晚会转办",
            "2027/3/15 20:31",
            "S2",
            "",
            "",
            "待受理",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
        # English-coded values and an activity site.
        [
            "2027031500000003",
            "consultation",
            "onsite",
            "2027-03-15 10:00",
            "S2所",
            "食品",
            "",
            "closed",
            "2027-03-15 10:05",
            "",
            "",
            "",
            "",
            "湖滨步行街宣传咨询服务点",
        ],
    ]
    result = load(engine, write_csv(tmp_path / "12315.csv", rows, "gbk"))
    assert result.counts.inserted == 3
    got = stored(engine)
    first = got["2027031500000001"]
    assert (first["received_at"], first["amount_fen"], first["recovered_fen"]) == (
        datetime(2027, 3, 15, 20, 31, 5),
        1234560,
        100000,
    )
    assert (first["status"], first["outcome"], first["office_id"]) == ("closed", "mediated", offices["S1"])
    second = got["2027031500000002"]
    assert (second["kind"], second["channel"], second["received_at"], second["office_id"]) == (
        "report",
        "gala",
        datetime(2027, 3, 15, 20, 31),
        offices["S2"],
    )
    # A report must be checked within 15 working days: Mon 15 March + 15 -> Mon 5 April; due 6 April 00:00.
    assert second["due_at"] == datetime(2027, 4, 6)
    assert got["2027031500000003"]["site_name"] == "湖滨步行街宣传咨询服务点"
    assert got["2027031500000003"]["due_at"] is None


def test_xlsx_excel_dates_and_long_ticket_numbers(engine, offices, tmp_path):
    rows = [
        HEADER,
        [
            2027031500012345,
            "投诉",
            "12315平台",
            datetime(2027, 3, 15, 8, 5),
            "S1",
            None,
            99.5,
            "办理中",
            None,
            None,
            None,
            None,
            None,
            None,
        ],
    ]
    load(engine, write_xlsx(tmp_path / "x.xlsx", rows))
    record = stored(engine)["2027031500012345"]
    assert (record["received_at"], record["amount_fen"], record["status"]) == (
        datetime(2027, 3, 15, 8, 5),
        9950,
        "handling",
    )


def test_newer_export_updates_status_closure_outcome_and_money(engine, offices, tmp_path):
    old = [
        HEADER,
        ["T1", "投诉", "12315热线", "2027-03-15 09:00", "S1", "", "800", "办理中", "", "", "", "", "", ""],
    ]
    new = [
        HEADER,
        [
            "T1",
            "投诉",
            "12315热线",
            "2027-03-15 09:00",
            "S1",
            "",
            "800",
            "已办结",
            "2027-03-18 16:00",
            "调解成功",
            "650.5",
            "",
            "",
            "",
        ],
    ]
    load(engine, write_csv(tmp_path / "old.csv", old))
    result = load(engine, write_csv(tmp_path / "new.csv", new))
    assert (result.counts.inserted, result.counts.updated) == (0, 1)
    record = stored(engine)["T1"]
    assert (record["status"], record["closed_at"], record["outcome"], record["recovered_fen"]) == (
        "closed",
        datetime(2027, 3, 18, 16, 0),
        "mediated",
        65050,
    )
    again = load(engine, write_csv(tmp_path / "new2.csv", new))
    assert (again.counts.updated, again.counts.unchanged) == (0, 1)


def test_refused_file_lists_every_bad_row_and_changes_nothing(engine, offices, tmp_path):
    load(
        engine,
        write_csv(
            tmp_path / "ok.csv",
            [
                HEADER,
                [
                    "T0",
                    "投诉",
                    "12315热线",
                    "2027-03-14 09:00",
                    "S1",
                    "",
                    "",
                    "待受理",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
        ),
    )
    before = stored(engine)
    ok = ["T9", "投诉", "12315热线", "2027-03-15 09:00", "S1", "", "", "待受理", "", "", "", "", "", ""]
    bad = [
        HEADER,
        ok,  # 2: fine
        ["T2", "投诉", "12315热线", "2027-02-30 09:00", "S1", "", "", "待受理", "", "", "", "", "", ""],
        ["T3", "投诉", "12315热线", "2027-03-15 09:00", "不存在所", "", "", "待受理", "", "", "", "", "", ""],
        ["T4", "表扬", "传真", "2027-03-15 09:00", "S1", "", "", "结案", "", "", "", "", "", ""],
        ["", "投诉", "12315热线", "2027-03-15 09:00", "S1", "", "", "待受理", "", "", "", "", "", ""],
        ["T6", "投诉", "12315热线", "2027-03-15 09:00", "S1", "", "", "已办结", "", "", "", "", "", ""],
        [
            "T7",
            "投诉",
            "12315热线",
            "2027-03-15 09:00",
            "S1",
            "",
            "-5",
            "已办结",
            "2027-03-14 09:00",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "bad.csv", bad, "gbk"))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (3, "登记时间"),
        (4, "承办单位"),
        (5, "诉求类型"),
        (5, "来源渠道"),
        (5, "处理状态"),
        (6, "受理编号"),
        (7, "办结时间"),
        (8, "涉及金额"),
    ]
    reasons = [p.reason for p in rejected.value.problems]
    assert "找不到单位「不存在所」" in reasons[1] and "必填" in reasons[5] and "已办结" in reasons[6]
    assert stored(engine) == before


def test_the_optional_handler_column_is_read_in_chinese_or_english_and_files_without_it_still_import(
    engine, offices, tmp_path
):
    row = ["2027031500000009", "投诉", "12315热线", "2027-03-15 09:00", "S1", "", "", "已受理", "", "", ""]
    base = HEADER[:11]
    load(engine, write_csv(tmp_path / "with.csv", [[*base, " 承办人 "], [*row, "李四"]], "gbk"))
    assert stored(engine)["2027031500000009"]["handler"] == "李四"
    load(engine, write_csv(tmp_path / "english.csv", [[*base, "handler"], [*row, "王五"]]))
    assert stored(engine)["2027031500000009"]["handler"] == "王五"
    # A file without the column is the contract as before: the case keeps no handler.
    row[0] = "2027031500000010"
    load(engine, write_csv(tmp_path / "without.csv", [base, row]))
    assert stored(engine)["2027031500000010"]["handler"] is None


def test_a_large_export_is_written_in_bulk_counted_and_rolled_up(engine, offices, tmp_path):
    """2,500 rows: on PostgreSQL past runner.STAGE_FROM, so COPY and one upsert; the same counts on both."""
    from campaign.importing.runner import STAGE_FROM
    from campaign.schema import RollupHour

    def rows(closed: set[int]) -> list[list[str]]:
        return [HEADER] + [
            [
                f"T{n:05d}",
                "投诉",
                "12315热线",
                f"2027-03-{1 + n % 14:02d} {8 + n % 12:02d}:{n % 60:02d}",
                "S1",
                "食品",
                "",
                "已办结" if n in closed else "待受理",
                f"2027-03-{1 + n % 14:02d} 23:00" if n in closed else "",
                "调解成功" if n in closed else "",
                "",
                "",
                "",
                "",
            ]
            for n in range(2500)
        ]

    assert STAGE_FROM < 2500
    first = load(engine, write_csv(tmp_path / "a.csv", rows(set())))
    assert (first.counts.inserted, first.counts.updated, first.counts.unchanged) == (2500, 0, 0)
    second = load(engine, write_csv(tmp_path / "b.csv", rows(set(range(0, 2500, 25)))))
    assert (second.counts.inserted, second.counts.updated, second.counts.unchanged) == (0, 100, 2400)
    saved = stored(engine)
    assert len(saved) == 2500
    assert saved["T00025"]["status"] == "closed" and saved["T00026"]["status"] == "pending"
    assert saved["T00025"]["closed_at"] == datetime(2027, 3, 12, 23, 0)
    hourly = RollupHour.__table__
    with engine.connect() as conn:
        received, closed, mediated = conn.execute(
            select(hourly.c.received, hourly.c.closed, hourly.c.mediated).where(
                hourly.c.hour == datetime(2027, 3, 1, 8)
            )
        ).one()
        totals = conn.execute(select(func.sum(hourly.c.received), func.sum(hourly.c.closed))).one()
    # Hour 2027-03-01 08:00 holds n with n % 14 == 0 and n % 12 == 0: n = 0, 84, 168, ... (every 84th)
    assert received == len(range(0, 2500, 84))
    assert closed == mediated == len([n for n in range(0, 2500, 84) if n % 25 == 0])
    assert tuple(totals) == (2500, 100)


def test_figures_beyond_any_column_are_refused_by_row_and_column_not_a_traceback(engine, offices, tmp_path):
    """Issue 20: 1e30 元, 100,000,000,000,000,000,000 元 and a 9999-12-31 registration crashed the
    import (decimal.InvalidOperation, date arithmetic, PostgreSQL's bigint); now each is a row error."""

    def row(ticket, received, amount):
        return [ticket, "投诉", "12315热线", received, "S1", "", amount, "待受理", "", "", "", "", "", ""]

    with pytest.raises(ImportRejected) as rejected:
        load(
            engine,
            write_csv(
                tmp_path / "huge.csv",
                [
                    HEADER,
                    row("T1", "2027-03-15 09:00", "1e30"),
                    row("T2", "2027-03-15 09:00", "100,000,000,000,000,000,000"),
                    row("T3", "9999-12-31 12:00", ""),
                    row("T4", "2027-03-15 09:00", "1,000,000,000.00"),  # the largest allowed: fine
                ],
            ),
        )
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "涉及金额"),
        (3, "涉及金额"),
        (4, "登记时间"),
    ]
    assert "超出允许范围" in rejected.value.problems[0].reason
    assert "2000 年至 2099 年" in rejected.value.problems[2].reason
    assert stored(engine) == {}
