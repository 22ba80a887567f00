"""The `mobicrawl` command line: parse, dispatch to a subcommand, map failures to exit codes."""
from __future__ import annotations

import importlib
import os
import sys

from . import __version__, exit_codes
from .browser import BrowserNotFound
from .commands.help_texts import describe
from .errors import ConfigError, CrawlFailed, HistoryUnavailable
from .options import OneLineParser, check_option_values
from .run_folder import set_file_modes

COMMANDS = ("audit", "demo", "doctor", "login", "recheck", "run_sites", "schedule", "history", "diff")


def build_parser() -> OneLineParser:
    parser = OneLineParser(
        prog="mobicrawl",
        description="Crawl a whole site and audit every page as phones see it: layout, offers, tracking pixels.")
    parser.add_argument("--version", action="version", version=f"mobicrawl {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").add_parser(subparsers)
    describe(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_option_values(args)
        set_file_modes(getattr(args, "share", False))
        code = args.run(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:
        # the reader went away (`mobicrawl diff A B | head`): stop quietly, as other command-line tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ConfigError as exc:
        print(f"mobicrawl: {exc}", file=sys.stderr)
        return exit_codes.USAGE
    except (BrowserNotFound, CrawlFailed, HistoryUnavailable) as exc:
        print(f"mobicrawl: {exc}", file=sys.stderr)
        return exit_codes.CANNOT_RUN
    except OSError as exc:  # a folder or file the run needs cannot be read or written
        print(f"mobicrawl: {os_error_text(exc)}", file=sys.stderr)
        return exit_codes.CANNOT_RUN
    except KeyboardInterrupt:
        print("mobicrawl: interrupted", file=sys.stderr)
        return exit_codes.INTERRUPTED


def os_error_text(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot use{where}: {exc.strerror or exc}"


if __name__ == "__main__":
    sys.exit(main())
