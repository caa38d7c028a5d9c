"""`python -m campaign user …` and `token …`: local accounts and wall tokens, from the command line."""

from __future__ import annotations

import getpass
import secrets
import sys
from urllib.parse import urlencode

from sqlalchemy import select, update

from campaign.auth import AccountError, add_account, issue_wall_token, revoke_wall_token
from campaign.db import make_engine
from campaign.localtime import wall_now
from campaign.schema import Account, WallToken
from campaign.settings import settings
from campaign.strings import label, t
from campaign.vocabulary import code_for

DEMO_ADMIN = "admin"


def demo_admin(engine) -> str | None:
    """A demo city's administrator with a new random password, returned to be shown once; None
    when the account is already there (its password stays as it was)."""
    password = secrets.token_urlsafe(9)
    account = Account.__table__
    with engine.begin() as conn:
        if conn.execute(select(account.c.id).where(account.c.username == DEMO_ADMIN)).first():
            return None
        add_account(conn, DEMO_ADMIN, t("account_role.admin"), "admin", password, wall_now())
    return password


def wall_url(token: str) -> str:
    """The address a wall screen opens, under the public URL people reach the dashboard at."""
    return f"{settings().public_url.rstrip('/')}/wall?{urlencode({'token': token})}"


def add_parsers(commands, parser_class) -> None:
    action = t("cli.metavar.action")
    user = commands.add_parser("user", help=t("cli.help.user"), description=t("cli.help.user"))
    users = user.add_subparsers(dest="action", metavar=action, required=True, parser_class=parser_class)
    add = users.add_parser("add", help=t("cli.help.user_add"), description=t("cli.help.user_add"))
    add.add_argument("username", metavar=t("cli.metavar.username"), help=t("cli.help.username"))
    add.add_argument("--role", required=True, metavar=t("cli.metavar.role"), help=t("cli.help.role"))
    add.add_argument("--name", metavar=t("cli.metavar.name"), help=t("cli.help.name"))
    add.add_argument("--office", metavar=t("cli.metavar.office"), help=t("cli.help.account_office"))
    add.add_argument("--personal", action="store_true", help=t("cli.help.personal"))
    add.add_argument("--password-stdin", action="store_true", help=t("cli.help.password_stdin"))
    add.add_argument("--sso", action="store_true", help=t("cli.help.sso"))
    unlock = users.add_parser("unlock", help=t("cli.help.user_unlock"), description=t("cli.help.user_unlock"))
    unlock.add_argument("username", metavar=t("cli.metavar.username"), help=t("cli.help.username"))

    token = commands.add_parser("token", help=t("cli.help.token"), description=t("cli.help.token"))
    tokens = token.add_subparsers(dest="action", metavar=action, required=True, parser_class=parser_class)
    new = tokens.add_parser("add", help=t("cli.help.token_add"), description=t("cli.help.token_add"))
    new.add_argument("label", metavar=t("cli.metavar.label"), help=t("cli.help.label"))
    new.add_argument("--office", metavar=t("cli.metavar.office"), help=t("cli.help.account_office"))
    revoke = tokens.add_parser(
        "revoke", help=t("cli.help.token_revoke"), description=t("cli.help.token_revoke")
    )
    revoke.add_argument("id", type=int, metavar=t("cli.metavar.token_id"), help=t("cli.help.token_id"))
    tokens.add_parser("list", help=t("cli.help.token_list"), description=t("cli.help.token_list"))


def read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(t("auth.password_prompt"))
    if first != getpass.getpass(t("auth.password_again")):
        print(t("auth.password_mismatch"), file=sys.stderr)
        return None
    return first


def cmd_user(args) -> int:
    engine = make_engine(args.db)
    if args.action == "unlock":
        with engine.begin() as conn:
            done = conn.execute(
                update(Account.__table__)
                .where(Account.__table__.c.username == args.username)
                .values(failed_logins=0, locked_until=None)
            ).rowcount
        print(t("cli.user.unlocked" if done else "cli.user.unknown", username=args.username))
        return 0 if done else 2
    role = code_for("account_role", args.role)
    password = None if args.sso else read_password(args.password_stdin)
    if password is None and not args.sso:
        return 2
    try:
        with engine.begin() as conn:
            add_account(
                conn,
                args.username,
                args.name or args.username,
                role or "",
                password,
                wall_now(),
                office_code=args.office,
                sees_personal=args.personal,
            )
    except AccountError as error:
        print(t(str(error)), file=sys.stderr)
        return 2
    print(t("cli.user.added", username=args.username, role=label("account_role", role)))
    return 0


def cmd_token(args) -> int:
    engine = make_engine(args.db)
    table = WallToken.__table__
    with engine.begin() as conn:
        if args.action == "add":
            try:
                token = issue_wall_token(conn, args.label, wall_now(), args.office)
            except AccountError as error:
                print(t(str(error)), file=sys.stderr)
                return 2
            new_id = conn.execute(select(table.c.id).order_by(table.c.id.desc()).limit(1)).scalar()
            print(t("cli.token.added", id=new_id, label=args.label, token=token, url=wall_url(token)))
            return 0
        if args.action == "revoke":
            done = revoke_wall_token(conn, args.id, wall_now())
            print(t("cli.token.revoked" if done else "cli.token.unknown", id=args.id))
            return 0 if done else 2
        for row in conn.execute(select(table).order_by(table.c.id)):
            print(
                t(
                    "cli.token.row",
                    id=row.id,
                    label=row.label,
                    created=f"{row.created_at:%Y-%m-%d %H:%M}",
                    used=f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "—",
                    state=t("cli.token.revoked_state") if row.revoked_at else t("cli.token.active"),
                )
            )
    return 0
