"""The HTML the server sent, read with Beautiful Soup, against the rendered DOM: a viewport a script
rewrote, a pixel a script removed on phones, a page served by user agent."""
from __future__ import annotations

import pytest

from checks.pixel_catalog import catalog
from checks.registry import get
from checks.base import CheckContext
from cli_run import load_report, mobicrawl, pages_by_path
from conftest import SITE
from crawler.demo.server import SiteServer
from crawler.server_html import read_server_html

META_ID = "111111111111111"
PIXEL_PAGE = (SITE / "pixels" / "phones-removed.html").read_bytes()
PHONE = {"name": "Pixel 7", "width": 412, "height": 839, "is_mobile": True, "device_scale_factor": 2.625}
DESKTOP = {"name": "Desktop", "width": 1366, "height": 768, "is_mobile": False, "device_scale_factor": 1}


def test_the_served_html_keeps_the_viewport_and_only_the_pixel_snippets():
    page = (b'<html><head><META NAME="Viewport" content="width=1024"><script>var cart = [];</script>'
            b'<script src="/app.js"></script><script src="https://www.googletagmanager.com/gtag/js?id=G-ABC123">'
            b'</script></head><body><noscript><img src="/tracking-free.gif"></noscript></body></html>')
    served = read_server_html(page, "utf-8", b"Accept-Encoding, User-Agent", catalog())
    assert served["viewport_meta"] == "width=1024"
    assert served["scripts"] == ["https://www.googletagmanager.com/gtag/js?id=G-ABC123"]
    assert served["inline"] == [] and served["noscript"] == []
    assert served["vary_user_agent"]
    assert not read_server_html(b"<p>no head</p>", None, None, catalog())["vary_user_agent"]


def judge(check_id: str, artifacts: dict, renders: dict | None = None, config: dict | None = None):
    renders = renders or {artifacts["device"]["name"]: artifacts}
    context = CheckContext(url="http://127.0.0.1/p", device=artifacts["device"], renders=renders, config=config or {})
    return get(check_id).audit(artifacts, context)


def served(**fields) -> dict:
    return {"viewport_meta": None, "scripts": [], "inline": [], "noscript": [], "vary_user_agent": False, **fields}


def test_a_viewport_a_script_rewrote_is_judged_as_rendered_and_the_change_named():
    artifacts = {"device": PHONE, "page": {"viewport_meta": "width=device-width, initial-scale=1"},
                 "server_html": served(viewport_meta="width=1024")}
    result = judge("viewport-meta", artifacts)
    assert result.status == "pass"
    assert 'A script changed the viewport meta: the server sent content="width=1024".' in result.message
    artifacts["server_html"] = served(viewport_meta="width=device-width, initial-scale=1")
    assert "script" not in judge("viewport-meta", artifacts).message, "no note when nothing changed"


def test_a_pixel_removed_by_a_script_says_so_instead_of_not_installed():
    snippet = read_server_html(PIXEL_PAGE, "utf-8", None, catalog())
    artifacts = {"device": PHONE, "network": [], "pixels_dom": {"scripts": [], "inline": [], "noscript": [],
                                                                "blocked": []}, "server_html": snippet}
    config = {"pixels": [{"vendor": "meta", "id": META_ID}]}
    result = judge("tracking-pixels", artifacts, config=config)
    assert result.status == "fail"
    assert f"meta {META_ID} did not fire (a script on the page removed it: it is in the HTML the server sent)" \
        in result.message
    artifacts["server_html"] = served()
    assert "(not installed)" in judge("tracking-pixels", artifacts, config=config).message


def test_an_offer_missing_from_a_page_served_by_user_agent_names_the_mobile_template():
    offer = {"key": "sale", "text": "Sale 50%", "visible": True, "above_fold": True, "covered_by": None,
             "box": None, "reason": None, "selector": "p"}
    desktop = {"device": DESKTOP, "offers": {"found": [offer], "configured": {}}}
    phone = {"device": PHONE, "offers": {"found": [], "configured": {}}, "server_html": served(vary_user_agent=True)}
    result = judge("offers-visible", phone, {"Desktop": desktop, "Pixel 7": phone})
    assert result.status == "fail"
    assert "Vary: User-Agent" in result.message and "mobile template" in result.message
    phone["server_html"] = served()
    assert "Vary" not in judge("offers-visible", phone, {"Desktop": desktop, "Pixel 7": phone}).message


OFFER_PAGE = ('<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" '
              'content="width=device-width, initial-scale=1"><title>{title}</title></head><body><h1>Shop</h1>{offer}'
              '<a href="/pixels/phones-removed.html">pixel page</a></body></html>')


def served_by_user_agent(handler) -> None:
    """Dynamic serving: phones get a template without the sale banner."""
    phone = "Mobile" in handler.headers.get("User-Agent", "")
    offer = "" if phone else '<p class="promo">Sale 50% off everything this week</p>'
    handler.send_text(OFFER_PAGE.format(title="phone" if phone else "desktop", offer=offer),
                      headers={"Vary": "User-Agent"})


@pytest.mark.browser
def test_an_audit_compares_the_served_html_with_each_render(tmp_path):
    config = tmp_path / "shop.toml"
    with SiteServer(SITE, routes={"/served-by-agent.html": served_by_user_agent}) as server:
        config.write_text(f'[site]\nstart_urls = ["{server.url}/served-by-agent.html"]\ndevices = ["Pixel 7"]\n'
                          f'max_depth = 1\n[[pixels]]\nvendor = "meta"\nid = "{META_ID}"\npages = "phones"\n',
                          encoding="utf-8")
        result = mobicrawl("audit", "--config", str(config), "--out", str(tmp_path / "run"), "--settle", "1",
                           "--quiet", "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    pages = pages_by_path(load_report(tmp_path / "run"))
    results = {(path, r["device"], r["check"]): r for path, page in pages.items() for r in page["results"]}
    pixel = results[("/pixels/phones-removed.html", "Pixel 7", "tracking-pixels")]
    assert pixel["status"] == "fail" and "a script on the page removed it" in pixel["message"]
    viewport = results[("/pixels/phones-removed.html", "Pixel 7", "viewport-meta")]
    assert viewport["status"] == "pass" and 'the server sent content="width=1024"' in viewport["message"]
    offers = results[("/served-by-agent.html", "Pixel 7", "offers-visible")]
    assert offers["status"] == "fail" and "Vary: User-Agent" in offers["message"]
