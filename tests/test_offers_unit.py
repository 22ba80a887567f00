"""offers-visible matching and status rules on literal and recorded artifacts (no browser)."""
from __future__ import annotations

import pytest

from checks.base import CheckContext
from checks.offers_visible import audit
from checks.registry import run_all
from conftest import load_artifacts
from crawler.gather.offers_options import js_regex

PHONE = {"name": "Pixel 7", "is_mobile": True, "width": 412, "height": 839}
DESKTOP = {"name": "Desktop", "is_mobile": False}


def offer(text, visible=True, above_fold=True, reason=None, covered_by=None, y=100):
    return {"text": text, "key": text.lower(), "selector": ".promo", "box": {"x": 0, "y": y, "w": 300, "h": 40},
            "rendered": reason is None or covered_by is not None, "visible": visible, "above_fold": above_fold,
            "reason": reason, "covered_by": covered_by}


def judge(phone_found, desktop_found, configured=(), config_offers=(), url="https://shop.vn/"):
    phone = {"device": PHONE, "offers": {"found": phone_found, "configured": list(configured)}}
    desktop = {"device": DESKTOP, "offers": {"found": desktop_found, "configured": []}}
    context = CheckContext(url=url, device=PHONE, renders={"Pixel 7": phone, "Desktop": desktop},
                           config={"offers": list(config_offers)})
    return audit(phone, context)


def test_desktop_offer_matched_by_text_on_the_phone():
    result = judge([offer("Giảm 30% hôm nay")], [offer("Giảm 30% hôm nay")])
    assert result.status == "pass" and result.items[0]["visible"]


def test_desktop_offer_absent_from_the_phone_fails():
    result = judge([], [offer("Giảm 30% hôm nay")])
    assert result.status == "fail" and result.items[0]["present"] is False


def test_hidden_and_covered_offers_fail_with_the_reason():
    result = judge([offer("Sale 50%", visible=False, reason="covered by #cookie", covered_by="#cookie")],
                   [offer("Sale 50%")])
    assert result.status == "fail" and "covered by #cookie" in result.message
    assert result.items[0]["covered_by"] == "#cookie"


def test_pushed_below_the_first_screen_warns_but_not_when_desktop_has_it_low_too():
    assert judge([offer("Free shipping", above_fold=False)], [offer("Free shipping")]).status == "warn"
    assert judge([offer("Free shipping", above_fold=False)], [offer("Free shipping", above_fold=False)]).status == "pass"


def test_offers_hidden_on_desktop_are_not_expected_on_phones():
    assert judge([], [offer("Old promo", visible=False, reason="display: none")]).status == "skip"


def test_configured_offer_required_by_pages_regex():
    spec = {"name": "banner", "selector": ".promo", "text": None, "pages": "^/products/"}
    result = judge([], [], configured=[{"name": "banner", "matches": []}], config_offers=[spec],
                   url="https://shop.vn/products/1")
    assert result.status == "fail" and result.items[0]["name"] == "banner" and not result.items[0]["present"]
    elsewhere = judge([], [], configured=[{"name": "banner", "matches": []}], config_offers=[spec],
                      url="https://shop.vn/blog/")
    assert elsewhere.status == "skip"


def test_python_regex_flags_become_javascript_flags():
    assert js_regex("(?i)giảm \\d+%") == ("giảm \\d+%", "ui")
    assert js_regex("Sale") == ("Sale", "u")


@pytest.mark.parametrize("name, status, words", [
    ("covered", "fail", "covered by #wall"),
    ("carousel", "fail", "inactive carousel slide"),
    ("below-fold", "warn", "below the first screen"),
    ("no-diacritics", "pass", None),
    ("nav-link", "skip", None),
])
def test_recorded_phone_and_desktop_renders(name, status, words):
    recorded = load_artifacts(f"offers/{name}.json")
    results = run_all(recorded["renders"], recorded["url"], {})
    result = next(r for r in results if r["check"] == "offers-visible" and r["device"] == "iPhone 13")
    assert result["status"] == status, result["message"]
    if words:
        assert words in result["message"]
