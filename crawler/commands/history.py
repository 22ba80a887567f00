"""`mobicrawl history [SITE]`: a site's runs with their readiness and counts."""
from __future__ import annotations

from ..history.db import History

NAME = "history"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="list a site's runs with their readiness and counts")
    parser.add_argument("site", nargs="?", metavar="SITE")
    parser.add_argument("--reports", default="reports", metavar="DIR", help="reports and history folder")
    parser.set_defaults(run=run)


def run(args) -> int:
    history = History(args.reports)
    try:
        rows = history.runs(args.site)
        if not rows:
            print("No runs recorded yet." if not args.site else f"No runs of {args.site} recorded.")
            return 0
        print(f"{'site':<24}{'started':<27}{'status':<13}{'pages':>6}{'findings':>10}{'ready':>7}  run folder")
        for row in rows:
            ready = f"{row['readiness']:.0%}" if row["readiness"] is not None else "-"
            print(f"{row['site']:<24}{row['started_at'] or '':<27}{row['status']:<13}{row['pages'] or 0:>6}"
                  f"{row['pages_with_findings'] or 0:>10}{ready:>7}  {row['run_dir']}")
        return 0
    finally:
        history.close()
