"""`mobicrawl run SITES_DIR`: audit every site config in a folder once, keeping history."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..config import load_config
from ..devices import config_profiles
from ..errors import ConfigError
from .. import exit_codes
from .audit import add_share_option
from .history import add_history_option

NAME = "run"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="audit every site config (*.toml) in a folder once, with history")
    parser.add_argument("sites_dir", metavar="SITES_DIR")
    parser.add_argument("--reports", default="reports", metavar="DIR", help="reports and history folder")
    parser.add_argument("--parallel", type=int, default=1, metavar="N", help="sites audited at once (default 1)")
    parser.add_argument("--keep", type=int, metavar="N", help="keep screenshots of the newest N runs per site")
    parser.add_argument("--scrapyd", metavar="URL[,URL...]",
                        help="send each site as a job to the least busy of these Scrapyd nodes (sites and reports "
                             "folders on storage every node sees at the same path)")
    parser.add_argument("--job-deadline", type=float, default=6 * 3600, metavar="S",
                        help="with --scrapyd: cancel a job not done after this long, queueing included (default 6 h)")
    parser.add_argument("--fail-on", choices=("new", "never"), default="never",
                        help="new: exit 1 when a site has failures or errors its last comparable run did not have")
    add_history_option(parser)
    add_share_option(parser)
    parser.set_defaults(run=run)


def site_configs(sites_dir: str) -> list[Path]:
    folder = Path(sites_dir)
    if not folder.is_dir():
        raise ConfigError(f"{sites_dir}: no such folder")
    configs = sorted(folder.glob("*.toml"))
    if not configs:
        raise ConfigError(f"{sites_dir}: no site config (*.toml) in it")
    sites: dict[str, Path] = {}
    for path in configs:
        config = load_config(path)  # every config is checked before any crawl starts
        config_profiles(config)
        if config.site_name in sites:
            raise ConfigError(f"{sites[config.site_name]} and {path} are both site {config.site_name!r} "
                              "(same host, no name): give one of them a [site] name")
        sites[config.site_name] = path
    return configs


def scrapyd_nodes(urls: str, deadline: float):
    """The Scrapyd executor, once at least one node answers with the project deployed."""
    from ..crawl import CrawlFailed
    from ..history.scrapyd import ScrapydNodes, ScrapydUnavailable

    nodes = ScrapydNodes([url.strip() for url in urls.split(",") if url.strip()], deadline)
    try:
        nodes.loads()
    except ScrapydUnavailable as exc:
        raise CrawlFailed(str(exc)) from None
    return nodes


def run(args) -> int:
    from ..history.diff_text import format_diff
    from ..history.sites import run_site

    configs = site_configs(args.sites_dir)
    execute, parallel = None, args.parallel  # None: each audit in a local child process
    if args.scrapyd:
        execute = scrapyd_nodes(args.scrapyd, args.job_deadline)
        parallel = max(parallel, len(configs))  # every site is queued at once; the nodes' max_proc pace them
    with ThreadPoolExecutor(max_workers=max(parallel, 1)) as pool:
        outcomes = list(pool.map(lambda path: run_site(path, Path(args.reports), args.keep, args.history, execute,
                                                       share=args.share), configs))
    worst = 0
    for outcome in outcomes:
        print(f"{outcome['site']}: {outcome['run_dir']} (exit {outcome['exit_code']})")
        for problem in filter(None, [outcome["problem"], *outcome["alert_failures"]]):
            print(f"{outcome['site']}: {problem}")
        since = outcome["since_last"]
        if since:
            print(format_diff(since, outcome["lang"]))
            print(f"{len(since['new_findings'])} new failure(s) or error(s) since the baseline.")
        elif outcome["baseline"] is None:
            print("No earlier complete run with this audit config: nothing to compare with yet.")
        # a config problem stays 2; an audit that could not finish (killed, timed out, no browser) is 3
        worst = max(worst, 2 if outcome["exit_code"] == 2 else 3 if outcome["problem"] else 0)
        if args.fail_on == "new" and since and since["new_findings"]:
            worst = max(worst, exit_codes.FINDINGS)
    return worst
