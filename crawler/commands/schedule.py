"""`mobicrawl schedule SITES_DIR`: run each site at its [schedule] cron times until stopped."""
from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from .history import add_history_option
from .audit import add_share_option
from .run_sites import site_configs

NAME = "schedule"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="run each site at its [schedule] cron times until stopped")
    parser.add_argument("sites_dir", metavar="SITES_DIR")
    parser.add_argument("--reports", default="reports", metavar="DIR", help="reports, history and scheduler.log")
    parser.add_argument("--keep", type=int, metavar="N", help="keep screenshots of the newest N runs per site")
    add_history_option(parser)
    add_share_option(parser)
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..history.scheduler import serve

    configs = site_configs(args.sites_dir)
    code = serve(configs, Path(args.reports), args.keep, args.history, args.share)
    if code == 2:
        raise ConfigError(f"{args.sites_dir}: no site config has a [schedule] table")
    return code
