"""Reading files: every encoding Excel on Chinese Windows writes, XLSX, blank rows, bad types."""

import pytest

from campaign.importing.errors import ImportFileError
from campaign.importing.reading import read_bytes

ROWS = "单位编码,单位名称\r\n330102,上城区市场监督管理局\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_are_detected(encoding):
    sheet = read_bytes(ROWS.encode(encoding), "offices.csv")
    assert sheet.headers == ["单位编码", "单位名称"]
    assert sheet.rows == [(2, ["330102", "上城区市场监督管理局"])]


def test_gb18030_beyond_gbk():
    # 䶮 is in GB18030 but not in GBK: a GBK decoder would fail, GB18030 reads it.
    data = "单位编码,单位名称\r\nX1,䶮山所\r\n".encode("gb18030")
    assert read_bytes(data, "a.csv").rows[0][1][1] == "䶮山所"


def test_blank_rows_skipped_and_row_numbers_kept():
    data = b"a,b\r\n1,2\r\n,\r\n3,4\r\n"
    assert read_bytes(data, "x.csv").rows == [(2, ["1", "2"]), (4, ["3", "4"])]


def test_xlsx_cells_keep_types(tmp_path):
    from datetime import datetime

    from tests.conftest import write_xlsx

    path = write_xlsx(
        tmp_path / "t.xlsx", [["受理编号", "登记时间"], [2027031500012345, datetime(2027, 3, 15, 20, 31)]]
    )
    sheet = read_bytes(path.read_bytes(), "t.xlsx")
    assert sheet.rows == [(2, [2027031500012345, datetime(2027, 3, 15, 20, 31)])]


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"%PDF-1.4 ...", "a.pdf"), (b"not a zip", "a.xlsx"), (b"PK\x03\x04broken", "a.xlsx")],
)
def test_unreadable_files_refused(data, name):
    with pytest.raises(ImportFileError):
        read_bytes(data, name)


def test_undecodable_csv_refused():
    with pytest.raises(ImportFileError) as error:
        read_bytes(b"\xff\xfe\x00\x81\x30\x81", "a.csv")
    assert "编码" in error.value.reason


def _workbook(build) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_hidden_first_sheet_is_skipped_for_the_first_sheet_a_person_sees():
    def build(book):
        hidden = book.active
        hidden.title, hidden.sheet_state = "草稿", "hidden"
        hidden.append(["单位编码", "单位名称"])
        hidden.append(["999", "不该导入"])
        shown = book.create_sheet("单位")
        shown.append(["单位编码", "单位名称"])
        shown.append(["330102", "上城区市场监督管理局"])

    sheet = read_bytes(_workbook(build), "offices.xlsx")
    assert sheet.rows == [(2, ["330102", "上城区市场监督管理局"])]


def test_a_formula_with_no_saved_result_is_refused_naming_its_cell():
    """openpyxl and other programs save formulas without results; read, they would pass for empty."""

    def build(book):
        book.active.append(["活动点", "服务人次"])
        book.active.append(["城南广场", 12])
        book.active.append(["城北广场", "=B2*2"])

    with pytest.raises(ImportFileError) as refused:
        read_bytes(_workbook(build), "tallies.xlsx")
    assert refused.value.key == "import.err.formula_without_value"
    assert refused.value.values == {"row": 3, "column": 2}


def test_formulas_with_saved_results_are_read_as_their_results(tmp_path):
    """Excel saves each formula's result beside it: that value is what is imported."""
    import io
    import zipfile

    def build(book):
        book.active.append(["活动点", "服务人次"])
        book.active.append(["城南广场", "=6*2"])

    data = _workbook(build)
    # Give the formula the result Excel would have saved (openpyxl writes an empty one).
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            xml = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = xml.replace(b"<f>6*2</f><v></v>", b"<f>6*2</f><v>12</v>").replace(
                    b"<f>6*2</f><v />", b"<f>6*2</f><v>12</v>"
                )
            target.writestr(item, xml)
    assert read_bytes(out.getvalue(), "tallies.xlsx").rows == [(2, ["城南广场", 12])]


def test_a_workbook_too_big_unpacked_or_too_long_is_refused_before_it_is_read_whole(monkeypatch):
    from campaign.importing import reading

    def build(book):
        book.active.append(["单位编码", "单位名称"])
        for n in range(50):
            book.active.append([f"3301{n:02d}", "所" * 200])

    data = _workbook(build)
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 10_000)  # the file unpacks to more
    with pytest.raises(ImportFileError) as refused:
        read_bytes(data, "offices.xlsx")
    assert refused.value.key == "import.err.unpacked_too_big"
    monkeypatch.setattr(reading, "MAX_UNPACKED_BYTES", 300 * 2**20)
    monkeypatch.setattr(reading, "MAX_XLSX_ROWS", 50)  # the header and 49 rows, not 50
    with pytest.raises(ImportFileError) as refused:
        read_bytes(data, "offices.xlsx")
    assert refused.value.key == "import.err.too_many_rows"
    monkeypatch.setattr(reading, "MAX_XLSX_ROWS", 51)  # exactly the limit: read
    assert len(read_bytes(data, "offices.xlsx").rows) == 50


def test_a_file_of_many_bad_rows_prints_a_screenful_and_the_count_of_the_rest():
    from campaign.importing.errors import BadRow, ImportRejected

    rejected = ImportRejected("坏.csv", [BadRow(n, "活动点", "必填") for n in range(2, 1_002)])
    lines = rejected.lines()
    assert len(lines) == 1 + 200 + 1
    assert lines[0] == "文件 坏.csv 未导入：1000 行有误，数据库未作任何改动。"
    assert lines[-1] == "……以及另外 800 处问题（未逐条列出）"
    assert len(ImportRejected("好.csv", [BadRow(2, "活动点", "必填")]).lines()) == 2
