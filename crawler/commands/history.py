"""`mobicrawl history [SITE]`: a site's runs with their readiness and counts."""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..runfiles import read_report, write_atomic
from ..run_folder import close_if_abandoned

NAME = "history"
START_RECORDING = ("No history at {where} yet. Record runs with `mobicrawl run SITES_DIR --reports DIR` (history in "
                   "DIR, or --history URL), or one audit with `mobicrawl audit URL --history DIR_OR_URL`.")


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="list a site's runs with their readiness and counts")
    parser.add_argument("site", nargs="?", metavar="SITE")
    parser.add_argument("--reports", default="reports", metavar="DIR", help="reports and history folder")
    add_history_option(parser)
    parser.add_argument("--html", metavar="FILE", nargs="?", const="",
                        help="write SITE's trend page (readiness and pixel coverage over its last 30 runs; "
                             "default file: REPORTS/SITE/trend.html)")
    parser.set_defaults(run=run)


def add_history_option(parser) -> None:
    parser.add_argument("--history", metavar="URL_OR_DIR",
                        help="the history database: a URL (postgresql://user@host/db) or a folder for history.sqlite "
                             "(default: the reports folder, or [history] url in a site config)")


def run(args) -> int:
    from ..history.db import NoHistory, open_history  # SQLAlchemy: not loaded by the commands that import this module

    where = args.history or args.reports
    if args.html is not None and not args.site:
        raise ConfigError("--html draws one site's trend: give the SITE")
    try:
        with open_history(where, create=False) as history:
            for row in history.runs(args.site):
                if row["status"] == "running" and close_if_abandoned(Path(row["run_dir"])):
                    history.finish_run(row["id"], read_report(Path(row["run_dir"])))
            rows = history.runs(args.site)
    except NoHistory as missing:
        print(START_RECORDING.format(where=missing))
        return 0
    if not rows:
        print("No runs recorded yet." if not args.site else f"No runs of {args.site} recorded.")
        return 0
    if args.html is not None:
        return write_trend_page(args, where)
    print(f"{'site':<24}{'started':<27}{'status':<13}{'pages':>6}{'findings':>10}{'ready':>7}  run folder")
    for row in rows:
        ready = f"{row['readiness']:.0%}" if row["readiness"] is not None else "-"
        print(f"{row['site']:<24}{row['started_at'] or '':<27}{row['status']:<13}{row['pages'] or 0:>6}"
              f"{row['pages_with_findings'] or 0:>10}{ready:>7}  {row['run_dir']}")
    return 0


def write_trend_page(args, where: str) -> int:
    from ..history.db import open_history
    from ..history.trends import site_trend
    from ..report.html import render_trend_page

    with open_history(where, create=False) as history:
        points = site_trend(history, args.site)
    path = Path(args.html or Path(args.reports) / args.site / "trend.html")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, render_trend_page(args.site, points))
    print(f"Wrote {path}: {len(points)} complete run(s) of {args.site}.")
    return 0
