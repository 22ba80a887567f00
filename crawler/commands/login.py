"""`mobicrawl login`: log in once (the config's [auth.login] form, or by hand in a window) and save the session."""
from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from ..browser import find_browser
from ..config import check_url, load_config
from ..errors import ConfigError
from ..login import LOGIN_TIMEOUT_S, log_in, log_in_by_hand

NAME = "login"


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(NAME, help="log in to a site once and save the session for audits")
    parser.add_argument("url", nargs="?", help="the login page, for --headed (default: [auth.login] url)")
    parser.add_argument("--config", metavar="FILE", help="site config whose [auth.login] describes the form")
    parser.add_argument("--save", metavar="FILE", required=True,
                        help="where the session goes (a Playwright storage state; [auth] storage_state reads it)")
    parser.add_argument("--headed", action="store_true",
                        help="open a browser window and log in by hand (needs a display)")
    parser.add_argument("--browser", metavar="PATH", help="Chromium or Chrome to use")
    parser.set_defaults(run=run)


def run(args) -> int:
    config = load_config(args.config) if args.config else None
    login = config.auth.login if config else None
    browser = find_browser(args.browser)
    if args.headed:
        url = check_url(args.url) if args.url else login.url if login else None
        if url is None:
            raise ConfigError("give the login page's URL, or --config with [auth.login]")
        session = asyncio.run(log_in_by_hand(browser, url, lambda: input(
            "Log in in the browser window, then press Enter here to save the session. ")))
    elif login is None:
        raise ConfigError("give --config FILE with an [auth.login] table (or --headed to log in by hand)")
    else:
        session = asyncio.run(log_in(browser, login, config.timeout if config else LOGIN_TIMEOUT_S))
    save_session(Path(args.save), session)
    hosts = sorted({cookie["domain"].lstrip(".") for cookie in session["cookies"]})
    print(f"Saved the session to {args.save}: {len(session['cookies'])} cookie(s) for {', '.join(hosts) or 'no host'}. "
          f'Audit with [auth] storage_state = "{args.save}"; it holds a live session: keep it private.',
          file=sys.stderr)
    return 0


def save_session(path: Path, session: dict) -> None:
    """Readable by its owner only, whatever the umask: it is as good as the password while it lasts."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        json.dump(session, out)
