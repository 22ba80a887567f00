"""Renders reuse browser pages (a new page costs a renderer process): what one page sends must never be
recorded as the next page's, also while the next page is still on its way, each render starts with
the empty session storage of a new tab, and the visitor's first touch reaches every page."""
from __future__ import annotations

import json
import re
import time

import pytest

from cli_run import load_report, mobicrawl, pages_by_path
from crawler.demo.server import SiteServer

pytestmark = pytest.mark.browser

PAIRS = 3
HEAD = "<!doctype html><html lang='en'><head><meta name='viewport' content='width=device-width'><title>{}</title>"
# A heartbeat beacon, as engagement and session-replay tags send while a page stays open; and a beacon
# that tells whether this tab's session saw a page before (as "once per session" pop-ups ask).
HEARTBEAT = ("<script>setInterval(() => navigator.sendBeacon("
             "'/metrics/g/collect?v=2&tid=G-BEAT0001&en=heartbeat'), 100);"
             "navigator.sendBeacon('/metrics/g/collect?v=2&tid=G-SESSION01&en=' + (sessionStorage.seen ? 'again' : 'first'));"
             "sessionStorage.seen = '1';</script>")


def write_site(root) -> None:
    links = "".join(f"<a href='/beat{i}.html'>Beat {i}</a> <a href='/quiet{i}'>Quiet {i}</a> " for i in range(PAIRS))
    (root / "index.html").write_text(HEAD.format("Home") + f"</head><body><h1>Home</h1><p>{links}</p></body></html>")
    for i in range(PAIRS):
        (root / f"beat{i}.html").write_text(HEAD.format(f"Beat {i}") + HEARTBEAT
                                            + f"</head><body><h1>Beat {i}</h1><a href='/'>Home</a></body></html>")


def quiet_page(handler) -> None:
    """No tag at all, and slow to answer: the page before it stays alive meanwhile."""
    time.sleep(0.6)
    handler.send_text(HEAD.format("Quiet") + "</head><body><h1>Quiet</h1><a href='/'>Home</a></body></html>")


def test_a_page_left_behind_sends_nothing_into_the_next_render(tmp_path):
    write_site(tmp_path)
    out = tmp_path / "run"
    with SiteServer(tmp_path, routes={f"/quiet{i}": quiet_page for i in range(PAIRS)}) as server:
        result = mobicrawl("audit", server.url + "/", "--out", str(out), "--device", "Pixel 7", "--concurrency", "1",
                           "--settle", "0.5", "--no-sitemaps", "--fail-on", "never", "--quiet")
    assert result.returncode == 0, result.stderr
    report = load_report(out)
    pages = pages_by_path(report)
    assert len(pages) == 1 + 2 * PAIRS and all(page["outcome"] == "audited" for page in pages.values())
    renders = len(pages) * len(report["run"]["devices"])
    created = int(re.search(r"'playwright/page_count': (\d+)", (out / "crawl.log").read_text()).group(1))
    assert created < renders / 2  # pages were reused...
    for saved in (out / "artifacts").glob("*.json"):  # ...and each render holds its own page's beacons only
        for render in json.loads(saved.read_text(encoding="utf-8"))["renders"].values():
            beats = [r["url"] for r in render["network"] if "G-BEAT" in r["url"]]
            assert bool(beats) == ("/beat" in render["url"]), render["url"]
            sessions = [r["url"].rsplit("=", 1)[1] for r in render["network"] if "G-SESSION" in r["url"]]
            assert sessions == (["first"] if "/beat" in render["url"] else []), render["url"]


# Sent on the visitor's first touch (a phone) or mouse move (the desktop), as delay-until-interaction
# loaders start the tags; the wheel scroll that follows does not count.
ON_FIRST_INPUT = ("<script>['touchstart', 'mousemove'].forEach((type) => addEventListener(type, (event) => "
                  "navigator.sendBeacon('/metrics/g/collect?v=2&tid=G-TOUCH0001&en=' + event.type), {once: true}));"
                  "</script>")


def test_every_render_on_a_reused_page_gets_the_first_touch(tmp_path):
    links = "".join(f"<a href='/touch{i}.html'>Touch {i}</a> " for i in range(4))
    (tmp_path / "index.html").write_text(HEAD.format("Home") + f"</head><body><h1>Home</h1><p>{links}</p></body></html>")
    for i in range(4):
        (tmp_path / f"touch{i}.html").write_text(HEAD.format(f"Touch {i}") + ON_FIRST_INPUT
                                                 + f"</head><body><h1>Touch {i}</h1><a href='/'>Home</a></body></html>")
    out = tmp_path / "run"
    with SiteServer(tmp_path) as server:
        result = mobicrawl("audit", server.url + "/", "--out", str(out), "--device", "Pixel 7", "--concurrency", "1",
                           "--no-sitemaps", "--fail-on", "never", "--quiet")
    assert result.returncode == 0, result.stderr
    assert int(re.search(r"'playwright/page_count': (\d+)", (out / "crawl.log").read_text()).group(1)) < 5
    firsts = {}
    for saved in (out / "artifacts").glob("*.json"):
        for device, render in json.loads(saved.read_text(encoding="utf-8"))["renders"].items():
            firsts[(render["url"].rsplit("/", 1)[1], device)] = [
                (r["url"].rsplit("=", 1)[1], r["phase"]) for r in render["network"] if "G-TOUCH" in r["url"]]
    expected = {"Pixel 7": [("touchstart", "interaction")], "Desktop": [("mousemove", "interaction")]}
    assert firsts == {(page, device): expected[device] if page else []
                      for page in ["", *(f"touch{i}.html" for i in range(4))] for device in expected}
