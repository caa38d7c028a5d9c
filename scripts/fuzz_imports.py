"""Malformed files of every import kind, generated from a seed, fed to the import as an upload.

Each file carries at least one defect (a row whose required cells are too long, or a defect of the
whole file),
so each must be refused: by the file with a reason, or by row and column. A failure is any other
outcome: an exception other than the refusal (a traceback on the page), a file accepted, a row
written, a refusal naming neither the file nor a row and column. Prints one JSON line per kind
with its counts, the slowest file's seconds, and the most memory the process held while one file
was checked (peak_mb) and the most a check added to what it held before (grown_mb).

    .venv/bin/python -m scripts.fuzz_imports --database sqlite:///fuzz.db --files 200 --seed 1
"""

from __future__ import annotations

import argparse
import csv
import io
import itertools
import json
import random
import sys
import time
import zipfile
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select

from campaign.bootstrap import initialise
from campaign.db import make_engine
from campaign.importing import SPECS
from campaign.importing.errors import ImportRejected
from campaign.importing.runner import ImportSpec, run_upload
from campaign.schema import metadata

LONG = "长" * 5_000
LARGE = 5_000  # rows of each kind's last file
# Cells a careless export, a hand edit or an attacker puts in a spreadsheet.
HOSTILE: tuple[object, ...] = (
    "",
    " ",
    "abc",
    "1e400",
    "-1",
    "99999999999999999999999",
    "100,000,000,000,000,000,000",
    "inf",
    "NaN",
    "1e30",
    "2027-02-30",
    "9999-12-31 12:00",
    "0000-00-00",
    "2027-03-15 25:61",
    "24:00",
    "上午",
    "=1+1",
    '=HYPERLINK("http://x","y")',
    "<script>1</script>",
    "**粗体**",
    "\u202e反转",
    "𠀀𠀁",
    LONG,
    "投诉",
    "12315热线",
    "已办结",
    "市局",
    "2027-03-15",
    "2027-03-15 08:00",
    "120.1",
    "30.2",
    "7",
    "0",
)
XLSX_ONLY: tuple[object, ...] = (
    1e308,
    float("inf"),
    -5,
    10**30,
    True,
    datetime(1900, 1, 1),
    datetime(2027, 3, 15, 8, 0),
    datetime(2099, 12, 31, 23, 59),
    timedelta(hours=3),
    0.1,
)
FILE_DEFECTS = (
    "none",
    "drop_required",
    "duplicate_column",
    "utf16",
    "binary",
    "truncated",
    "empty",
    "hidden",
)


def malformed(spec: type[ImportSpec], rng: random.Random, size: int) -> tuple[str, bytes, str]:
    """(file name, bytes, the defect): rows of hostile cells, and one row no import may take;
    sometimes a defect of the whole file as well."""
    columns = list(spec.columns)
    rng.shuffle(columns)
    headers = [c.zh if rng.random() < 0.8 else c.key for c in columns]
    defect = rng.choice(FILE_DEFECTS) if rng.random() < 0.5 else "none"
    if defect == "drop_required":
        required = [i for i, c in enumerate(columns) if c.required]
        del headers[rng.choice(required)]
    if defect == "duplicate_column":
        headers.append(headers[0])
    xlsx = defect == "hidden" or (rng.random() < 0.25 and size <= 200)
    pool = HOSTILE + (XLSX_ONLY if xlsx else ())
    rows = [[rng.choice(pool) for _ in headers] for _ in range(size)]
    # Every required cell 5,000 characters long: too long for any text, no kind, time or number.
    too_long = [LONG if c.required else rng.choice(pool) for c in columns][: len(headers)]
    rows.insert(rng.randrange(len(rows) + 1), too_long + [""] * (len(headers) - len(too_long)))
    name = f"{spec.kind}-{rng.randrange(10**6)}.{'xlsx' if xlsx else 'csv'}"
    data = workbook(headers, rows, hidden=defect == "hidden") if xlsx else text(headers, rows, rng)
    if defect == "utf16" and not xlsx:
        data = b"\xff\xfe" + "\n".join(",".join(headers) for _ in range(2)).encode("utf-16-le")
    if defect == "binary":
        data = data[:64] + bytes(rng.randrange(256) for _ in range(256)) + data[64:]
    if defect == "truncated":
        data = data[: max(1, len(data) // rng.choice((2, 3, 7)))]
    if defect == "empty":
        data = b"" if rng.random() < 0.5 else b"\n\n,,\n"
    return name, data, defect


def text(headers: list[str], rows: list[list[object]], rng: random.Random) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([headers, *rows])
    encoding = rng.choice(("utf-8", "utf-8-sig", "gb18030", "gbk"))
    return buffer.getvalue().encode(encoding, errors="replace")


def workbook(headers: list[str], rows: list[list[object]], hidden: bool = False) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)  # streamed to the file: a quarter of the time
    if hidden:  # a decoy sheet first, hidden: the rows a person sees are on the second
        decoy = book.create_sheet("隐藏")
        decoy.append(["单位编码", "单位名称", "层级"])
        decoy.append(["HIDDEN", "隐藏单位", "市局"])
        decoy.sheet_state = "hidden"
    sheet = book.create_sheet("数据")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
OPEN_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def with_sheet(parts: Iterable[bytes]) -> bytes:
    """A workbook whose one sheet's XML is `parts`, written as they come (never whole in memory)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(workbook(["单位编码"], []))) as template:
            for item in template.infolist():
                if item.filename != SHEET:
                    archive.writestr(item, template.read(item))
        with archive.open(SHEET, "w") as sheet:
            sheet.write(OPEN_SHEET)
            for part in parts:
                sheet.write(part)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def hostile_workbooks() -> list[tuple[str, bytes]]:
    """The files of the hardening review: 1.5 million rows in 1.8 MB; one 400 MB cell in 0.4 MB."""
    many = with_sheet([b"<row><c><v>1</v></c></row>" * 1_500_000])
    megabytes = itertools.repeat(b"X" * 2**20, 400)  # one megabyte, written 400 times
    big = with_sheet(
        itertools.chain([b'<row r="1"><c r="A1" t="inlineStr"><is><t>'], megabytes, [b"</t></is></c></row>"])
    )
    return [("一百五十万行.xlsx", many), ("四百兆单元格.xlsx", big)]


def stored(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
        }


def judge(engine: Engine, spec: ImportSpec, name: str, data: bytes) -> tuple[str, float]:
    """'file' or 'row' for a refusal as it should be, else what went wrong; and the seconds taken."""
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            run_upload(conn, spec, name, data)
        outcome = "accepted"
    except ImportRejected as refusal:
        if refusal.file_reason:
            outcome = "file" if name in refusal.summary() else f"a refusal not naming {name}"
        elif refusal.problems and all(p.row >= 2 and p.column and p.reason for p in refusal.problems):
            lines = refusal.lines()
            outcome = (
                "row" if len(lines) <= 202 and name in lines[1] else "a row refusal unnamed or unbounded"
            )
        else:
            outcome = "a refusal with no reason"
    except Exception as error:  # what the page would show as a traceback
        outcome = f"{type(error).__name__}: {str(error)[:200]}"
    return outcome, time.perf_counter() - started


def memory_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith(f"{field}:"))
    return int(line.split()[1]) / 1024


def reset_peak() -> float:
    """Start measuring this process's peak memory afresh (Linux: writing 5 to clear_refs); the
    resident memory it starts from."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    return memory_mb("VmRSS")


def peak_mb() -> float:
    """This process's peak resident memory since `reset_peak`."""
    return memory_mb("VmHWM")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hostile", action="store_true", help="also the two hostile workbooks")
    args = parser.parse_args(argv)
    engine = make_engine(args.database)
    initialise(engine)
    before = stored(engine)
    failed = 0
    for kind, spec_type in SPECS.items():
        rng = random.Random(f"{args.seed}-{kind}")
        spec = spec_type()
        counts: dict[str, int] = {"file": 0, "row": 0}
        failures: list[str] = []
        slowest = 0.0
        peak = grown = checking = 0.0
        for n in range(args.files):
            # Mostly a screenful of rows; the last file large (a day of a province's 12315).
            size = LARGE if n == args.files - 1 else rng.choice((1, 3, 10, 30, 100))
            name, data, defect = malformed(spec_type, rng, size)
            start = reset_peak()
            outcome, seconds = judge(engine, spec, name, data)
            slowest, peak, grown = max(slowest, seconds), max(peak, peak_mb()), max(grown, peak_mb() - start)
            checking += seconds
            if outcome in counts:
                counts[outcome] += 1
            else:
                failures.append(f"{name} ({defect}, {len(data):,} bytes): {outcome}")
        if stored(engine) != before:
            failures.append(f"rows written: {stored(engine)} after {before}")
        failed += len(failures)
        print(
            json.dumps(
                {
                    "kind": kind,
                    "files": args.files,
                    **counts,
                    "failures": failures[:20],
                    "slowest_seconds": round(slowest, 2),
                    "checking_seconds": round(checking, 1),
                    "peak_mb": round(peak),
                    "grown_mb": round(grown),
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
    if args.hostile:
        for name, data in hostile_workbooks():
            start = reset_peak()
            outcome, seconds = judge(engine, SPECS["offices"](), name, data)
            failed += outcome != "file"
            print(
                json.dumps(
                    {
                        "kind": "hostile",
                        "file": name,
                        "bytes": len(data),
                        "outcome": outcome,
                        "seconds": round(seconds, 2),
                        "peak_mb": round(peak_mb()),
                        "grown_mb": round(peak_mb() - start),
                    },
                    ensure_ascii=False,
                ),
                flush=True,
            )
    engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
