"""English and Vietnamese: one catalogue each, the same keys and placeholders, and a report in either."""
from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import json

import pytest
from rich.console import Console

from checks.registry import all_checks, run_all
from checks.text import placeholders as sentence_placeholders
from cli_run import load_report, mobicrawl
from crawl_site import crawl_server
from crawler.config import config_from_dict
from crawler.errors import ConfigError
from crawler.history.diff import diff_reports
from crawler.history.diff_text import alert_text, format_diff
from crawler.i18n import CHECK_FIELDS, catalogue, english_sentences, sentences_in
from crawler.report import write_reports
from crawler.report.terminal import print_summary

ARTIFACTS = Path(__file__).parent / "artifacts"
SAMPLE_RUN = ARTIFACTS / "report" / "sample_run"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_placeholders():
    english, vietnamese = catalogue("en"), catalogue("vi")
    shared = {key for key in vietnamese if not key.startswith(("checks.", "messages."))}
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


def test_every_sentence_a_check_writes_has_a_vietnamese_twin():
    english, vietnamese = english_sentences(), catalogue("vi")
    assert {key for key in vietnamese if key.startswith("messages.")} == set(english)
    for key, template in english.items():
        assert sentence_placeholders(template) == sentence_placeholders(vietnamese[key]), key


def recorded_results(name: str) -> list[dict]:
    recorded = json.loads((ARTIFACTS / name).read_text(encoding="utf-8"))
    return run_all(recorded["renders"], recorded["url"], {})


def test_a_result_message_is_written_in_vietnamese_from_its_parts():
    results = {(r["check"], r["device"]): r for r in recorded_results("layout/no-viewport.json")}
    viewport = results["viewport-meta", "Pixel 7"]
    assert viewport["message"] == 'No <meta name="viewport">: phones lay the page out 980 px wide and shrink it.'
    assert sentences_in("vi", viewport["message"], viewport["message_parts"]) == \
        "Không có <meta name=\"viewport\">: điện thoại dàn trang rộng 980 px rồi thu nhỏ lại."
    wide = results["content-width", "Pixel 7"]
    assert re.fullmatch(r"Trang rộng \d+ px trên màn hình 412 px: phải cuộn ngang\..*",
                        sentences_in("vi", wide["message"], wide["message_parts"]))
    assert sentences_in("en", wide["message"], wide["message_parts"]) == wide["message"]


def test_a_sentence_inside_a_sentence_is_translated_too():
    results = recorded_results("offers/carousel.json")
    unseen = next(r for r in results if r["check"] == "offers-visible" and r["status"] == "fail")
    assert "inactive carousel slide" in unseen["message"]
    assert "nằm ở slide chưa hiện của carousel" in sentences_in("vi", unseen["message"], unseen["message_parts"])


def test_a_run_without_message_parts_keeps_its_english_and_an_unknown_sentence_does_too():
    assert sentences_in("vi", "Old message.", None) == "Old message."
    assert sentences_in("vi", "Custom.", [{"key": "messages.custom.x", "values": {}}]) == "Custom."


def two_runs() -> tuple[dict, dict]:
    """The sample run, and a later run of it where the first page lost its viewport and a page is new."""
    old = json.loads((SAMPLE_RUN / "report.json").read_text(encoding="utf-8"))
    new = json.loads(json.dumps(old))
    page = new["pages"][0]
    page["results"] = recorded_results("layout/no-viewport.json")
    page["final_url"] = page["url"]
    page["offers"] = [{"name": "Sale", "device": "Pixel 7", "present": True, "visible": False, "above_fold": False,
                       "covered_by": None, "reason": "inactive carousel slide", "status": "fail"}]
    new["pages"].append({**old["pages"][1], "url": "https://shop.example/new", "final_url": None})
    new["since_last"] = diff_reports(old, new)
    return old, new


def test_the_diff_lines_and_the_alert_in_vietnamese():
    since = two_runs()[1]["since_last"]
    lines = format_diff(since, "vi")
    assert lines.startswith("Từ lần quét ") and "Tệ hơn:" in lines and "[không đạt mới]" in lines
    assert "điện thoại dàn trang rộng 980 px" in lines and "[trang mới xuất hiện] https://shop.example/new: trang mới" in lines
    assert "got worse" not in lines and "new fail" in format_diff(since, "en")
    alert = alert_text("Shop", since, "/runs/1/index.html", "vi")
    assert alert.startswith(f"mobicrawl: {len(since['worse'])} điều tệ hơn trên Shop kể từ lần quét trước")
    assert alert.endswith("Báo cáo: /runs/1/index.html")


def test_the_changes_since_the_last_run_are_written_in_vietnamese(tmp_path):
    new = two_runs()[1]
    run_dir = tmp_path / "run"
    shutil.copytree(SAMPLE_RUN, run_dir)
    (run_dir / "report.json").write_text(json.dumps(new), encoding="utf-8")
    write_reports(run_dir, {"html"}, "vi")
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    since = html[html.index('id="since-last"'):html.index("</section>", html.index('id="since-last"'))]
    assert "Không có &lt;meta name=&#34;viewport&#34;&gt;: điện thoại dàn trang" in since
    assert "trang mới" in since and "phones lay the page out" not in since
    data = json.loads(html.split('id="report-data">', 1)[1].split("</script>", 1)[0])
    messages = [r["message"] for p in data["pages"] for r in p["results"] if r.get("message")]
    assert "Trang rộng 981 px trên màn hình 412 px: phải cuộn ngang." in messages
    reasons = {o["reason"] for p in data["pages"] for o in p["offers"] if o.get("reason")}
    assert "nằm ở slide chưa hiện của carousel" in reasons and "inactive carousel slide" not in reasons, reasons


def test_the_terminal_summary_in_vietnamese_names_the_vietnamese_guide(tmp_path):
    report = json.loads((SAMPLE_RUN / "report.json").read_text(encoding="utf-8"))
    report["run"]["lang"] = "vi"
    console = Console(record=True, width=400, color_system=None)
    print_summary(report, tmp_path, console=console)
    printed = console.export_text()
    assert "trang có vấn đề" in printed and "Sẵn sàng cho điện thoại:" in printed and "Cách khắc phục" in printed
    assert "Xem docs/checks/vi/viewport-meta.md" in printed and "pages audited" not in printed


def test_a_vietnamese_report_links_the_vietnamese_guides_and_carries_them(tmp_path):
    html = report_in(tmp_path, "vi")
    assert '"help_url":"docs/checks/vi/viewport-meta.md"' in html
    guide = (tmp_path / "vi" / "docs" / "checks" / "vi" / "viewport-meta.md").read_text(encoding="utf-8")
    assert guide.startswith("# viewport-meta:") and "Cách khắc phục" in guide
    assert (tmp_path / "vi" / "docs" / "checks" / "viewport-meta.md").is_file()  # for `report --lang en` later


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
