"""The demo's command line: python -m sample_data sample | feed. The product's own is python -m campaign;
this one only writes demo data through it, so the arrow points from the demo to the product."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from datetime import datetime

from campaign import cli_accounts
from campaign.bootstrap import initialise
from campaign.cli import Parser, has_offices, run
from campaign.db import make_engine
from campaign.strings import t


def demo_moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def build_parser() -> Parser:
    parser = Parser(prog="python -m sample_data", description=t("cli.demo_description"))
    parser.add_argument("--db", metavar=t("cli.metavar.url"), help=t("cli.help.db"))
    commands = parser.add_subparsers(
        dest="command", metavar=t("cli.metavar.command"), required=True, parser_class=Parser
    )
    sample = commands.add_parser("sample", help=t("cli.help.sample"), description=t("cli.help.sample_long"))
    number = t("cli.metavar.number")
    sample.add_argument("--seed", type=int, default=315, metavar=number, help=t("cli.help.seed"))
    sample.add_argument(
        "--today", type=demo_moment, metavar=t("cli.metavar.moment"), help=t("cli.help.today")
    )
    sample.add_argument("--if-empty", action="store_true", help=t("cli.help.if_empty"))
    sample.add_argument("--scale", choices=("city", "province"), default="city", help=t("cli.help.scale"))
    sample.add_argument(
        "--complaints", type=int, default=10_000_000, metavar=number, help=t("cli.help.complaints")
    )
    live = commands.add_parser("feed", help=t("cli.help.feed"), description=t("cli.help.feed"))
    live.add_argument(
        "--speed", type=float, default=1.0, metavar=t("cli.metavar.factor"), help=t("cli.help.speed")
    )
    live.add_argument("--seed", type=int, metavar=number, help=t("cli.help.seed"))
    live.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    return parser


def cmd_sample(args) -> int:
    from sample_data.city import generate_city

    engine = make_engine(args.db)
    initialise(engine)
    if args.if_empty and has_offices(engine):
        print(t("cli.sample.kept"))
        return 0
    started = time.monotonic()
    if args.scale == "province":
        # The benchmark starts from nothing: said before it happens, not after.
        print(t("cli.sample.province_replaces_sign_ins"), file=sys.stderr, flush=True)
        from sample_data.province import generate_province

        summary = generate_province(
            engine,
            seed=args.seed,
            today=args.today,
            complaints=args.complaints,
            progress=lambda done: print(t("cli.sample.written", done=done), file=sys.stderr, flush=True),
        )
        summary.pop("seconds")
    else:
        summary = generate_city(engine, seed=args.seed, today=args.today)
    password = cli_accounts.demo_admin(engine)
    print(
        t(
            "cli.sample.done",
            seed=args.seed,
            today=summary.pop("today"),
            summary=t("cli.sample.summary", **{k: f"{v:,}" for k, v in summary.items()}),
            seconds=time.monotonic() - started,
        )
    )
    if password is None:
        print(t("cli.sample.sign_ins_kept", username=cli_accounts.DEMO_ADMIN))
    else:
        print(t("cli.sample.admin", username=cli_accounts.DEMO_ADMIN, password=password))
    return 0


def cmd_feed(args) -> int:
    from sample_data.feed import feed

    engine = make_engine(args.db)

    def report(moment, count):
        print(t("cli.feed.tick", time=f"{moment:%Y-%m-%d %H:%M:%S}", count=count), flush=True)

    with contextlib.suppress(KeyboardInterrupt):
        feed(engine, speed=args.speed, seed=args.seed, stop_after=args.seconds, report=report)
    return 0


COMMANDS = {"sample": cmd_sample, "feed": cmd_feed}


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), COMMANDS, argv)
