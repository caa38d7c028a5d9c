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
