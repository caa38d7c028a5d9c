"""The command line: python -m campaign init | import | export | serve | user | token.

The demo data (a city, a province, the live feed) is the demo's own command: python -m sample_data."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from campaign import cli_accounts
from campaign.campaigns import current_campaign
from campaign.db import make_engine
from campaign.exports.reports import REPORTS
from campaign.importing import SPECS
from campaign.importing.errors import ImportRejected
from campaign.schema import Office
from campaign.strings import t


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's contract: print usage, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.usage_error", message=message) + "\n")


def build_parser() -> Parser:
    parser = Parser(prog="python -m campaign", description=t("cli.description"))
    parser.add_argument("--db", help=t("cli.help.db"))
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    commands.add_parser("init", help=t("cli.help.init"))
    load = commands.add_parser("import", help=t("cli.help.import"))
    load.add_argument("kind", choices=sorted(SPECS), help=t("cli.help.kind"))
    load.add_argument("file", type=Path, help=t("cli.help.file"))
    load.add_argument("--gcj02", action="store_true", help=t("cli.help.gcj02"))
    export = commands.add_parser("export", help=t("cli.help.export"))
    export.add_argument("report", choices=sorted(REPORTS), help=t("cli.help.report"))
    export.add_argument("-o", "--output", type=Path, help=t("cli.help.output"))
    export.add_argument("--from", dest="first_day", type=date.fromisoformat, help=t("cli.help.from"))
    export.add_argument("--to", dest="last_day", type=date.fromisoformat, help=t("cli.help.to"))
    export.add_argument("--date", type=date.fromisoformat, help=t("cli.help.date"))
    export.add_argument("--office", help=t("cli.help.office"))
    serve = commands.add_parser("serve", help=t("cli.help.serve"))
    serve.add_argument("--port", type=int, default=8501)
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--headless", action="store_true")
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


def cmd_serve(args) -> int:
    from campaign.serve import serve

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
