"""`mobicrawl audit URL|--config FILE`: crawl one site and audit every page at each device."""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from .. import exit_codes
from ..browser import BrowserNotFound, find_browser, probe
from ..config import AuditConfig, check_url, config_from_dict, load_config
from ..devices import config_profiles, resolve_device
from ..i18n import LANGUAGES
from ..login import log_in
from ..errors import ConfigError
from ..report import FORMATS, parse_formats
from .history import add_history_option
from ..run_folder import replaces_a_run

NAME = "audit"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="crawl one site and audit every page at each device",
                                   description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("url", nargs="?", help="start URL (or give --config)")
    add_audit_options(parser)
    parser.set_defaults(run=run)


def add_audit_options(parser: argparse.ArgumentParser, fail_on: str = "fail") -> None:
    parser.add_argument("--config", metavar="FILE", help="site config (TOML)")
    parser.add_argument("--out", metavar="DIR", help="report folder (default: reports/<host>/<UTC time>/)")
    parser.add_argument("--force", action="store_true",
                        help="replace the previous run in --out (once the new one is written)")
    add_share_option(parser)
    parser.add_argument("--max-pages", type=int, metavar="N", help="pages to audit at most (default 200)")
    parser.add_argument("--max-depth", type=int, metavar="N", help="link depth from the start URLs (default 6)")
    parser.add_argument("--device", action="append", metavar="NAME",
                        help='a Playwright device ("iPhone 13") or WIDTHxHEIGHT; repeatable')
    parser.add_argument("--format", default=",".join(FORMATS), help=f"comma list of {','.join(FORMATS)}")
    parser.add_argument("--fail-on", choices=("fail", "warn", "never"), default=fail_on,
                        help=f"exit 1 on findings at or above this level (default {fail_on})")
    parser.add_argument("--concurrency", type=int, metavar="N", help="pages rendered at once (default 4)")
    parser.add_argument("--timeout", type=float, metavar="S", help="navigation timeout in seconds (default 30)")
    parser.add_argument("--max-page-mb", type=float, metavar="MB",
                        help="a page with more HTML than this is listed as too large, not rendered (default 10)")
    parser.add_argument("--settle", type=float, metavar="S",
                        help="wait at most this long for the network to go quiet after load (default 3)")
    parser.add_argument("--no-robots", action="store_true", help="ignore robots.txt")
    parser.add_argument("--no-sitemaps", action="store_true", help="do not read sitemaps")
    parser.add_argument("--send-beacons", action="store_true",
                        help="let analytics beacons reach the vendors (default: answered locally)")
    parser.add_argument("--browser", metavar="PATH", help="Chromium or Chrome to use")
    parser.add_argument("--quiet", action="store_true", help="no progress line, no summary table")
    add_lang_option(parser)
    add_history_option(parser)
    parser.add_argument("--resume", metavar="DIR",
                        help="keep the crawl's progress in DIR: run the same command again after a stop (Ctrl-C, "
                             "a kill, a crash) and it goes on where it stopped")
    parser.add_argument("--redis", metavar="URL",
                        help="share one crawl among workers started with the same URL, start URLs and --out "
                             "(redis://HOST:PORT/DB; --out on storage every worker sees)")
    parser.add_argument("--baseline", metavar="RUN_DIR",
                        help="an earlier run folder of this site: report.json gets what changed since it (since_last)")


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help="the HTML report's language (default: [site] lang in the config, else en)")


def add_share_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--share", action="store_true",
                        help="make the report folders readable by everyone (default: folders 0700, files 0600)")


def config_from_args(args) -> AuditConfig:
    overrides = {
        "max_pages": args.max_pages, "max_depth": args.max_depth, "devices": args.device,
        "concurrency": args.concurrency, "timeout": args.timeout, "settle": args.settle,
        "max_page_mb": args.max_page_mb, "lang": args.lang,
        "obey_robots": False if args.no_robots else None, "use_sitemaps": False if args.no_sitemaps else None,
        "send_beacons": True if args.send_beacons else None,
    }
    for name in args.device or ():
        try:
            resolve_device(name)
        except ConfigError as exc:
            raise ConfigError(f"--device: {exc}") from None
    if args.url:
        overrides["start_urls"] = [check_url(args.url)]
    if getattr(args, "baseline", None):
        baseline = Path(args.baseline).resolve()
        if not (baseline / "report.json").is_file():
            raise ConfigError(f"--baseline {args.baseline}: not a run folder (no report.json)")
        overrides["baseline"] = str(baseline)
    if args.config:
        return load_config(args.config, overrides)
    if not args.url:
        raise ConfigError("give a start URL or --config FILE")
    return config_from_dict({}, "command line", overrides)


def run(args) -> int:
    return run_audit(config_from_args(args), args)


def run_audit(config: AuditConfig, args) -> int:
    history_at = args.history or config.history_url
    for option in ("resume", "redis"):
        if getattr(args, option, None) and (history_at or args.force):
            raise ConfigError(f"--{option} writes into its run folder as it goes: not with --history or --force")
    if getattr(args, "resume", None) and getattr(args, "redis", None):
        raise ConfigError("--resume and --redis: a shared crawl keeps its progress in Redis already")
    return recorded_audit(config, args, history_at) if history_at else audit_once(config, args)


def recorded_audit(config: AuditConfig, args, history_at: str) -> int:
    """The audit, recorded in the history with its diff against the last complete run, and alerts."""
    from ..history.db import open_history
    from ..history.diff_text import format_diff
    from ..history.sites import baseline_dir, baseline_key, record_outcome
    from ..spiders.site import default_run_dir

    started = datetime.now(timezone.utc)
    with open_history(history_at) as history:
        run_id, run_dir = history.start_run(config.site_name, Path(args.out or default_run_dir(config)).resolve(),
                                            baseline_key(config), started.isoformat(timespec="seconds"),
                                            exact=bool(args.out))
        args.out = str(run_dir)
        config.baseline = config.baseline or baseline_dir(history, config, run_id)  # the report's since_last
        try:
            code = audit_once(config, args)
        except BaseException:
            history.finish_run(run_id, None)
            raise
        outcome = record_outcome(history, run_id, config, run_dir, code, config.baseline)
    if outcome["since_last"] and not args.quiet:
        print(format_diff(outcome["since_last"], outcome["lang"]))
    return code


def audit_once(config: AuditConfig, args) -> int:
    from ..crawl import crawl

    formats = parse_formats(args.format)
    profiles = config_profiles(config)
    resume = Path(args.resume) if getattr(args, "resume", None) else None
    shared = getattr(args, "redis", None)
    if resume:
        args.out = str(resumed_run_folder(resume, config, profiles, args.out, args.quiet))
    elif shared:
        check_shared_crawl(shared, config, profiles, args.out)
    elif args.out:
        replaces_a_run(Path(args.out), args.force)  # refuse a bad --out before starting a browser
    browser = find_browser(args.browser)
    try:
        asyncio.run(probe(browser))
    except Exception as exc:  # any launch failure means the audit cannot run
        raise BrowserNotFound(f"{browser.path} does not start: {str(exc).strip().splitlines()[0]}") from None
    if not args.quiet:
        print(f"Auditing {', '.join(config.start_urls)} at {', '.join(p['name'] for p in profiles)}\n"
              f"Browser: {browser.path} ({browser.version()})", file=sys.stderr)
    if login := config.auth.pending_login():
        config.auth.session = asyncio.run(log_in(browser, login, config.timeout))
    progress = not args.quiet and sys.stderr.isatty()
    run_dir, reason = crawl(config, profiles, browser, formats, out=args.out, progress=progress, force=args.force,
                            resume=resume, shared=shared)
    if shared and not (run_dir / "report.json").is_file():
        if reason != "finished":
            print(f"mobicrawl: this worker was stopped ({reason}); the other workers finish its pages", file=sys.stderr)
            return exit_codes.INCOMPLETE
        print(f"mobicrawl: this worker's part is done; the last worker writes the report into {run_dir}",
              file=sys.stderr)
        return exit_codes.OK
    report = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))
    if report["run"]["status"] != "complete":
        print(f"mobicrawl: the audit was stopped ({report['run'].get('stopped_by') or 'interrupted'}) before it "
              f"finished: the report holds the pages done ({run_dir})", file=sys.stderr)
    elif not report["summary"]["pages"]:
        start_errors = [p for p in report["pages"] if p.get("error")]
        problem = start_errors[0]["error"] if start_errors else "no page could be audited"
        print(f"mobicrawl: could not audit {config.start_urls[0]}: {problem} (report: {run_dir})", file=sys.stderr)
        return exit_codes.CANNOT_RUN
    if not args.quiet:
        from ..report.terminal import print_summary

        print_summary(report, run_dir)
    else:
        print(run_dir / ("index.html" if "html" in formats else "report.json"))
    return exit_codes.audit_exit_code(report, args.fail_on)


def resumed_run_folder(resume: Path, config: AuditConfig, profiles: list[dict], out: str | None, quiet: bool) -> Path:
    """The run folder of the stopped crawl `--resume DIR` holds, or a new one (`--out`) for a crawl it starts."""
    from ..journal import Journal
    from ..spiders.site import default_run_dir

    journal = Journal(resume)
    try:
        identity = {"start_urls": config.start_urls, "devices": [p["name"] for p in profiles]}
        run_dir = journal.resumable_run(identity)
        if run_dir is not None:
            if out and Path(out).resolve() != run_dir:
                raise ConfigError(f"--resume {resume}: its crawl writes into {run_dir}, not --out {out}")
            if not quiet:
                print(f"Resuming the crawl in {run_dir}: {journal.progress()}", file=sys.stderr)
            return run_dir
        run_dir = Path(out or default_run_dir(config))
        replaces_a_run(run_dir, False)
        journal.begin(identity, run_dir)
        return run_dir
    finally:
        journal.close()


def check_shared_crawl(url: str, config: AuditConfig, profiles: list[dict], out: str | None) -> None:
    """A worker of a shared crawl: refuse it before its browser starts when Redis does not answer, the crawl
    under way there runs at other devices or into another folder, or it would start a crawl into a folder
    holding another run."""
    from ..crawl_state import shared_identity
    from ..shared_crawl import SharedCrawl

    if not out:
        raise ConfigError("--redis: give --out DIR, a folder every worker sees (the same for all of them)")
    identity = shared_identity(config.start_urls, [p["name"] for p in profiles], out)
    shared = SharedCrawl(url, identity, config.max_pages, 2 * config.concurrency)
    try:
        folder = Path(out)
        if shared.check() and folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            shared.forget()  # a new crawl goes into a new or empty folder, never over another run
            raise ConfigError(f"--out {out}: is not empty; a new shared crawl needs a new or empty folder")
    finally:
        shared.redis.close()
