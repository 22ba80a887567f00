"""A hostile site and a bad night: no page that never rendered is a pass, the exit code says so, the crawl
stays on the site and within its limits, and nothing listens while it runs."""
from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest
from playwright.async_api import async_playwright

from cli_run import load_report, mobicrawl, pages_by_path
from crawler.browser import find_browser
from crawler.demo.server import SiteServer
from hostile_site import hostile_servers

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "run"
    with hostile_servers() as (site, elsewhere):
        result = mobicrawl("audit", site.url + "/", "--out", str(out), "--device", "Pixel 7", "--timeout", "3",
                           "--settle", "0.3")
        yield result, load_report(out), elsewhere.served


@pytest.mark.parametrize("path, cause", [
    ("/slow-image.html", "timed out"),
    ("/alert-loop.html", "dialog loop"),
    ("/reload-loop.html", "navigation loop"),
    ("/refresh-loop.html", "navigation loop"),
    ("/gone.html", "HTTP 404"),
    ("/broken.html", "HTTP 500"),
    ("/bomb.html", "too large"),
    ("/huge.html", "too large"),
    ("/js-offsite.html", "left the site"),
    ("/blank.html", "the browser showed no page (about:blank)"),
    ("/browser-download.html", "the URL starts a download (price-list.pdf)"),
    ("/redirect-offsite", "redirected off the site (to http://127.0.0.1:"),
])
def test_a_page_that_did_not_render_is_listed_with_its_cause_never_as_a_pass(hostile, path, cause):
    page = pages_by_path(hostile[1])[path]
    assert page["outcome"] == "not_rendered", page
    assert cause in page["error"]
    assert not any(r["status"] == "pass" for r in page["results"])


def test_a_download_is_a_file_listed_not_a_failure(hostile):
    page = pages_by_path(hostile[1])["/download.html"]
    assert page["outcome"] == "not_html" and "not HTML" in page["error"]


def test_unrendered_pages_count_against_readiness_and_the_exit_code(hostile):
    result, report, _ = hostile
    assert pages_by_path(report)["/ok.html"]["outcome"] == "audited"
    assert report["summary"]["not_rendered"] == 12
    assert report["summary"]["readiness"] <= 0.2, "twelve pages that never rendered are not 'mobile-ready'"
    assert result.returncode == 1, "--fail-on fail (the default) must see pages that could not be rendered"
    printed = " ".join(result.stdout.split())  # as read, whatever the terminal's width
    assert "Mobile-ready: 20%" in printed
    assert "12 page(s) could not be rendered (they count against readiness):" in printed
    assert "/slow-image.html: timed out" in printed and "and 7 more: see the report." in printed


def test_dialogs_are_dismissed_and_counted(hostile):
    pages = pages_by_path(hostile[1])
    assert "more than 3 dialogs" in pages["/alert-loop.html"]["error"]
    greeted = pages["/one-dialog.html"]
    assert greeted["outcome"] == "audited", "a page that opens a dialog or two is judged once they are dismissed"
    assert greeted["dialogs"]["Pixel 7"] == ["alert: Welcome to the shop", "confirm: Accept cookies?"]


def test_the_crawl_never_leaves_the_start_host_and_port(hostile):
    _, report, served_elsewhere = hostile
    assert not any("other-port" in page["url"] for page in report["pages"])
    # only the browser, sent by the page's own script, reached the other port; the crawl itself never did
    assert set(served_elsewhere) <= {"/landing.html"}, served_elsewhere


def test_max_pages_bounds_what_the_site_is_sent(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    links = "".join(f'<a href="/p{i}.html">{i}</a> ' for i in range(2000))
    (site / "index.html").write_text(f"<!doctype html><title>Many links</title>{links}")
    for i in range(60):
        (site / f"p{i}.html").write_text(f"<!doctype html><title>{i}</title><p>Product {i}</p>")
    (site / "robots.txt").write_text("Sitemap: {{BASE}}/sitemap-index.xml\nSitemap: {{BASE}}/sitemap.xml\n")
    children = "".join(f"<sitemap><loc>{{{{BASE}}}}/sitemap-{i}.xml</loc></sitemap>" for i in range(100))
    (site / "sitemap-index.xml").write_text(
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>')
    locs = "".join(f"<url><loc>{{{{BASE}}}}/s{i}.html</loc></url>" for i in range(5000))
    (site / "sitemap.xml").write_text(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')
    with SiteServer(site) as server:
        result = mobicrawl("audit", server.url + "/", "--out", str(tmp_path / "run"), "--max-pages", "3",
                           "--device", "Pixel 7", "--settle", "0", "--quiet", "--fail-on", "never")
        pages = [path for path in server.served if path.endswith(".html") or path == "/"]
        sitemaps = [path for path in server.served if path.startswith("/sitemap-")]
    assert result.returncode == 0, result.stderr
    assert len(load_report(tmp_path / "run")["pages"]) == 3
    # 3 probes and 3 x 2 renders (Pixel 7 and the desktop profile), with a little room: not thousands
    assert len(pages) <= 12, pages
    # the index names 100 sitemaps: they are read only while the crawl can use their URLs
    assert len(sitemaps) <= 3, sitemaps


def _listening(process: psutil.Process) -> list:
    tree = [process, *process.children(recursive=True)]
    found = []
    for member in tree:
        try:
            found += [c for c in member.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        except psutil.Error:
            pass
    return found


def _slow_site(folder: Path) -> None:
    for i in range(12):
        nxt = f'<a href="/p{i + 1}.html">next</a>' if i < 11 else ""
        (folder / f"p{i}.html").write_text(f'<!doctype html><title>{i}</title><img src="/slow.png">{nxt}')


@pytest.mark.parametrize("stop, code", [(signal.SIGINT, 130), (signal.SIGTERM, 4)])
def test_a_stopped_audit_exits_non_zero_keeps_its_pages_and_listens_on_nothing(tmp_path, stop, code):
    _slow_site(tmp_path)
    routes = {"/slow.png": lambda h: (time.sleep(1.5), h.send_text("", "image/png"))}
    with SiteServer(tmp_path, routes=routes) as server:
        child = psutil.Popen([sys.executable, "-m", "crawler.cli", "audit", server.url + "/p0.html", "--out",
                              str(tmp_path / "run"), "--device", "Pixel 7", "--timeout", "20", "--settle", "0",
                              "--quiet", "--concurrency", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((tmp_path / "run" / "pages").glob("*.json")):
            assert not _listening(child), "an audit must not open a listening socket"
            time.sleep(0.3)
        child.send_signal(stop)
        _, stderr = child.communicate(timeout=60)
    assert child.returncode == code, stderr
    report = load_report(tmp_path / "run")
    assert report["run"]["status"] == "interrupted"
    assert report["pages"], "the pages done before the stop are kept"
    remote_control_jobs = Path.home() / ".local/state/scrapy/job_files"
    assert not list(remote_control_jobs.glob(f"{child.pid}-*.json")), "Scrapy's RemoteControl must be off"


async def test_chromium_looks_up_no_google_service_while_it_renders(tmp_path):
    """Chromium's own net log lists every host it resolved: only the audited site (and the documented
    account check, which no switch turns off) may be there."""
    net_log = tmp_path / "net.json"
    options = find_browser().launch_options()
    options["args"] += [f"--log-net-log={net_log}", "--net-log-capture-mode=Default"]
    with SiteServer(tmp_path) as server:
        (tmp_path / "index.html").write_text("<!doctype html><title>x</title><p>hello</p>")
        async with async_playwright() as p:
            browser = await p.chromium.launch(**options)
            page = await (await browser.new_context()).new_page()
            await page.goto(server.url + "/")
            await asyncio.sleep(4)  # Chromium's background services start within seconds of launch
            await browser.close()
    log = json.loads(net_log.read_text())
    names = {value: key for key, value in log["constants"]["logEventTypes"].items()}
    resolved = {urlsplit(event["params"]["host"]).hostname for event in log["events"]
                if names.get(event["type"]) == "HOST_RESOLVER_MANAGER_JOB" and "host" in event.get("params", {})}
    assert resolved <= {"127.0.0.1", "accounts.google.com"}, resolved
