"""English and Vietnamese: one catalogue each, the same keys and placeholders, and a report in either."""
from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest

from checks.registry import all_checks
from cli_run import load_report, mobicrawl
from crawl_site import crawl_server
from crawler.config import config_from_dict
from crawler.errors import ConfigError
from crawler.i18n import CHECK_FIELDS, catalogue
from crawler.report import write_reports

SAMPLE_RUN = Path(__file__).parent / "artifacts" / "report" / "sample_run"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    english, vietnamese = catalogue("en"), catalogue("vi")
    shared = {key for key in vietnamese if not key.startswith("checks.")}
    assert set(english) == shared
    for key, text in english.items():
        assert placeholders(text) == placeholders(vietnamese[key]), key
        assert vietnamese[key].strip(), key


def test_every_check_speaks_vietnamese():
    vietnamese = catalogue("vi")
    for check in all_checks():
        for field in CHECK_FIELDS:
            assert vietnamese.get(f"checks.{check.meta.id}.{field}"), f"checks.{check.meta.id}.{field}"
    assert {key.split(".")[1] for key in vietnamese if key.startswith("checks.")} == {c.meta.id for c in all_checks()}


def report_in(tmp_path, lang):
    run_dir = tmp_path / lang
    shutil.copytree(SAMPLE_RUN, run_dir)
    write_reports(run_dir, {"html"}, lang)
    return (run_dir / "index.html").read_bytes().decode("utf-8")


def test_the_html_report_in_vietnamese_and_in_english(tmp_path):
    vi, en = report_in(tmp_path, "vi"), report_in(tmp_path, "en")
    assert '<html lang="vi">' in vi and "<h1>Báo cáo mức sẵn sàng cho điện thoại</h1>" in vi
    assert "Không có viewport dùng được cho điện thoại" in vi  # viewport-meta's title when it fails
    assert "Cách khắc phục:" in vi and '"js.all_pages":"← Tất cả các trang"' in vi
    assert not re.search(r"\\u1e[0-9a-f]{2}", vi), "Vietnamese letters are written as UTF-8, not escaped"
    assert '<html lang="en">' in en and "<h1>Mobile readiness report</h1>" in en and "Tất cả" not in en


def test_a_language_the_report_does_not_speak_is_a_config_error():
    with pytest.raises(ConfigError, match="site.lang: must be one of en, vi, not 'fr'"):
        config_from_dict({"site": {"start_urls": ["https://shop.vn/"], "lang": "fr"}}, "shop.toml")


@pytest.mark.browser
def test_an_audit_with_lang_vi_writes_a_vietnamese_report(tmp_path):
    with crawl_server() as server:
        result = mobicrawl("audit", server.url + "/about.html", "--out", str(tmp_path / "run"), "--lang", "vi",
                           "--max-pages", "1", "--device", "Pixel 7", "--settle", "0", "--no-sitemaps", "--quiet",
                           "--fail-on", "never")
    assert result.returncode == 0, result.stderr
    assert load_report(tmp_path / "run")["run"]["lang"] == "vi"
    html = (tmp_path / "run" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="vi">' in html and "Các bước kiểm tra" in html and "Chữ dễ đọc" in html
