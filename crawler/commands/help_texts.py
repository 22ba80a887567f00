"""What each subcommand's --help says besides its options: what it does, and examples to copy."""
from __future__ import annotations

import argparse
import textwrap

# command -> (description, examples); one place, so the texts read alike and translate together
HELP = {
    "audit": (
        "Crawl one site (links from the rendered pages, its sitemaps, robots.txt) and audit every page at "
        "each phone profile and one desktop profile: layout, offers, tracking pixels. Writes a run folder "
        "with index.html, report.json, junit.xml and pages.csv. Exit code: 0 no finding, 1 findings (see "
        "--fail-on), 2 bad input, 3 could not run, 4 the run did not finish, 130 stopped by Ctrl-C.",
        ["mobicrawl audit https://shop.example.vn/",
         "mobicrawl audit https://shop.example.vn/ --device 'iPhone 13' --max-pages 50 --out runs/today",
         "mobicrawl audit --config sites/shop.toml --fail-on warn --format json,junit"],
    ),
    "demo": (
        "Serve the bundled demo shop on 127.0.0.1 and audit it, offline: the quickest way to see a report.",
        ["mobicrawl demo", "mobicrawl demo --out demo-run"],
    ),
    "doctor": (
        "Say which browser mobicrawl will use (--browser, MOBICRAWL_BROWSER, Playwright's Chromium, then the "
        "system's) and check that it starts and renders a page.",
        ["mobicrawl doctor", "mobicrawl doctor --browser /usr/bin/chromium"],
    ),
    "login": (
        "Log in to a site behind a login form once and save the session (cookies, local storage) for audits "
        "that read it with [auth] storage_state. With --config, the form described by [auth.login] is filled "
        "in (the password comes from its password_env variable); with --headed, a browser window opens for "
        "a person to log in. An audit whose config has [auth.login] and no storage_state logs in by itself.",
        ["mobicrawl login --config sites/staging.toml --save staging-state.json",
         "mobicrawl login https://staging.shop.example.vn/account/login --headed --save staging-state.json"],
    ),
    "recheck": (
        "Judge a saved run again with the current checks and config, without a browser, and rewrite its "
        "reports (after upgrading mobicrawl or changing [checks]).",
        ["mobicrawl recheck runs/today", "mobicrawl recheck runs/today --format html"],
    ),
    "report": (
        "Rewrite a saved run's reports from its report.json (for a run stopped early, or another format).",
        ["mobicrawl report runs/today", "mobicrawl report runs/today --format csv,junit"],
    ),
    "run": (
        "Audit every site config (*.toml) in a folder once, record each run in the history, and say what got "
        "worse since the site's last comparable run (alerts go out as each config's [alerts] says).",
        ["mobicrawl run sites/ --reports reports/",
         "mobicrawl run sites/ --reports reports/ --fail-on new --parallel 2",
         "mobicrawl run sites/ --scrapyd http://node1:6800,http://node2:6800 --reports /shared/reports"],
    ),
    "schedule": (
        "Keep running: audit each site at the times its config's [schedule] cron gives, as `run` does, until "
        "stopped (Ctrl-C or SIGTERM).",
        ["mobicrawl schedule sites/ --reports reports/"],
    ),
    "history": (
        "List a site's runs with readiness and counts, or the sites with history when no site is given.",
        ["mobicrawl history --reports reports/", "mobicrawl history shop.example.vn --reports reports/",
         "mobicrawl history shop.example.vn --history postgresql://mobicrawl@db/mobicrawl",
         "mobicrawl history shop.example.vn --reports reports/ --html"],
    ),
    "diff": (
        "What got worse and what got better between two run folders of one site (pages in both runs are "
        "compared; new pages are listed apart).",
        ["mobicrawl diff reports/shop/2026-11-23T020000 reports/shop/2026-11-24T020000"],
    ),
}


def describe(subparsers: argparse.Action) -> None:
    """Give every subcommand its description and examples."""
    choices: dict[str, argparse.ArgumentParser] = subparsers.choices  # type: ignore[assignment]  # name -> parser
    for name, parser in choices.items():
        description, examples = HELP[name]
        parser.description = textwrap.fill(description, 78)
        parser.epilog = "examples:\n" + "\n".join(f"  {example}" for example in examples)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
