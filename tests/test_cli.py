"""The command lines as a user types them: usage errors, a refused file, init, and the demo's sample."""

import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from campaign.auth import sign_in
from campaign.db import make_engine
from campaign.localtime import wall_now
from campaign.settings import PROJECT_DIR
from tests.conftest import signed_in, write_csv


def campaign(*args: str, env: dict | None = None, module: str = "campaign") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["import", "unicorns", "x.csv"], ["export"], [], ["demo", "sample", "--seed", "seven"]],
)
def test_unknown_commands_and_bad_arguments_print_usage_and_exit_2(args):
    result = campaign(*args[1:], module="sample_data") if args[:1] == ["demo"] else campaign(*args)
    assert result.returncode == 2
    assert "用法：" in result.stderr and "参数错误" in result.stderr
    assert "usage" not in result.stderr and "invalid" not in result.stderr and "argument" not in result.stderr


# What a help text may say in Latin letters: the programme, command and choice names, and the
# names the user types or sees elsewhere (formats, settings, map datums). Everything else is Chinese.
LATIN_ALLOWED = {
    *["python", "m", "campaign", "sample_data", "h"],
    *[
        "init",
        "import",
        "export",
        "serve",
        "user",
        "token",
        "add",
        "unlock",
        "revoke",
        "list",
        "sample",
        "feed",
    ],
    *["complaints", "offices", "progress", "shifts", "sites", "tallies", "targets", "coverage", "summary"],
    *[
        "city",
        "province",
        "CSV",
        "XLSX",
        "csv",
        "xlsx",
        "URL",
        "DATABASE_URL",
        "SSO",
        "GCJ",
        "WGS",
        "public_url",
    ],
}
HELPS = [
    ("campaign", []),
    *[("campaign", [c]) for c in ("init", "import", "export", "serve", "user", "token")],
    *[("campaign", ["user", a]) for a in ("add", "unlock")],
    *[("campaign", ["token", a]) for a in ("add", "revoke", "list")],
    ("sample_data", []),
    *[("sample_data", [c]) for c in ("sample", "feed")],
]


def latin_words(text: str) -> set[str]:
    text = re.sub(r"(?<![\w-])--?[a-z][a-z0-9-]*", " ", text)  # option names: --db, -o
    text = re.sub(r"\{[^}]*\}", " ", text)  # choice lists: {city,province}
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d", " ", text)  # an example moment: 2027-03-15T20:30
    return set(re.findall(r"[A-Za-z_]+", text)) - LATIN_ALLOWED


def test_every_help_is_chinese(capsys):
    from campaign.cli import build_parser as product
    from sample_data.cli import build_parser as demo

    # One as the user runs it; the rest in this process, where they take milliseconds.
    shown = campaign("--help")
    assert shown.returncode == 0 and shown.stdout.startswith("用法：python -m campaign")
    assert latin_words(shown.stdout) == set(), shown.stdout
    for module, args in HELPS:
        with pytest.raises(SystemExit) as done:
            (product if module == "campaign" else demo)().parse_args([*args, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert "用法：" in out and "显示本帮助并退出" in out, out
        assert latin_words(out) == set(), (module, args, out)
    # The help column lines up on a terminal, where a Chinese character takes two columns.
    from campaign.cli import display_width

    with pytest.raises(SystemExit):
        product().parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    lines = {line.split()[0]: line for line in out.splitlines() if line.startswith("  -")}
    helps = (("-h,", "显示"), ("--port", "端口（"), ("--address", "监听"), ("--headless", "不自动"))
    starts = {display_width(lines[option][: lines[option].index(words)]) for option, words in helps}
    assert len(starts) == 1, out
    # argparse's own words stay English for everyone else in this process (pytest among them).
    import argparse

    assert argparse._("usage: ") == "usage: "


def test_bad_gbk_office_file_names_the_row_and_writes_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    path = write_csv(
        tmp_path / "单位.csv",
        [
            ["单位编码", "单位名称", "上级单位编码", "层级"],
            ["330100", "杭州市市场监督管理局", "", "市局"],
            ["330102", "上城区市场监督管理局", "330100", "区"],
        ],
        "gbk",
    )
    result = campaign("--db", db, "import", "offices", str(path))
    assert result.returncode == 1
    assert "文件 单位.csv 第 3 行，列「层级」：「区」不是可选值之一" in result.stderr
    assert "Traceback" not in result.stderr
    with make_engine(db).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM office")).scalar_one() == 0


def test_good_file_imports_then_reimport_changes_nothing(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    path = PROJECT_DIR / "sample_data" / "examples" / "offices.csv"
    first = campaign("--db", db, "import", "offices", str(path))
    second = campaign("--db", db, "import", "offices", str(path))
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    assert "未变 0 条" in first.stdout and "新增 0 条，更新 0 条" in second.stdout


def test_init_and_sample_on_a_fresh_file_then_every_page_renders(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from campaign.serve import ENTRY_POINT
    from campaign.settings import settings

    db = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert campaign("--db", db, "init").returncode == 0
    sample = campaign("--db", db, "sample", "--seed", "7", module="sample_data")
    assert sample.returncode == 0, sample.stderr
    assert "演示城市已生成" in sample.stdout
    monkeypatch.setenv("DATABASE_URL", db)
    settings.cache_clear()
    # The demo administrator is printed once, and can sign in with it.
    password = sample.stdout.split("密码：")[1].split("（")[0]
    with make_engine(db).begin() as conn:
        assert sign_in(conn, "admin", password, wall_now()).viewer.role == "admin"
    # Unsigned, the entry point shows the sign-in form and nothing else.
    at = AppTest.from_file(str(ENTRY_POINT), default_timeout=60).run()
    assert [e.label for e in at.text_input] == ["用户名", "密码"] and not at.markdown
    # (The form itself is driven in the browser tests: AppTest reruns skip the entry point.)
    at = signed_in(AppTest.from_file(str(ENTRY_POINT), default_timeout=60), "admin").run()
    assert not at.exception
    assert "国际消费者权益日" in at.title[0].value
    for page in ("pages/complaints.py", "pages/roster.py", "pages/overview.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert not at.error, page
    settings.cache_clear()
    assert Path(tmp_path / "fresh.db").exists()


def test_a_new_demo_moment_keeps_the_accounts_and_wall_tokens(tmp_path, capsys, monkeypatch):
    from campaign.auth import add_account, issue_wall_token, wall_viewer
    from campaign.cli_accounts import demo_admin
    from sample_data.city import generate_city
    from sample_data.cli import main as demo

    db = f"sqlite:///{tmp_path / 'kept.db'}"
    assert campaign("--db", db, "init").returncode == 0
    engine = make_engine(db)
    generate_city(engine, seed=7, today=datetime(2027, 3, 15, 14, 45))
    password = demo_admin(engine)
    now = wall_now()
    with engine.begin() as conn:
        add_account(conn, "wang", "王所长", "head", "station-head-password", now, office_code="33010201")
        token = issue_wall_token(conn, "上城区大屏", now, office_code="330102")
    office_of = "SELECT o.code FROM {} x JOIN office o ON o.id = x.office_id"
    assert demo(["--db", db, "sample", "--seed", "7", "--today", "2027-03-15T20:45"]) == 0
    printed = capsys.readouterr().out
    assert (
        "2027-03-15 20:45" in printed
        and "已有的账号和大屏令牌保持不变" in printed
        and "密码：" not in printed
    )
    with engine.begin() as conn:
        assert sign_in(conn, "admin", password, now).viewer.role == "admin"
        assert sign_in(conn, "wang", "station-head-password", now).viewer.office_id is not None
        assert wall_viewer(conn, token, now).display_name == "上城区大屏"
        # Tied again to the offices of the same codes in the new city.
        assert (
            conn.execute(text(office_of.format("account") + " WHERE x.username = 'wang'")).scalar()
            == "33010201"
        )
        assert conn.execute(text(office_of.format("wall_token"))).scalar() == "330102"
    engine.dispose()
    # serve warns when the frozen clock is more than an hour past the newest complaint (20:44).
    from campaign.cli import frozen_past_the_data

    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-15T21:40")
    assert frozen_past_the_data(db) is None
    monkeypatch.setenv("CAMPAIGN_NOW", "2027-03-15T22:00")
    assert frozen_past_the_data(db)[0] == datetime(2027, 3, 15, 22, 0)
