"""Two hundred malformed files of every import kind, and the two hostile workbooks of the hardening
review, fed to the import in a process of their own (its memory measured): each refused by the
file or by row and column, none raising anything else, nothing written, in bounded memory and time.

On SQLite: a malformed file is refused before anything is written, by checks that are the same
code on both databases (what PostgreSQL does differently, the writing, test_import_* cover)."""

import json
import subprocess
import sys

from campaign.settings import PROJECT_DIR

FILES = 200
MEMORY_MB = 500
SECONDS_PER_FILE = 30  # the slowest file; the usual one takes a few milliseconds


def test_every_import_kind_refuses_every_malformed_file_by_row_or_by_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    files = FILES
    run = subprocess.run(
        [sys.executable, "-m", "scripts.fuzz_imports", "--database", url, "--files", str(files), "--hostile"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    kinds = [line for line in lines if line["kind"] != "hostile"]
    assert {k["kind"] for k in kinds} == {
        "offices",
        "complaints",
        "shifts",
        "sites",
        "tallies",
        "targets",
        "progress",
    }
    for kind in kinds:
        assert kind["failures"] == [], kind
        assert kind["files"] == kind["file"] + kind["row"] == files, kind
        assert kind["row"] >= files // 5 and kind["file"] >= files // 5, kind  # both kinds of refusal met
        assert kind["slowest_seconds"] < SECONDS_PER_FILE, kind
    workbooks = {line["file"]: line for line in lines if line["kind"] == "hostile"}
    assert [h["outcome"] for h in workbooks.values()] == ["file", "file"], workbooks
    assert workbooks["一百五十万行.xlsx"]["bytes"] < 2 * 2**20  # the review's was 1.8 MB
    assert all(h["seconds"] < SECONDS_PER_FILE for h in workbooks.values()), workbooks
    # What one file's check added to the process's memory (the largest: 5,000 rows of hostile cells).
    assert max(line["grown_mb"] for line in lines) < MEMORY_MB, lines
    assert run.returncode == 0, run.stdout[-2000:]
