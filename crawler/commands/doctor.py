"""`mobicrawl doctor`: say which browser will be used, its version, and whether a page renders."""
from __future__ import annotations

import asyncio

from ..browser import BrowserNotFound, find_browser, probe

NAME = "doctor"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="say which browser will be used and whether it starts")
    parser.add_argument("--browser", metavar="PATH", help="Chromium or Chrome to try")
    parser.set_defaults(run=run)


def run(args) -> int:
    browser = find_browser(args.browser)
    print(f"browser:  {browser.path} (found via {browser.source})")
    print(f"version:  {browser.version()}")
    try:
        said = asyncio.run(probe(browser))
    except Exception as exc:  # report any launch failure as "does not start"
        raise BrowserNotFound(f"{browser.path} does not start: {str(exc).strip().splitlines()[0]}") from None
    print(f"renders:  yes (a test page said {said!r})")
    return 0
