"""`mobicrawl run SITES_DIR`: audit every site config in a folder once, keeping history."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..config import load_config
from ..devices import config_profiles
from ..errors import ConfigError
from .history import add_history_option

NAME = "run"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="audit every site config (*.toml) in a folder once, with history")
    parser.add_argument("sites_dir", metavar="SITES_DIR")
    parser.add_argument("--reports", default="reports", metavar="DIR", help="reports and history folder")
    parser.add_argument("--parallel", type=int, default=1, metavar="N", help="sites audited at once (default 1)")
    parser.add_argument("--keep", type=int, metavar="N", help="keep screenshots of the newest N runs per site")
    add_history_option(parser)
    parser.set_defaults(run=run)


def site_configs(sites_dir: str) -> list[Path]:
    folder = Path(sites_dir)
    if not folder.is_dir():
        raise ConfigError(f"{sites_dir}: no such folder")
    configs = sorted(folder.glob("*.toml"))
    if not configs:
        raise ConfigError(f"{sites_dir}: no site config (*.toml) in it")
    for path in configs:
        config_profiles(load_config(path))  # every config is checked before any crawl starts
    return configs


def run(args) -> int:
    from ..history.diff import format_diff
    from ..history.sites import run_site

    configs = site_configs(args.sites_dir)
    with ThreadPoolExecutor(max_workers=max(args.parallel, 1)) as pool:
        outcomes = list(pool.map(lambda path: run_site(path, Path(args.reports), args.keep, args.history), configs))
    worst = 0
    for outcome in outcomes:
        print(f"{outcome['site']}: {outcome['run_dir']} (exit {outcome['exit_code']})")
        if outcome["since_last"]:
            print(format_diff(outcome["since_last"]))
        worst = max(worst, outcome["exit_code"] if outcome["exit_code"] in (2, 3) else 0)
    return worst
