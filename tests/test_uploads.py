"""Uploads through the browser: size, type and content checked before any row; all or nothing."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from campaign.importing.complaints import ComplaintsImport
from campaign.importing.detect import detected_kind, header_row
from campaign.importing.errors import ImportRejected
from campaign.importing.offices import OfficesImport
from campaign.importing.reading import MAX_UPLOAD_MB, read_upload
from campaign.importing.runner import run_upload
from campaign.schema import Complaint, Office
from campaign.settings import PROJECT_DIR
from tests.conftest import add_offices, signed_in

OFFICES = "单位编码,单位名称,上级单位编码,层级\r\nC,市局,,市局\r\nD,区局,C,区县局\r\n".encode()


def xlsx_bytes(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refused(name: str, data: bytes) -> str:
    with pytest.raises(ImportRejected) as caught:
        read_and_import(name, data)
    return caught.value.summary()


def read_and_import(name, data):
    from campaign.importing.errors import ImportFileError

    try:
        return read_upload(data, name)
    except ImportFileError as error:
        raise ImportRejected(name, file_reason=error.reason) from None


def test_a_good_csv_and_xlsx_are_read():
    assert read_upload(OFFICES, "单位.csv").headers == ["单位编码", "单位名称", "上级单位编码", "层级"]
    sheet = read_upload(xlsx_bytes([["单位编码", "单位名称"], ["C", "市局"]]), "单位.XLSX")
    assert sheet.rows == [(2, ["C", "市局"])]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("offices.txt", OFFICES, "只能上传 .csv 或 .xlsx 文件（此文件为 txt）"),
        ("offices", OFFICES, "只能上传 .csv 或 .xlsx 文件（此文件为 —）"),
        ("payload.exe", b"MZ\x90\x00", "只能上传 .csv 或 .xlsx 文件（此文件为 exe）"),
        ("单位.xlsx", OFFICES, "扩展名是 .xlsx，内容却不是 Excel 工作簿"),
        ("单位.xlsx", b"PK\x03\x04" + b"\x00" * 40, "扩展名是 .xlsx，内容却不是 Excel 工作簿"),
        ("单位.csv", xlsx_bytes([["单位编码"]]), "扩展名是 .csv，内容却是压缩包或 Excel 工作簿"),
        ("单位.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel（.xls）"),
        ("单位.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "内容不是文本表格"),
        ("单位.csv", "单位编码\t单位名称\r\n".encode("utf-16"), "UTF-16 编码的“Unicode 文本”"),
        # Marked UTF-8 by its first bytes, then bytes of GBK (found by scripts/fuzz_imports.py).
        ("单位.csv", b"\xef\xbb\xbf" + "单位编码,单位名称".encode("gbk"), "无法识别文件编码"),
    ],
)
def test_mislabelled_files_are_refused_naming_the_file_and_why(name, data, reason):
    message = refused(name, data)
    assert message.startswith(f"文件 {name}：") and reason in message


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = OFFICES + b"x" * (MAX_UPLOAD_MB * 1024 * 1024)
    message = refused("单位.csv", big)
    assert f"超过上传上限 {MAX_UPLOAD_MB} MB" in message and "文件 50.0 MB" in message


def test_an_upload_with_a_bad_row_writes_nothing_and_lists_row_column_reason(engine):
    with engine.begin() as conn:
        add_offices(conn, "S1")
    header = "受理编号,诉求类型,来源渠道,登记时间,承办单位,处理状态\r\n"
    good = "T1,投诉,12315热线,2027-03-15 09:00,S1,已受理\r\n"
    bad = "T2,投诉,短信,2027-02-30 09:00,S1,已受理\r\nT3,投诉,12315热线,2027-03-15 10:00,S9,已受理\r\n"
    with pytest.raises(ImportRejected) as caught, engine.begin() as conn:
        run_upload(conn, ComplaintsImport(), "../../etc/诉求.csv", (header + good + bad).encode("gbk"))
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(3, "来源渠道"), (3, "登记时间"), (4, "承办单位")}
    assert caught.value.file == "诉求.csv"  # the name only, never a path the browser sent
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Complaint.__table__)).scalar() == 0
    with engine.begin() as conn:
        result = run_upload(
            conn, OfficesImport(), "单位.csv", OFFICES.replace("D,区局".encode(), "D2,新区局".encode())
        )
    assert (result.rows, result.counts.inserted) == (2, 1)  # C was there already
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Office.__table__)).scalar() == 4


def test_zip_bombs_are_not_unpacked_to_check_the_name():
    # A workbook check lists the archive's names; it never inflates the members.
    payload = io.BytesIO()
    with zipfile.ZipFile(payload, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", b"\x00" * (20 * 1024 * 1024))
    assert "不是 Excel 工作簿" in refused("单位.xlsx", payload.getvalue())


EXAMPLES = PROJECT_DIR / "sample_data" / "examples"


@pytest.mark.parametrize(
    ("file", "kind"),
    [
        ("complaints.csv", "complaints"),
        ("complaints.xlsx", "complaints"),
        ("offices.csv", "offices"),
        ("shifts.csv", "shifts"),
        ("sites.xlsx", "sites"),
        ("tallies.csv", "tallies"),  # it also names 活动点 and 承办单位, as a sites file does
        ("targets.csv", "targets"),
        ("progress.csv", "progress"),
    ],
)
def test_every_example_files_kind_is_told_by_its_header_row(file, kind):
    assert detected_kind(header_row((EXAMPLES / file).read_bytes(), file)) == kind


def test_english_headers_and_a_file_of_no_kind():
    assert (
        detected_kind(["ticket_no", "kind", "channel", "received_at", "office", " status "]) == "complaints"
    )
    assert detected_kind(["受理编号", "诉求类型"]) is None
    assert header_row(b"\x89PNG\r\n", "x.xlsx") == []


@pytest.fixture
def import_page(engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from campaign.serve import ENTRY_POINT
    from campaign.settings import settings

    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    settings.cache_clear()
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), "admin").run()
    at.switch_page("pages/imports.py").run()
    yield at
    settings.cache_clear()


def test_a_12315_file_uploaded_under_offices_is_named_for_what_it_is(import_page):
    at = import_page
    assert at.selectbox(key="upload_kind").value == "offices"
    complaints = (EXAMPLES / "complaints.csv").read_bytes()
    at.file_uploader(key="upload_file").upload("诉求.csv", complaints, "text/csv").run()
    # The kind is chosen from the header row as soon as the file is there.
    assert at.selectbox(key="upload_kind").value == "complaints"
    assert "已根据表头识别为「12315 诉求」文件。" in [c.value for c in at.caption]
    # Chosen back to 单位 by hand, the import says which kind the file is, not only what it lacks.
    at.selectbox(key="upload_kind").set_value("offices").run()
    at.button(key="upload_submit").click().run()
    assert [e.value for e in at.error] == ["该文件看起来是「12315 诉求」文件，请选择该类型"]
