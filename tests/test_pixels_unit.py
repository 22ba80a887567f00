"""Pixel catalogue matching, evidence and statuses on literal and recorded artifacts (no browser)."""
from __future__ import annotations

import pytest

from checks.base import CheckContext
from checks.pixel_catalog import catalog, match_request, parse_vendor_entry
from checks.registry import run_all
from checks.tracking_pixels import audit
from conftest import load_artifacts

PHONE = {"name": "Pixel 7", "is_mobile": True}


def render(requests, dom=None, consent=None):
    network = [{"url": u, "post_data": body, "phase": phase} for u, body, phase in requests]
    return {"device": PHONE, "network": network, "pixels_dom": dom or {}, "consent": {"clicked": consent}}


def judge(artifacts, pixels=(), vendors=()):
    context = CheckContext(url="https://shop.vn/p/1", device=PHONE, renders={"Pixel 7": artifacts},
                           config={"pixels": [dict(vendor=v, id=i) for v, i in pixels], "vendors": list(vendors)})
    return audit(artifacts, context)


@pytest.mark.parametrize("url, body, expected", [
    ("https://www.facebook.com/tr?id=123456789012345&ev=PageView", None, ("meta", "123456789012345", "PageView")),
    ("https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&en=purchase", None, ("ga4", "G-ABC123", "purchase")),
    ("https://shop.vn/metrics/g/collect?v=2&tid=G-ABC123&en=page_view", None, ("ga4", "G-ABC123", "page_view")),
    ("https://analytics.tiktok.com/api/v2/pixel", '{"event":"Pageview","context":{"pixel":{"code":"C123ABC4567"}}}',
     ("tiktok", "C123ABC4567", "Pageview")),
    ("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/998877/?x=1", None, ("google-ads", "AW-998877", "page_view")),
    ("https://www.google-analytics.com/collect?v=1&tid=UA-1234-1&t=pageview", None, ("ua", "UA-1234-1", "pageview")),
    ("https://bat.bing.com/action/0?ti=5566&evt=pageLoad", None, ("bing-uet", "5566", "pageLoad")),
    ("https://ad.doubleclick.net/activityi;src=8765432;type=sales;cat=buy;gcs=G100;ord=1?", None,
     ("floodlight", "DC-8765432", "activity")),
])
def test_beacons_are_matched_to_vendor_id_and_event(url, body, expected):
    hit = match_request(url, body, catalog())[0]
    assert (hit.vendor, hit.id, hit.event) == expected


def test_a_ga4_url_without_v2_is_not_a_ga4_hit():
    assert match_request("https://shop.vn/g/collect?tid=G-ABC123", None, catalog()) == []


def test_no_config_reports_what_fired():
    result = judge(render([("https://www.facebook.com/tr?id=1234567&ev=PageView", None, "load")]))
    assert result.status == "pass" and result.items[0]["vendor"] == "meta" and result.items[0]["fires"] == 1


def test_duplicate_page_view_warns():
    hit = ("https://www.facebook.com/tr?id=1234567&ev=PageView&r=", None, "load")
    result = judge(render([hit, (hit[0] + "2", None, "load")]))
    assert result.status == "warn" and "installed twice" in result.message


def test_universal_analytics_hit_warns():
    result = judge(render([("https://www.google-analytics.com/collect?v=1&tid=UA-1-1&t=pageview", None, "load")]))
    assert result.status == "warn" and "retired" in result.message


def test_expected_pixel_blocked_by_consent_manager_fails_with_the_reason():
    dom = {"blocked": [{"src": "", "text": "fbq('init', '1234567');", "marks": "optanon-category-C0004"}]}
    result = judge(render([], dom), pixels=[("meta", "1234567")])
    assert result.status == "fail" and "blocked until consent" in result.message
    assert result.items[0]["blocked"] and not result.items[0]["fired"]


def test_a_pixel_held_behind_a_banner_that_could_not_be_clicked_is_an_error_not_a_missing_pixel():
    dom = {"blocked": [{"src": "", "text": "fbq('init', '1234567');", "marks": "optanon-category-C0004"}]}
    artifacts = render([], dom)
    artifacts["consent"] = {"clicked": None, "choice": None, "tcf": None, "unclickable": "#onetrust-accept-btn-handler"}
    result = judge(artifacts, pixels=[("meta", "1234567")])
    assert result.status == "error" and "blocked" not in result.message
    assert result.message == ("The consent banner's button (#onetrust-accept-btn-handler) could not be clicked, so "
                              "meta 1234567, held until consent, could not be judged.")
    assert [item["status"] for item in result.items] == ["error"]


def test_marketing_pixel_before_consent_warns():
    result = judge(render([("https://www.facebook.com/tr?id=1234567&ev=PageView", None, "load")],
                          consent="#onetrust-accept-btn-handler"), pixels=[("meta", "1234567")])
    assert result.status == "warn" and "before consent" in result.message


def test_pages_regex_limits_where_a_pixel_is_expected():
    context = CheckContext(url="https://shop.vn/blog/x", device=PHONE, renders={},
                           config={"pixels": [{"vendor": "meta", "id": "1", "pages": "^/checkout"}]})
    assert audit(render([]), context).status == "skip"


def test_users_add_their_own_vendor_from_config():
    entry = parse_vendor_entry({"key": "acme", "beacons": [{"url": r"^https://t\.acme\.io/hit", "id_param": "a",
                                                            "event": "view"}]})
    result = judge(render([("https://t.acme.io/hit?a=42", None, "load")]), pixels=[("acme", "42")], vendors=[entry])
    assert result.status == "pass" and result.items[0]["vendor"] == "acme"
    with pytest.raises(ValueError):
        parse_vendor_entry({"key": "bad", "beacons": [{"url": "(", "oops": 1}]})


def test_a_batched_ga4_post_counts_each_event():
    body = "en=page_view&_et=1\nen=scroll&_et=2"
    hits = match_request("https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123", body, catalog())
    assert [h.event for h in hits] == ["page_view", "scroll"] and {h.id for h in hits} == {"G-ABC123"}


# An excerpt of a GTM container in Google's own format: JSON tags, HTML in escaped JS strings.
GTM_SOURCE = r'''var data = {"resource": {"version":"42","tags":[{
      "function":"__gaawc","metadata":["map"],"once_per_event":true,
      "vtp_measurementId":"G-GTMTAG001","tag_id":7
    },{
      "function":"__awct","once_per_load":true,"vtp_conversionId":"882040146",
      "vtp_conversionLabel":"caYsCKP11WYQ0rrLpAM","vtp_url":["macro",10],"tag_id":9
    },{
      "function":"__bzi","once_per_event":true,"vtp_id":"70561","tag_id":34
    },{
      "function":"__html","once_per_load":true,
      "vtp_html":"\u003Cscript type=\"text\/gtmscript\"\u003Efbq(\"init\",\"688952224481965\");\u003C\/script\u003E",
      "tag_id":118
    },{
      "function":"__paused","vtp_originalTagType":"hjtc","tag_id":135
    }]}};
    (function(){ var w = "GTM-AB12CD"; })();'''


def test_a_containers_tags_are_read_from_its_templates_and_custom_html():
    from checks.pixel_catalog import container_tags

    assert sorted(container_tags(GTM_SOURCE, catalog())) == [
        ("ga4", "G-GTMTAG001"), ("google-ads", "AW-882040146"), ("gtm", "GTM-AB12CD"), ("linkedin", "70561"),
        ("meta", "688952224481965")]


def test_a_tag_manager_lists_its_tags_and_which_fired():
    ga4_hit = "https://region1.google-analytics.com/g/collect?v=2&tid=G-GTMTAG001&en=page_view"
    artifacts = render([("https://www.googletagmanager.com/gtm.js?id=GTM-AB12CD", None, "load"), (ga4_hit, None, "load")])
    artifacts["containers"] = [{"url": "https://www.googletagmanager.com/gtm.js?id=GTM-AB12CD",
                                "tags": [{"vendor": "gtm", "id": "GTM-AB12CD"}, {"vendor": "ga4", "id": "G-GTMTAG001"},
                                         {"vendor": "linkedin", "id": "70561"}]}]
    gtm = next(item for item in judge(artifacts).items if item["vendor"] == "gtm")
    assert gtm["fired"] and gtm["tags"] == [{"vendor": "ga4", "id": "G-GTMTAG001", "fired": True},
                                            {"vendor": "linkedin", "id": "70561", "fired": False}]


def test_a_script_without_an_id_is_not_a_second_silent_pixel_when_its_vendor_fired():
    artifacts = render([("https://googleads.g.doubleclick.net/pagead/viewthroughconversion/998877/?x=1", None, "load")],
                       dom={"scripts": ["https://www.googletagmanager.com/gtag/js?id=AW-998877"]})
    result = judge(artifacts)
    assert [(item["vendor"], item["id"], item["fired"]) for item in result.items] == [("google-ads", "AW-998877", True)]


def recorded_result(name: str, pixels=()):
    recorded = load_artifacts(f"pixels/{name}.json")
    config = {"pixels": [dict(vendor=v, id=i) for v, i in pixels], "vendors": []}
    return next(r for r in run_all(recorded["renders"], recorded["url"], config) if r["check"] == "tracking-pixels")


def test_recorded_consent_wall_meta_fires_only_after_accept():
    result = recorded_result("consent", [("meta", "111111111111111")])
    meta = next(item for item in result["items"] if item["vendor"] == "meta")
    assert result["status"] == "pass" and meta["fired"] and not meta["before_consent"]


def test_recorded_gtm_container_lists_its_tags():
    result = recorded_result("gtm", [("gtm", "GTM-TEST123")])
    gtm = next(item for item in result["items"] if item["vendor"] == "gtm")
    assert result["status"] == "pass"
    assert [(t["vendor"], t["fired"]) for t in gtm["tags"]] == [("ga4", True), ("tiktok", False), ("linkedin", False)]


@pytest.mark.parametrize("query, expected", [
    ("gcs=G100", {"ad_storage": "denied", "analytics_storage": "denied"}),
    ("gcs=G101", {"ad_storage": "denied", "analytics_storage": "granted"}),
    ("gcs=G1-1", {"analytics_storage": "granted"}),
    ("gcd=11p1p1p1p5", dict.fromkeys(("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization"),
                                     "denied")),
    ("gcs=G111&gcd=13r3v3l3q5", {"ad_storage": "granted", "analytics_storage": "granted", "ad_personalization": "denied"}),
    ("tid=G-1", None),
])
def test_consent_mode_is_decoded_from_gcs_and_gcd_with_only_the_signals_encoded(query, expected):
    from checks.consent_mode import consent_mode

    assert consent_mode(f"https://region1.google-analytics.com/g/collect?v=2&{query}") == expected


GA4 = "https://region1.google-analytics.com/g/collect?v=2&tid=G-ABC123&en=page_view"


def test_a_google_tag_still_denied_after_the_visitor_accepted_warns():
    result = judge(render([(GA4 + "&gcs=G100", None, "load"), (GA4 + "&gcs=G100", None, "consent")],
                          consent="#onetrust-accept-btn-handler"))
    assert result.status == "warn" and "still sends ad_storage, analytics_storage denied" in result.message


def test_a_marketing_pixel_after_a_refusal_fails_and_an_analytics_one_does_not():
    artifacts = render([("https://www.facebook.com/tr?id=1234567&ev=PageView", None, "consent"), (GA4, None, "consent")],
                       consent="#onetrust-reject-all-handler")
    artifacts["consent"]["choice"] = "reject"
    result = judge(artifacts)
    assert result.status == "fail" and "meta 1234567 fires after the visitor refused consent" in result.message
    assert "G-ABC123" not in result.message


def test_the_same_id_initialised_twice_warns_even_with_one_page_view():
    artifacts = render([("https://www.facebook.com/tr?id=1234567&ev=PageView", None, "load")])
    artifacts["pixel_inits"] = [{"vendor": "meta", "id": "1234567"}, {"vendor": "meta", "id": "1234567"}]
    result = judge(artifacts)
    assert result.status == "warn" and "initialised 2 times" in result.message
    assert result.items[0]["inits"] == 2 and result.items[0]["pageviews"] == 1


def test_a_pixel_seen_only_in_the_interaction_phase_fired_and_waits_for_interaction():
    artifacts = render([("https://www.facebook.com/tr?id=1234567&ev=PageView", None, "interaction")])
    artifacts["navigation"] = {"load_event_at": 1000}
    artifacts["network"][0]["at"] = 3500
    result = judge(artifacts, pixels=[("meta", "1234567")])
    assert result.status == "warn" and "waits for the visitor's first touch" in result.message
    assert result.items[0]["phase"] == "interaction" and result.items[0]["delay_ms"] == 2500


def test_a_floodlight_beacon_carries_consent_mode_in_its_path():
    from checks.consent_mode import consent_mode

    url = "https://ad.doubleclick.net/activityi;src=8765432;type=sales;gcs=G111;gcd=13t3t3t3t5;ord=1?"
    assert consent_mode(url) == {"ad_storage": "granted", "analytics_storage": "granted", "ad_user_data": "granted",
                                 "ad_personalization": "granted"}
