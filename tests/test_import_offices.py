"""Office import on both databases: encodings, headers, all-or-nothing, idempotency, updates."""

from pathlib import Path

import pytest
from sqlalchemy import select

from campaign.importing.errors import ImportRejected
from campaign.importing.offices import OfficesImport
from campaign.importing.runner import run_import
from campaign.schema import Office
from tests.conftest import write_csv, write_xlsx

HEADER = ["单位编码", "单位名称", "上级单位编码", "层级", "经度", "纬度"]
TREE = [
    HEADER,
    ["330100", "杭州市市场监督管理局", "", "市局", "120.1551", "30.2741"],
    ["330102", "上城区市场监督管理局", "330100", "区县局", "120.1690", "30.2425"],
    ["33010201", "上城区湖滨市场监督管理所", "330102", "所", "120.1655", "30.2570"],
    ["33010202", "上城区小营市场监督管理所", "330102", "所", "", ""],
]


def offices(engine) -> list[tuple]:
    office = Office.__table__
    parent = office.alias()
    with engine.connect() as conn:
        rows = conn.execute(
            select(office.c.code, office.c.name, parent.c.code, office.c.level, office.c.lon)
            .outerjoin(parent, office.c.parent_id == parent.c.id)
            .order_by(office.c.code)
        )
        return [tuple(r) for r in rows]


def load(engine, path: Path):
    with engine.begin() as conn:
        return run_import(conn, OfficesImport(), path)


def test_gbk_tree_imports_with_parents(engine, tmp_path):
    result = load(engine, write_csv(tmp_path / "offices.csv", TREE, "gbk"))
    assert (result.rows, result.counts.inserted, result.counts.updated) == (4, 4, 0)
    assert offices(engine) == [
        ("330100", "杭州市市场监督管理局", None, "city", 120.1551),
        ("330102", "上城区市场监督管理局", "330100", "district", 120.169),
        ("33010201", "上城区湖滨市场监督管理所", "330102", "station", 120.1655),
        ("33010202", "上城区小营市场监督管理所", "330102", "station", None),
    ]


def test_top_office_is_the_one_without_a_parent(engine, tmp_path):
    from queries.reference import top_office

    with engine.connect() as conn:
        assert top_office(conn) is None
    load(engine, write_csv(tmp_path / "offices.csv", TREE))
    with engine.connect() as conn:
        assert top_office(conn)[1:] == ("330100", "杭州市市场监督管理局", "city")


def test_reimport_changes_nothing(engine, tmp_path):
    path = write_csv(tmp_path / "offices.csv", TREE, "utf-8-sig")
    load(engine, path)
    before = offices(engine)
    again = load(engine, path)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 4)
    assert offices(engine) == before


def test_english_headers_any_order_spaces_children_first(engine, tmp_path):
    rows = [
        [" level ", "office_name", "parent_code ", "office_code", "extra column"],
        ["所", "上城区湖滨市场监督管理所", "330102", "33010201", "ignored"],
        ["区县局", "上城区市场监督管理局", "330100", "330102", ""],
        ["市局", "杭州市市场监督管理局", "", "330100", ""],
    ]
    load(engine, write_xlsx(tmp_path / "offices.xlsx", rows))
    assert [r[:3] for r in offices(engine)] == [
        ("330100", "杭州市市场监督管理局", None),
        ("330102", "上城区市场监督管理局", "330100"),
        ("33010201", "上城区湖滨市场监督管理所", "330102"),
    ]


def test_newer_file_updates_and_last_row_of_a_key_wins(engine, tmp_path):
    load(engine, write_csv(tmp_path / "v1.csv", TREE))
    newer = [
        HEADER,
        ["33010202", "小营所（旧名）", "330102", "所", "", ""],
        ["33010202", "上城区小营所", "330102", "所", "120.175", "30.264"],
    ]
    result = load(engine, write_csv(tmp_path / "v2.csv", newer))
    assert (result.counts.inserted, result.counts.updated) == (0, 1)
    assert offices(engine)[-1] == ("33010202", "上城区小营所", "330102", "station", 120.175)


def test_bad_gbk_file_writes_nothing_and_names_each_row(engine, tmp_path):
    load(engine, write_csv(tmp_path / "base.csv", TREE[:2]))
    bad = [
        HEADER,
        ["330105", "拱墅区市场监督管理局", "330100", "区县局", "120.142", "30.319"],  # row 2: fine
        ["330106", "西湖区市场监督管理局", "339999", "区县局", "", ""],  # 3: unknown parent
        ["", "无编码所", "330105", "所", "", ""],  # 4: missing code
        ["33010501", "湖墅所", "330105", "街道", "", ""],  # 5: unknown level
        ["33010502", "米市巷所", "330105", "所", "30.29", "120.16"],  # 6: lon/lat swapped
        ["33010503", "杭州市市场监督管理局", "330105", "所", "", ""],  # 7: name of the city bureau
    ]
    path = write_csv(tmp_path / "bad.csv", bad, "gbk")
    with pytest.raises(ImportRejected) as rejected:
        load(engine, path)
    problems = [(p.row, p.column) for p in rejected.value.problems]
    assert problems == [
        (4, "单位编码"),
        (5, "层级"),
        (6, "经度"),
        (6, "纬度"),
    ]
    assert "bad.csv" in rejected.value.summary() and "3 行有误" in rejected.value.summary()
    assert "第 5 行，列「层级」" in rejected.value.lines()[2]
    assert [r[0] for r in offices(engine)] == ["330100"]


def test_cross_row_problems_reported_when_rows_are_each_valid(engine, tmp_path):
    load(engine, write_csv(tmp_path / "base.csv", TREE[:2]))
    bad = [
        HEADER,
        ["330106", "西湖区市场监督管理局", "339999", "区县局", "", ""],  # 2: unknown parent
        ["33010503", "杭州市市场监督管理局", "330100", "所", "", ""],  # 3: name taken by 330100
        ["A", "甲所", "B", "所", "", ""],  # 4: A -> B -> A, a cycle
        ["B", "乙所", "A", "所", "", ""],  # 5
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "bad.csv", bad))
    assert [(p.row, p.column) for p in rejected.value.problems] == [
        (2, "上级单位编码"),
        (3, "单位名称"),
        (4, "上级单位编码"),
        (5, "上级单位编码"),
    ]
    assert "330100" in rejected.value.problems[1].reason
    assert [r[0] for r in offices(engine)] == ["330100"]


def test_missing_required_column_refuses_file(engine, tmp_path):
    path = write_csv(tmp_path / "x.csv", [["单位名称", "层级"], ["甲所", "所"]])
    with pytest.raises(ImportRejected) as rejected:
        load(engine, path)
    assert "单位编码（office_code）" in rejected.value.file_reason


# A county bureau running its own centre: the top of the tree is whichever office has no parent.
COUNTY = [
    HEADER,
    ["330122", "桐庐县市场监督管理局", "", "区县局", "119.6913", "29.7933"],
    ["33012201", "桐庐县城南市场监督管理所", "330122", "所", "", ""],
    ["33012202", "桐庐县分水市场监督管理所", "330122", "所", "", ""],
]


def test_county_bureau_at_the_top_is_accepted(engine, tmp_path):
    result = load(engine, write_csv(tmp_path / "county.csv", COUNTY, "gbk"))
    assert result.counts.inserted == 3
    assert [r[:4] for r in offices(engine)] == [
        ("330122", "桐庐县市场监督管理局", None, "district"),
        ("33012201", "桐庐县城南市场监督管理所", "330122", "station"),
        ("33012202", "桐庐县分水市场监督管理所", "330122", "station"),
    ]


def test_a_grassroots_office_alone_is_a_tree_of_one(engine, tmp_path):
    load(engine, write_csv(tmp_path / "one.csv", [HEADER, ["S1", "独立所", "", "所", "", ""]]))
    assert [r[:4] for r in offices(engine)] == [("S1", "独立所", None, "station")]


def test_two_tops_in_one_file_refused_at_the_second(engine, tmp_path):
    rows = [*COUNTY, ["330127", "淳安县市场监督管理局", "", "区县局", "", ""]]  # row 5: a second top
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "two.csv", rows))
    assert [(p.row, p.column) for p in rejected.value.problems] == [(5, "上级单位编码")]
    assert "330122" in rejected.value.problems[0].reason
    assert (
        "two.csv" in rejected.value.lines()[1] and "第 5 行，列「上级单位编码」" in rejected.value.lines()[1]
    )
    assert offices(engine) == []


def test_a_top_beside_the_stored_tree_refused(engine, tmp_path):
    load(engine, write_csv(tmp_path / "city.csv", TREE))
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "county.csv", COUNTY))
    # The stored city bureau stays the top; the county's row 2 would be a second one.
    assert [(p.row, p.column) for p in rejected.value.problems] == [(2, "上级单位编码")]
    assert "330100" in rejected.value.problems[0].reason
    assert len(offices(engine)) == 4


def test_a_new_top_above_the_stored_one_is_accepted(engine, tmp_path):
    load(engine, write_csv(tmp_path / "county.csv", COUNTY))
    above = [
        HEADER,
        ["3301", "市局", "", "市局", "", ""],
        ["330122", "桐庐县市场监督管理局", "3301", "区县局", "", ""],
    ]
    load(engine, write_csv(tmp_path / "above.csv", above))
    assert [r[2] for r in offices(engine)] == [None, "3301", "330122", "330122"]


def test_county_cycle_and_unknown_parent_refused_with_row_and_column(engine, tmp_path):
    rows = [
        *COUNTY,
        ["33012203", "桐庐县富春江市场监督管理所", "33012299", "所", "", ""],  # row 5: unknown parent
        ["X1", "甲所", "X2", "所", "", ""],  # row 6: X1 -> X2 -> X1
        ["X2", "乙所", "X1", "所", "", ""],  # row 7
    ]
    with pytest.raises(ImportRejected) as rejected:
        load(engine, write_csv(tmp_path / "county.csv", rows))
    problems = rejected.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (5, "上级单位编码"),
        (6, "上级单位编码"),
        (7, "上级单位编码"),
    ]
    assert "33012299" in problems[0].reason and "循环" in problems[1].reason
    assert "county.csv" in rejected.value.lines()[1] and "第 5 行" in rejected.value.lines()[1]
    assert offices(engine) == []
