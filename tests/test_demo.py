"""`mobicrawl demo` end to end: the bundled shop is served, crawled, judged and reported, offline."""
from __future__ import annotations

import pytest

from cli_run import load_report, mobicrawl, pages_by_path

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "run"
    result = mobicrawl("demo", "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr  # the shop is broken on purpose: the demo still succeeds
    return out, load_report(out)


def failing(report: dict, check: str) -> set[str]:
    from urllib.parse import urlsplit

    return {urlsplit(p["url"]).path for p in report["pages"]
            for r in p["results"] if r["check"] == check and r["status"] == "fail"}


def test_the_whole_shop_is_crawled(demo):
    run_dir, report = demo
    pages = pages_by_path(report)
    assert report["summary"]["pages"] >= 15
    assert "/san-pham/den-long-hoi-an.html" in pages, "the sitemap-only page"
    assert not any(path.startswith("/admin") for path in pages), "robots.txt disallows /admin/"
    assert not pages["/bang-gia.pdf"]["audited"]
    for name in ("index.html", "junit.xml", "pages.csv", "report.json"):
        assert (run_dir / name).is_file()


def test_each_layout_problem_is_found_where_the_shop_has_it(demo):
    report = demo[1]
    assert {"/gioi-thieu.html", "/lien-he.html"} <= failing(report, "viewport-meta")
    assert "/san-pham/tui-coi.html" in failing(report, "content-width")
    assert "/blog/ao-dai-ngay-tet.html" in failing(report, "font-size")
    assert "/san-pham/ao-dai-lua.html" in failing(report, "tap-targets")
    assert "/san-pham/gom-bat-trang.html" in failing(report, "plugins")
    assert "/blog/" in failing(report, "interstitial")
    assert "/en/" not in set().union(*(failing(report, c) for c in
                                       ("viewport-meta", "content-width", "font-size", "tap-targets")))


def test_pixels_on_the_demo_shop(demo):
    report = demo[1]
    assert "/gio-hang.html" in failing(report, "tracking-pixels"), "the cart has no Meta pixel"
    shipping = pages_by_path(report)["/giao-hang.html"]
    by_device = {r["device"]: r["status"] for r in shipping["results"] if r["check"] == "tracking-pixels"}
    assert by_device["Desktop"] == "pass" and by_device["iPhone 13"] == "fail", "Meta fires on desktop only"
    coffee = pages_by_path(report)["/san-pham/ca-phe-robusta.html"]
    assert any(r["check"] == "tracking-pixels" and r["status"] == "warn" for r in coffee["results"])
    coverage = {(row["vendor"], row["device"]): row for row in report["summary"]["pixels"]}
    assert coverage[("ga4", "Pixel 7")]["share"] == 1.0
    assert "/gio-hang.html" in " ".join(coverage[("meta", "Pixel 7")]["missing"])
    home_gtm = next(x for x in pages_by_path(report)["/"]["pixels"]
                    if x["vendor"] == "gtm" and x["device"] == "Pixel 7")
    assert home_gtm["tags"] == [{"vendor": "google-ads", "id": "AW-123456789", "fired": True}], "the tag GTM loads"
    assert not any(row["id"] == "?" for row in report["summary"]["pixels"]), "no phantom pixel without an id"


def test_offers_on_the_demo_shop(demo):
    report = demo[1]
    pages = pages_by_path(report)
    home = [o for o in pages["/"]["offers"] if o["name"] == "home promo banner" and o["device"] == "iPhone 13"]
    assert home and home[0]["present"] and not home[0]["visible"], "the banner is hidden on phones"
    covered = [o for o in pages["/khuyen-mai.html"]["offers"] if o["device"] == "Pixel 7" and o["covered_by"]]
    assert covered and "onetrust" in covered[0]["covered_by"]
    low = [r for r in pages["/san-pham/non-la.html"]["results"] if r["check"] == "offers-visible"]
    assert all(r["status"] == "warn" for r in low if r["device"] != "Desktop")
    assert "/" in failing(report, "offers-visible") and "/khuyen-mai.html" in failing(report, "offers-visible")


def test_the_demo_shows_an_interaction_gated_tag_and_a_consent_mode_tag(demo):
    pages = pages_by_path(demo[1])
    tiktok = [x for x in pages["/blog/"]["pixels"] if x["vendor"] == "tiktok"]
    assert tiktok and all(x["fired"] and x["phase"] == "interaction" for x in tiktok)
    blog = [r for r in pages["/blog/"]["results"] if r["check"] == "tracking-pixels"]
    assert all("waits for the visitor's first touch" in r["message"] for r in blog)
    ga4 = next(x for x in pages["/khuyen-mai.html"]["pixels"] if x["vendor"] == "ga4" and x["device"] == "Pixel 7")
    assert ga4["consent_mode"]["analytics_storage"] == "denied"
    promo = next(r for r in pages["/khuyen-mai.html"]["results"]
                 if r["check"] == "tracking-pixels" and r["device"] == "Pixel 7")
    assert "Google consent mode" in promo["message"]


def test_the_demo_report_says_how_to_fix_and_links_the_guides(demo):
    run_dir, report = demo
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "How to fix:" in html and 'href="docs/checks/tap-targets.md"' in html
    for check in report["checks"]:
        assert check["fix"] and (run_dir / check["help_url"]).is_file()


def test_the_demo_findings_read_at_a_glance(demo):
    report = demo[1]
    phone_only = {c["id"] for c in report["checks"] if c["applies_to"] == "mobile"}
    assert not [r for p in report["pages"] for r in p.get("results", [])
                if r["device"] == "Desktop" and r["check"] in phone_only], "phone-only checks on phones only"
    assert report["summary"]["by_check"]["tap-targets"]["skip"] == 0
    names = {o["name"] for p in report["pages"] for o in p.get("offers", [])}
    assert names and all(len(name) <= 160 for name in names)
    assert not any(word in name.lower() for name in names for word in ("đăng ký", "email", "mô tả")), names
    checkout = pages_by_path(report)["/thanh-toan.html"].get("offers", [])
    assert not any("Mã giảm giá" in o["name"] for o in checkout), "the checkout's coupon field is not an offer"
    statuses = {o.get("status") for p in report["pages"] for o in p.get("offers", [])}
    assert {"fail", "pass"} <= statuses
