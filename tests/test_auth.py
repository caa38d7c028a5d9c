"""Local accounts and wall tokens: hashing, lock-out, revocation, session expiry; and their CLI."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from campaign.auth import (
    AccountError,
    Viewer,
    add_account,
    issue_wall_token,
    revoke_wall_token,
    session_alive,
    sign_in,
    wall_viewer,
)
from campaign.cli import main
from campaign.schema import Account, WallToken
from campaign.settings import load_settings
from tests.conftest import add_offices

NOW = datetime(2027, 3, 15, 9, 0)
PASSWORD = "correct horse battery"


@pytest.fixture
def head(engine):
    with engine.begin() as conn:
        ids = add_offices(conn, "S1")
        add_account(conn, "zhang", "张所长", "head", PASSWORD, NOW, office_code="S1")
    return ids


def test_a_password_is_stored_as_argon2id_only(engine, head):
    with engine.connect() as conn:
        stored = conn.execute(select(Account.__table__.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_in_gives_the_viewer_scoped_to_the_office(engine, head):
    with engine.begin() as conn:
        result = sign_in(conn, "zhang", PASSWORD, NOW)
    assert result.viewer == Viewer("zhang", "张所长", "head", head["S1"], False)


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"role": "wall"}, "auth.bad_role"),  # walls sign in with tokens
        ({"role": "boss"}, "auth.bad_role"),
        ({"password": "short"}, "auth.short_password"),
        ({"username": "zhang"}, "auth.taken"),
        ({"role": "staff", "office_code": None}, "auth.office_needed"),
        ({"office_code": "NOPE"}, "auth.unknown_office"),
    ],
)
def test_accounts_that_cannot_be_made(engine, head, kwargs, reason):
    values = {
        "username": "li",
        "display_name": "李",
        "role": "staff",
        "password": PASSWORD,
        "office_code": "S1",
    }
    values.update(kwargs)
    with engine.begin() as conn, pytest.raises(AccountError, match=reason):
        add_account(conn, now=NOW, **values)


def test_five_wrong_passwords_lock_for_fifteen_minutes(engine, head):
    with engine.begin() as conn:
        refusals = [
            sign_in(conn, "zhang", "wrong password!", NOW + timedelta(seconds=i)).refusal for i in range(5)
        ]
        assert refusals == ["wrong"] * 4 + ["locked"]
        # Locked from the fifth failure (09:00:04) until 09:15:04, even with the right password.
        locked = sign_in(conn, "zhang", PASSWORD, NOW + timedelta(minutes=15, seconds=3))
        assert (locked.refusal, locked.locked_until) == ("locked", NOW + timedelta(minutes=15, seconds=4))
        assert sign_in(conn, "zhang", PASSWORD, NOW + timedelta(minutes=15, seconds=4)).viewer is not None
        # Success clears the count: four more failures do not lock.
        assert [
            sign_in(conn, "zhang", "nope nope nope", NOW + timedelta(hours=1)).refusal for _ in range(4)
        ] == ["wrong"] * 4


def test_unknown_and_disabled_accounts_are_refused(engine, head):
    with engine.begin() as conn:
        assert sign_in(conn, "nobody", PASSWORD, NOW).refusal == "unknown"
        conn.execute(update(Account.__table__).values(disabled=True))
        assert sign_in(conn, "zhang", PASSWORD, NOW).refusal == "disabled"


def test_a_wall_token_signs_in_a_wall_until_revoked(engine, head):
    with engine.begin() as conn:
        token = issue_wall_token(conn, "指挥中心主屏", NOW)
        stored = conn.execute(select(WallToken.__table__.c.token_hash)).scalar_one()
        assert len(token) >= 40 and token not in stored and len(stored) == 64
        token_id = conn.execute(select(WallToken.__table__.c.id)).scalar_one()
        viewer = wall_viewer(conn, token, NOW + timedelta(hours=1))
        assert viewer == Viewer(f"wall:{token_id}", "指挥中心主屏", "wall", None, False)
        assert conn.execute(select(WallToken.__table__.c.last_used_at)).scalar_one() == NOW + timedelta(
            hours=1
        )
        assert wall_viewer(conn, token[:-1], NOW) is None
        assert wall_viewer(conn, "", NOW) is None
        assert revoke_wall_token(conn, token_id, NOW) is True
        assert wall_viewer(conn, token, NOW) is None
        assert revoke_wall_token(conn, token_id, NOW) is False


def test_a_session_ends_when_idle_or_too_old():
    start = datetime(2027, 3, 15, 8)
    idle, longest = timedelta(minutes=30), timedelta(hours=12)
    assert session_alive(start, start + timedelta(minutes=29), start + timedelta(minutes=58), idle, longest)
    assert not session_alive(start, start, start + timedelta(minutes=30), idle, longest)
    assert not session_alive(start, start + timedelta(hours=12), start + timedelta(hours=12), idle, longest)


def test_the_cli_adds_accounts_and_manages_tokens(engine, head, capsys, monkeypatch):
    import io

    url = engine.url.render_as_string(hide_password=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert (
        main(["--db", url, "user", "add", "wang", "--role", "工作人员", "--office", "S1", "--password-stdin"])
        == 0
    )
    assert "已创建账号 wang（工作人员）" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--db", url, "user", "add", "zhao", "--role", "领导", "--password-stdin"]) == 2
    assert "密码至少 10 位" in capsys.readouterr().err
    # The wall's whole address, under the public URL (default: where `serve` listens).
    monkeypatch.delenv("CAMPAIGN_PUBLIC_URL", raising=False)
    monkeypatch.setenv("CAMPAIGN_SETTINGS", "/nonexistent/campaign.toml")
    monkeypatch.setattr("campaign.cli_accounts.settings", load_settings)  # read afresh, never cached
    assert main(["--db", url, "token", "add", "大厅屏"]) == 0
    printed = capsys.readouterr().out
    assert "大屏地址：http://127.0.0.1:8501/wall?token=" in printed
    monkeypatch.setenv("CAMPAIGN_PUBLIC_URL", "https://dp.scjg.example.gov.cn/")
    assert main(["--db", url, "token", "add", "指挥中心主屏"]) == 0
    printed = capsys.readouterr().out
    token = printed.split("大屏地址：https://dp.scjg.example.gov.cn/wall?token=")[1].strip()
    token_id = printed.split("#")[1].split("（")[0]
    with engine.begin() as conn:
        assert wall_viewer(conn, token, NOW).display_name == "指挥中心主屏"
    assert main(["--db", url, "token", "revoke", token_id]) == 0
    assert main(["--db", url, "token", "list"]) == 0
    assert "已吊销" in capsys.readouterr().out


def test_the_sso_signs_in_the_account_named_by_its_email_and_only_that(engine, head):
    from campaign.auth import sso_sign_in

    with engine.begin() as conn:
        add_account(conn, "Li.Wei@scjg.example.gov.cn", "李伟", "staff", None, NOW, office_code="S1")
        found = sso_sign_in(conn, "  li.wei@SCJG.example.gov.cn ")
        assert found.viewer == Viewer("Li.Wei@scjg.example.gov.cn", "李伟", "staff", head["S1"], False)
        assert sso_sign_in(conn, "other@scjg.example.gov.cn").refusal == "unknown"
        assert sso_sign_in(conn, None).refusal == "unknown" and sso_sign_in(conn, "").refusal == "unknown"
        # An SSO-only account has no password: the form can never sign it in.
        assert sign_in(conn, "Li.Wei@scjg.example.gov.cn", "", NOW).refusal == "unknown"
        conn.execute(update(Account.__table__).values(disabled=True))
        assert sso_sign_in(conn, "li.wei@scjg.example.gov.cn").refusal == "disabled"


class Counting:
    """The password hasher, telling `seen` of every verification (`hashes=False`: hashing fails)."""

    def __init__(self, hasher, seen, hashes: bool = True):
        self.hasher, self.seen, self.hashes = hasher, seen, hashes

    def verify(self, stored, password):
        self.seen(stored)
        return self.hasher.verify(stored, password)

    def hash(self, password):
        assert self.hashes, "a refusal verifies against the decoy; it does not hash"
        return self.hasher.hash(password)

    def check_needs_rehash(self, stored):
        return self.hasher.check_needs_rehash(stored)


def test_twenty_wrong_passwords_at_once_check_five_and_lock(engine, head, monkeypatch):
    """Sign-ins at the same moment each count: the fifth locks, the rest are not checked."""
    import threading

    import campaign.auth as auth

    checked = []
    monkeypatch.setattr(
        auth, "_hasher", Counting(auth._hasher, lambda h: h != auth._DECOY and checked.append(h))
    )
    start = threading.Barrier(20)
    refusals: list[str] = []

    def attempt(n: int) -> None:
        start.wait()
        with engine.begin() as conn:
            refusals.append(sign_in(conn, "zhang", f"wrong password {n}", NOW).refusal)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(refusals) == ["locked"] * 16 + ["wrong"] * 4
    assert len(checked) == 5  # four wrong, the fifth that locked; fifteen never reached the hash
    with engine.connect() as conn:
        row = conn.execute(select(Account.__table__)).one()
    assert row.locked_until == NOW + timedelta(minutes=15) and row.failed_logins == 5


def test_every_refusal_costs_one_password_check_whatever_its_reason(engine, head, monkeypatch):
    """Unknown, wrong, locked and disabled are not told apart by timing: each verifies once."""
    import campaign.auth as auth

    calls = []
    monkeypatch.setattr(auth, "_hasher", Counting(auth._hasher, lambda h: calls.append(h), hashes=False))
    cases = []
    with engine.begin() as conn:
        for username, password, at in [
            ("nobody", PASSWORD, NOW),
            *[("zhang", "wrong password!", NOW + timedelta(seconds=i)) for i in range(5)],
            ("zhang", PASSWORD, NOW + timedelta(minutes=1)),  # locked
        ]:
            calls.clear()
            cases.append((sign_in(conn, username, password, at).refusal, len(calls)))
        conn.execute(update(Account.__table__).values(disabled=True))
        calls.clear()
        cases.append((sign_in(conn, "zhang", PASSWORD, NOW + timedelta(hours=1)).refusal, len(calls)))
    assert cases == [
        ("unknown", 1),
        *[("wrong", 1)] * 4,
        ("locked", 1),
        ("locked", 1),
        ("disabled", 1),
    ]
