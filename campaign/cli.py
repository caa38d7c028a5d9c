"""The command line: python -m campaign init | import | export | serve | user | token.

The demo data (a city, a province, the live feed) is the demo's own command: python -m sample_data."""

from __future__ import annotations

import argparse
import os
import sys
import time
import unicodedata
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from campaign import cli_accounts
from campaign.campaigns import current_campaign
from campaign.db import make_engine
from campaign.exports.reports import REPORTS
from campaign.importing import SPECS
from campaign.importing.errors import ImportRejected
from campaign.schema import Complaint, Office
from campaign.strings import t

# argparse's own words, by their gettext message ids (Python 3.11-3.13), to catalogue keys. An id
# missing here stays English: a new Python's new wording shows up in test_every_help_is_chinese.
ARGPARSE_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "ignored explicit argument %r": "cli.argparse.ignored_argument",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "can't open '%(filename)s': %(error)s": "cli.argparse.cannot_open",
}


def argparse_words(message: str) -> str:
    key = ARGPARSE_WORDS.get(message)
    return t(key) if key else message


@contextmanager
def argparse_in_chinese():
    """argparse looks its words up through its module's `_` at the moment it writes them; swapped
    only while one of our parsers builds, parses or formats, so other argparse users (pytest) keep
    theirs."""
    english = argparse._
    argparse._ = argparse_words
    try:
        yield
    finally:
        argparse._ = english


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class HelpFormatter(argparse.HelpFormatter):
    """argparse pads its columns by characters; a Chinese character takes two columns on a
    terminal, so an option with a Chinese value name would push its help out of line."""

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocation = self._format_action_invocation(action)
            width = display_width(invocation) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action):
        text = super()._format_action(action)
        header = " " * self._current_indent + self._format_action_invocation(action)
        extra = display_width(header) - len(header)
        first, _, rest = text[len(header) :].partition("\n")
        if not (extra and text.startswith(header) and first.strip()):
            return text
        help_text = first.lstrip()
        padding = len(first) - len(help_text) - extra
        if padding >= 2:
            return f"{header}{' ' * padding}{help_text}\n{rest}"
        position = min(self._action_max_length + 2, self._max_help_position)
        return f"{header}\n{' ' * position}{help_text}\n{rest}"


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the catalogue's language: help, usage and errors."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        with argparse_in_chinese():
            super().__init__(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with argparse_in_chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with argparse_in_chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with argparse_in_chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with argparse_in_chinese():
            return super().format_help()

    def error(self, message: str):  # argparse's contract: print usage, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.usage_error", message=message) + "\n")


def listed(key: str, choices) -> str:
    return t("cli.help.choices", text=t(key), choices="、".join(sorted(choices)))


def build_parser() -> Parser:
    parser = Parser(prog="python -m campaign", description=t("cli.description"))
    parser.add_argument("--db", metavar=t("cli.metavar.url"), help=t("cli.help.db"))
    commands = parser.add_subparsers(
        dest="command", metavar=t("cli.metavar.command"), required=True, parser_class=Parser
    )
    commands.add_parser("init", help=t("cli.help.init"), description=t("cli.help.init"))
    load = commands.add_parser("import", help=t("cli.help.import"), description=t("cli.help.import"))
    load.add_argument(
        "kind", choices=sorted(SPECS), metavar=t("cli.metavar.kind"), help=listed("cli.help.kind", SPECS)
    )
    load.add_argument("file", type=Path, metavar=t("cli.metavar.file"), help=t("cli.help.file"))
    load.add_argument("--gcj02", action="store_true", help=t("cli.help.gcj02"))
    export = commands.add_parser("export", help=t("cli.help.export"), description=t("cli.help.export"))
    export.add_argument(
        "report",
        choices=sorted(REPORTS),
        metavar=t("cli.metavar.report"),
        help=listed("cli.help.report", REPORTS),
    )
    export.add_argument("-o", "--output", type=Path, metavar=t("cli.metavar.file"), help=t("cli.help.output"))
    day = t("cli.metavar.date")
    export.add_argument(
        "--from", dest="first_day", type=date.fromisoformat, metavar=day, help=t("cli.help.from")
    )
    export.add_argument("--to", dest="last_day", type=date.fromisoformat, metavar=day, help=t("cli.help.to"))
    export.add_argument("--date", type=date.fromisoformat, metavar=day, help=t("cli.help.date"))
    export.add_argument("--office", metavar=t("cli.metavar.office"), help=t("cli.help.office"))
    serve = commands.add_parser("serve", help=t("cli.help.serve"), description=t("cli.help.serve"))
    serve.add_argument(
        "--port", type=int, default=8501, metavar=t("cli.metavar.port"), help=t("cli.help.port")
    )
    serve.add_argument(
        "--address", default="127.0.0.1", metavar=t("cli.metavar.address"), help=t("cli.help.address")
    )
    serve.add_argument("--headless", action="store_true", help=t("cli.help.headless"))
    cli_accounts.add_parsers(commands, Parser)
    return parser


def progress_printer(label: str):
    last = [0.0]

    def show(done: int, total: int) -> None:
        if total < 2000:
            return
        now = time.monotonic()
        if done < total and now - last[0] < 0.5:
            return
        last[0] = now
        end = "\n" if done >= total or not sys.stderr.isatty() else "\r"
        print(
            t("import.progress", file=label, done=f"{done:,}", total=f"{total:,}"), end=end, file=sys.stderr
        )

    return show


def cmd_init(args) -> int:
    from campaign.bootstrap import initialise

    engine = make_engine(args.db)
    revision = initialise(engine)
    print(t("cli.init.done", url=engine.url.render_as_string(hide_password=True), revision=revision))
    return 0


def has_offices(engine) -> bool:
    from sqlalchemy import func, select

    from campaign.schema import Office

    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Office.__table__)).scalar_one() > 0


def cmd_import(args) -> int:
    from campaign.bootstrap import initialise
    from campaign.importing.runner import run_import

    if args.gcj02 and args.kind != "sites":
        build_parser().error(t("cli.gcj02_sites_only"))
    engine = make_engine(args.db)
    initialise(engine)
    spec = SPECS[args.kind](gcj02=True) if args.gcj02 else SPECS[args.kind]()
    try:
        with engine.begin() as conn:
            result = run_import(conn, spec, args.file, progress_printer(args.file.name))
    except ImportRejected as rejected:
        print("\n".join(rejected.lines()), file=sys.stderr)
        return 1
    print(result.message())
    return 0


def cmd_export(args) -> int:
    from campaign.bootstrap import initialise
    from campaign.exports.writing import write_report

    engine = make_engine(args.db)
    initialise(engine)
    with engine.connect() as conn:
        campaign = current_campaign(conn)
        office_id = None
        if args.office:
            office_id = conn.execute(
                select(Office.__table__.c.id).where(Office.__table__.c.code == args.office)
            ).scalar()
            if office_id is None:
                print(t("cli.unknown_office", code=args.office), file=sys.stderr)
                return 2
        frame = REPORTS[args.report](conn, campaign, args, office_id)
    write_report(frame, args.output, args.report)
    if args.output:
        print(t("cli.export.done", rows=len(frame), file=args.output))
    return 0


# A frozen clock further than this past the newest complaint shows empty screens, not a rehearsal.
FROZEN_CLOCK_SLACK = timedelta(hours=1)


def frozen_past_the_data(db: str | None) -> tuple[datetime, datetime] | None:
    """(CAMPAIGN_NOW, newest complaint) when the frozen clock is beyond the data by more than the
    slack: a database filled at 14:45 and frozen at the gala shows an empty gala night."""
    frozen = os.environ.get("CAMPAIGN_NOW")
    if not frozen:
        return None
    with make_engine(db).connect() as conn:
        newest = conn.execute(select(func.max(Complaint.__table__.c.received_at))).scalar()
    moment = datetime.fromisoformat(frozen)
    return (moment, newest) if newest is not None and moment - newest > FROZEN_CLOCK_SLACK else None


def cmd_serve(args) -> int:
    from campaign.serve import serve

    behind = frozen_past_the_data(args.db)
    if behind:
        now, newest = behind
        print(
            t("cli.serve.frozen_past_data", now=f"{now:%Y-%m-%d %H:%M}", newest=f"{newest:%Y-%m-%d %H:%M}"),
            file=sys.stderr,
            flush=True,
        )
    return serve(port=args.port, address=args.address, headless=args.headless, db=args.db)


COMMANDS = {
    "init": cmd_init,
    "import": cmd_import,
    "export": cmd_export,
    "serve": cmd_serve,
    "user": cli_accounts.cmd_user,
    "token": cli_accounts.cmd_token,
}


def run(parser: Parser, commands: dict, argv: list[str] | None) -> int:
    """Parse `argv` and run its command; a database error is one line, never a stack trace."""
    args = parser.parse_args(argv)
    try:
        return commands[args.command](args)
    except SQLAlchemyError as error:
        # The driver's message, never a stack trace; it carries no personal data.
        print(
            t("cli.db_error", detail=str(getattr(error, "orig", None) or error).splitlines()[0]),
            file=sys.stderr,
        )
        return 1


def main(argv: list[str] | None = None) -> int:
    return run(build_parser(), COMMANDS, argv)
