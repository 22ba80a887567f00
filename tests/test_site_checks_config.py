"""Per-site control of the checks: disable some, change a check's severity, keep pages out of the crawl."""
from __future__ import annotations

import pytest

from checks.registry import run_all
from conftest import load_artifacts
from crawler.config import ConfigError, config_from_dict, load_config
from crawler.urls import UrlFilter

SITE = {"start_urls": ["https://shop.vn/"]}


def results_of(config_checks: dict, name: str = "layout/tap-targets.json") -> dict:
    recorded = load_artifacts(name)
    config = config_from_dict({"site": SITE, "checks": config_checks}, "shop.toml").check_config()
    return {(r["device"], r["check"]): r for r in run_all(recorded["renders"], recorded["url"], config)}


def test_a_disabled_check_does_not_appear():
    results = results_of({"disable": ["interstitial"]})
    assert not any(check == "interstitial" for _, check in results)
    assert ("Pixel 7", "tap-targets") in results


def test_a_severity_override_changes_the_status_and_says_so():
    plain = results_of({})[("Pixel 7", "tap-targets")]
    assert plain["status"] == "fail"
    softened = results_of({"severity": {"tap-targets": "warn"}})[("Pixel 7", "tap-targets")]
    assert softened["status"] == "warn"
    assert softened["message"].startswith(plain["message"].rstrip("."))
    assert softened["message"].endswith("The site config sets this check's severity to warn (it would be fail).")
    passing = results_of({"severity": {"viewport-meta": "warn"}})[("Pixel 7", "viewport-meta")]
    assert passing["status"] == "pass" and "severity" not in passing["message"], "a pass stays a pass"


@pytest.mark.parametrize("toml, problem", [
    ('[checks]\ndisable = ["interstitiel"]', "shop.toml: checks.disable[0]: unknown check id 'interstitiel'"),
    ('[checks.severity]\ntap-targets = "info"', "shop.toml: checks.severity.tap-targets: must be warn or fail, not 'info'"),
    ('[checks.severity]\ntap-target = "warn"', "shop.toml: checks.severity.tap-target: unknown check id"),
    ('[checks]\nenable = ["plugins"]', "shop.toml: checks.enable: unknown key"),
    ('[site]\nstart_urls = ["https://shop.vn/"]\nexclude = ["(unclosed"]', "shop.toml: site.exclude[0]: bad regular expression"),
])
def test_bad_checks_and_url_filters_name_the_key_and_the_file(tmp_path, toml, problem):
    path = tmp_path / "shop.toml"
    if "[site]" not in toml:
        toml = '[site]\nstart_urls = ["https://shop.vn/"]\n' + toml
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(str(tmp_path / problem.split(": ", 1)[0]) + ": " + problem.split(": ", 1)[1])


def test_include_and_exclude_regexes_pick_the_urls_crawled():
    only_products = UrlFilter(include=[r"/san-pham/", r"/$"], exclude=[r"\?sort=", r"/admin"])
    assert only_products.allows("https://shop.vn/san-pham/non-la.html")
    assert only_products.allows("https://shop.vn/")
    assert not only_products.allows("https://shop.vn/blog/tet.html"), "not included"
    assert not only_products.allows("https://shop.vn/san-pham/?sort=price"), "excluded wins"
    assert UrlFilter().allows("https://shop.vn/anything")
