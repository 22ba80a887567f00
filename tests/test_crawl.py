"""The crawl end to end: real Chromium, the crawl fixture site on 127.0.0.1, the CLI in a child process."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from contextlib import suppress

import pytest
from playwright.async_api import Error as PlaywrightError
from twisted.python.failure import Failure

from cli_run import check_report_schema, load_report, mobicrawl, pages_by_path
from conftest import profile_for
from crawl_site import crawl_server
from checks.artifacts import Consent, DeviceInfo, NetworkRequest, PageInfo, RenderArtifacts, Timing
from crawler.config import AuditConfig
from crawler.demo.server import SiteServer
from crawler.gather.collect import CONTEXT_DEFAULTS, gather_options, gather_render, prepare_page
from crawler.gather.script import script_options
from crawler.records import PageItem, PageRecord
from crawler.spiders.site import error_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    with crawl_server() as running:
        yield running


@pytest.fixture(scope="module")
def crawl(server, tmp_path_factory):
    out = tmp_path_factory.mktemp("crawl") / "run"
    # each device's browser context is replaced every 2 renders, so recycling happens on this small site
    code = ("import sys, crawler.settings; crawler.settings.MOBICRAWL_CONTEXT_PAGES = 2; "
            "from crawler.cli import main; sys.exit(main(sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", code, "audit", server.url + "/", "--out", str(out),
                             "--timeout", "3", "--settle", "0.5", "--quiet", "--fail-on", "never"],
                            capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    return out, load_report(out)


def test_report_json_follows_its_published_schema(crawl):
    _, report = crawl
    check_report_schema(report)
    broken = {**report, "pages": [{**report["pages"][0], "results": [{**report["pages"][0]["results"][0],
                                                                    "status": "ok"}]}]}
    with pytest.raises(AssertionError, match="'ok' is not one of"):
        check_report_schema(broken)


def test_links_from_rendered_dom_and_sitemaps_are_crawled(crawl):
    pages = pages_by_path(crawl[1])
    assert "/js-only.html" in pages, "a link inserted by JavaScript must be followed"
    assert "/deep.html" in pages, "links of JS-found pages are followed too"
    assert "/sitemap-only.html" in pages, "a page named only in sitemap.xml must be crawled"
    assert pages["/about.html"]["audited"]


def test_a_site_without_robots_txt_still_has_its_sitemap_read(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>No links</title><p>Home</p>")
    (tmp_path / "listed.html").write_text("<!doctype html><title>Listed</title><p>Only in the sitemap</p>")
    (tmp_path / "sitemap.xml").write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                          "<url><loc>{{BASE}}/listed.html</loc></url></urlset>")
    with SiteServer(tmp_path) as server:
        result = mobicrawl("audit", server.url + "/", "--out", str(tmp_path / "run"), "--device", "Pixel 7",
                           "--settle", "0", "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert "/listed.html" in pages_by_path(load_report(tmp_path / "run"))


def test_robots_external_and_non_http_links_are_not_followed(crawl):
    urls = [page["url"] for page in crawl[1]["pages"]]
    assert not any("/private/" in url for url in urls), "robots.txt disallows /private/"
    assert not any("external.example.com" in url for url in urls)
    assert not any(url.startswith(("mailto:", "tel:", "javascript:")) for url in urls)


def test_a_page_is_audited_once_whatever_redirects_to_it(crawl):
    finals = [page["final_url"] for page in crawl[1]["pages"] if page["audited"]]
    assert len(finals) == len(set(finals))
    assert not any(page["url"].endswith("/old-about.html") for page in crawl[1]["pages"])


def test_every_audited_page_is_rendered_at_each_device(crawl):
    run_dir, report = crawl
    device_names = [d["name"] for d in report["run"]["devices"]]
    assert len(device_names) == 3 and sum(d["is_mobile"] for d in report["run"]["devices"]) == 2
    assert "Desktop" in device_names
    ok_pages = [p for p in report["pages"] if p["audited"] and not p["error"]]
    assert len(ok_pages) >= 5
    for page in ok_pages:
        assert sorted(page["screenshots"]) == sorted(device_names)
        for path in page["screenshots"].values():
            assert (run_dir / path).stat().st_size > 1000
        assert {r["device"] for r in page["results"]} == set(device_names)
    assert report["summary"]["pages"] == len([p for p in report["pages"] if p["audited"]])


def test_phones_get_the_phone_user_agent(crawl):
    run_dir = crawl[0]
    saved = json.loads(next((run_dir / "artifacts").glob("000001.json")).read_text())
    requests = {device: render["network"][0] for device, render in saved["renders"].items()}
    assert all(r["resource_type"] == "document" for r in requests.values())
    assert saved["renders"]["iPhone 13"]["device"]["is_mobile"] is True


def test_bad_pages_are_recorded_and_the_crawl_goes_on(crawl):
    pages = pages_by_path(crawl[1])
    assert pages["/missing.html"]["error"] == "HTTP 404" and not pages["/missing.html"]["audited"]
    assert pages["/broken"]["error"] == "HTTP 500"
    assert "redirect" in pages["/loop-a"]["error"]
    pdf = pages["/price-list.pdf"]
    assert not pdf["audited"] and pdf["content_type"] == "application/pdf" and "not HTML" in pdf["error"]
    slow = pages["/slow-load.html"]
    assert slow["error"] and "timed out" in slow["error"]
    busy = pages["/busy.html"]
    assert busy["error"] and "timed out" in busy["error"], "a script that never stops must not wedge the crawl"
    assert pages["/deep.html"]["audited"] and not pages["/deep.html"]["error"]
    assert crawl[1]["run"]["status"] == "complete"


def test_page_and_depth_limits(server, tmp_path):
    out = tmp_path / "run"
    result = mobicrawl("audit", server.url + "/", "--out", str(out), "--max-pages", "2", "--max-depth", "1",
                       "--device", "390x844", "--no-sitemaps", "--settle", "0", "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = load_report(out)
    assert len(report["pages"]) == 2
    assert all(page["depth"] <= 1 for page in report["pages"])
    assert [d["name"] for d in report["run"]["devices"]] == ["390x844", "Desktop"]


def test_recheck_rewrites_the_report_without_crawling(crawl, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(crawl[0], copy)
    (copy / "report.json").unlink()
    result = mobicrawl("recheck", str(copy), "--format", "json")
    assert result.returncode == 0, result.stderr
    rechecked = load_report(copy)
    assert [p["url"] for p in rechecked["pages"]] == [p["url"] for p in crawl[1]["pages"]]
    assert rechecked["summary"]["by_check"] == crawl[1]["summary"]["by_check"]


async def test_a_renderer_crash_is_recorded_with_its_error(browser, site_url):
    config = AuditConfig(start_urls=[site_url])
    options = gather_options(config, script_options(config))
    context = await browser.new_context(**profile_for("Pixel 7")["context"], **CONTEXT_DEFAULTS)
    page = await context.new_page()
    await prepare_page(page, options)
    await page.goto(site_url + "crawl/about.html")
    with suppress(PlaywrightError):
        await page.goto("chrome://crash")  # what a page that crashes its renderer leaves behind
    artifacts = await gather_render(page, options)  # must not raise: the crawl goes on
    await context.close()
    assert artifacts["error"].startswith("the page crashed the browser's renderer")
    crashed_during_load = Failure(PlaywrightError("Page.goto: Page crashed"))
    assert error_text(crashed_during_load).startswith("the page crashed the browser's renderer")


def test_a_site_config_keeps_pages_out_and_turns_checks_off(server, tmp_path):
    config = tmp_path / "shop.toml"
    config.write_text(f'[site]\nstart_urls = ["{server.url}/"]\ndevices = ["Pixel 7"]\nmax_depth = 1\n'
                      'exclude = ["about\\\\.html$", "sitemap-only", "loop-", "never", "slow-load", "busy"]\n'
                      '[checks]\ndisable = ["interstitial"]\n[checks.severity]\nviewport-meta = "fail"\n',
                      encoding="utf-8")
    out = tmp_path / "run"
    result = mobicrawl("audit", "--config", str(config), "--out", str(out), "--settle", "2", "--timeout", "3",
                       "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    report = load_report(out)
    paths = set(pages_by_path(report))
    assert "/" in paths and "/js-only.html" in paths
    assert not {"/about.html", "/old-about.html", "/sitemap-only.html", "/busy.html"} & paths, \
        "excluded pages (and a redirect to one) are neither probed nor rendered"
    checks = {r["check"] for page in report["pages"] for r in page.get("results", [])}
    assert "interstitial" not in checks and "tap-targets" in checks
    assert not any(r["device"] == "Desktop" and r["check"] == "tap-targets"
                   for page in report["pages"] for r in page["results"]), "phone-only checks on phones only"


def test_what_the_crawl_saves_has_exactly_the_declared_fields(crawl):
    """A real render, page item and page record against checks/artifacts.py and crawler/records.py."""
    run_dir, report = crawl
    saved = json.loads((run_dir / "artifacts" / "000001.json").read_text())
    assert set(saved["page"]) == set(PageItem.__annotations__)
    render = saved["renders"]["Pixel 7"]
    assert render["error"] is None and set(render) == set(RenderArtifacts.__annotations__)
    for name, shape in (("device", DeviceInfo), ("page", PageInfo), ("consent", Consent), ("timing", Timing)):
        assert set(render[name]) == set(shape.__annotations__), name
    assert set(render["network"][0]) == set(NetworkRequest.__annotations__)
    assert all(set(page) == set(PageRecord.__annotations__) for page in report["pages"])


def test_browser_contexts_are_recycled_and_closed(crawl):
    """Every render asks for its page and closes it; a retired context is closed with its last page."""
    run_dir, report = crawl
    stats = {name: int(value) for name, value in
             re.findall(r"'(playwright/context_count(?:/max_concurrent)?)': (\d+)", (run_dir / "crawl.log").read_text())}
    renders = sum(len(page["results"]) > 0 for page in report["pages"]) * len(report["run"]["devices"])
    assert stats["playwright/context_count"] >= renders // 2  # a new context every 2 renders of a device
    assert stats["playwright/context_count/max_concurrent"] < stats["playwright/context_count"]


async def test_a_page_that_breaks_json_stringify_is_gathered_all_the_same(render, tmp_path):
    """The in-page script sends its findings as one JSON text unless the page changed how JSON is written
    (Prototype.js gives arrays a toJSON that turns them into strings): then it sends the object itself."""
    body = ("<meta name='viewport' content='width=device-width'><title>Shop</title><h1>Sale: 30% off</h1>"
            "<p>Fine things.</p><a href='/a.html'>A</a> <a href='/b.html'>B</a>")
    (tmp_path / "plain.html").write_text(body)
    (tmp_path / "prototype.html").write_text(
        "<script>Array.prototype.toJSON = function () { return JSON.stringify(this.slice()); };"
        "String.prototype.toJSON = function () { return 'x'; };</script>" + body)
    with SiteServer(tmp_path) as site:
        plain = await render(site.url + "/plain.html")
        prototype = await render(site.url + "/prototype.html")
    assert plain["error"] is None and prototype["error"] is None
    for artifacts in (plain, prototype):
        assert sorted(artifacts["page"]["links"]) == [site.url + "/a.html", site.url + "/b.html"]
    assert prototype["layout"]["viewport"] == plain["layout"]["viewport"]
    assert prototype["offers"] == plain["offers"]
