"""The `mobicrawl` command line: parse, dispatch to a subcommand, map failures to exit codes."""
from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .browser import BrowserNotFound
from .errors import ConfigError, CrawlFailed, HistoryUnavailable

COMMANDS = ("audit", "demo", "doctor", "recheck", "run_sites", "schedule", "history", "diff")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mobicrawl",
        description="Crawl a whole site and audit every page as phones see it: layout, offers, tracking pixels.")
    parser.add_argument("--version", action="version", version=f"mobicrawl {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfigError as exc:
        print(f"mobicrawl: {exc}", file=sys.stderr)
        return 2
    except (BrowserNotFound, CrawlFailed, HistoryUnavailable) as exc:
        print(f"mobicrawl: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("mobicrawl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
