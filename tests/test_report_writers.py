"""The report writers on a recorded run: JUnit for CI, CSV for spreadsheets, HTML that never runs page text, the terminal summary."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from lxml import etree
from rich.console import Console

from crawler.report import write_reports
from crawler.report.terminal import print_summary

REPORT_ARTIFACTS = Path(__file__).parent / "artifacts" / "report"
EVIL_TITLE = "<script>window.__pwned=1</script>Sale"
EVIL_TEXT = '"><img src=x onerror="window.__pwned=2">'


@pytest.fixture
def run_dir(tmp_path) -> Path:
    target = tmp_path / "run"
    shutil.copytree(REPORT_ARTIFACTS / "sample_run", target)
    return target


def edit_report(run_dir: Path, change) -> dict:
    path = run_dir / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    change(report)
    path.write_text(json.dumps(report), encoding="utf-8")
    return report


def test_writes_only_the_formats_asked(run_dir):
    written = write_reports(run_dir, {"csv", "json"})
    assert written == {"json": run_dir / "report.json", "csv": run_dir / "pages.csv"}
    assert not (run_dir / "index.html").exists() and not (run_dir / "junit.xml").exists()


def test_junit_is_valid_and_its_counts_match_the_summary(run_dir):
    write_reports(run_dir, {"junit"})
    schema = etree.XMLSchema(etree.parse(str(REPORT_ARTIFACTS / "junit-10.xsd")))
    doc = etree.parse(str(run_dir / "junit.xml"))
    schema.assertValid(doc)

    by_check = json.loads((run_dir / "report.json").read_text(encoding="utf-8"))["summary"]["by_check"]
    suites = {suite.get("name"): suite for suite in doc.getroot()}
    assert list(suites) == list(by_check)
    for check_id, counts in by_check.items():
        suite = suites[check_id]
        assert int(suite.get("tests")) == sum(counts.values()) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == counts["fail"] == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == counts["error"] == len(suite.findall("testcase/error"))
        assert int(suite.get("skipped")) == counts["skip"] == len(suite.findall("testcase/skipped"))
    assert int(doc.getroot().get("failures")) == sum(c["fail"] for c in by_check.values())

    case = suites["content-width"].find("testcase[@name='https://shop.example/products/runner-shoe [Pixel 7]']")
    failure = case.find("failure")
    assert failure.get("message").startswith("The page is 916 px wide on a 412 px screen: it scrolls sideways. How to fix:")
    assert "main > table.size-chart" in failure.text  # the element at fault, for the CI log
    warned = suites["viewport-meta"].find("testcase[@name='https://shop.example/sale [Pixel 7]']/system-out")
    assert warned.text.startswith("warning: Zoom is blocked")


def test_junit_stays_parseable_with_control_characters_in_page_text(run_dir):
    def add_bell(report):
        report["pages"][1]["results"][1]["message"] = "ding\x07 \x00dong"

    edit_report(run_dir, add_bell)
    write_reports(run_dir, {"junit"})
    messages = [f.get("message") for f in etree.parse(str(run_dir / "junit.xml")).iter("failure")]
    assert any(message.startswith("ding\ufffd \ufffddong. How to fix:") for message in messages)


def read_csv(run_dir: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO((run_dir / "pages.csv").read_text(encoding="utf-8"))))


def test_csv_has_one_row_per_page_and_device(run_dir):
    write_reports(run_dir, {"csv"})
    rows = read_csv(run_dir)
    assert len(rows) == 5 * 3 + 1  # five audited pages at three devices, one PDF
    shoe = {r["device"]: r for r in rows if r["url"].endswith("/runner-shoe")}
    assert shoe["Pixel 7"]["content-width"] == "fail" and shoe["Pixel 7"]["viewport-meta"] == "pass"
    assert shoe["Desktop"]["content-width"] == "skip"
    assert shoe["Pixel 7"]["pixels_fired"] == "meta 111111111111111"  # ga4 did not fire there
    assert (shoe["Pixel 7"]["http_status"], shoe["Pixel 7"]["depth"]) == ("200", "1")
    pdf = next(r for r in rows if r["url"].endswith(".pdf"))
    assert (pdf["audited"], pdf["device"], pdf["error"]) == ("no", "", "not a web page (application/pdf)")
    assert next(r for r in rows if r["url"].endswith("/broken"))["error"] == "net::ERR_CONNECTION_RESET"


def test_csv_cells_from_page_text_never_become_formulas(run_dir):
    def formula_error(report):
        report["pages"][4]["error"] = '=HYPERLINK("http://evil.example","click")'

    edit_report(run_dir, formula_error)
    write_reports(run_dir, {"csv"})
    broken = next(r for r in read_csv(run_dir) if r["url"].endswith("/broken"))
    assert broken["error"] == "'" + '=HYPERLINK("http://evil.example","click")'


def test_html_never_writes_page_text_as_markup(run_dir):
    def evil_everywhere(report):
        report["since_last"]["worse"][0]["text"] = EVIL_TITLE
        report["pages"][5]["url"] = "https://shop.example/" + EVIL_TEXT

    edit_report(run_dir, evil_everywhere)
    write_reports(run_dir, {"html"})
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    assert EVIL_TITLE not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Sale" in html  # shown as text in "Since the last crawl"
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in html  # and in "Not audited"
    # The page data is embedded as JSON with <, > and & escaped, so it cannot close its <script> tag.
    assert "\\u003cscript\\u003ewindow.__pwned=1\\u003c/script\\u003e" in html
    assert html.count("<script") == 2  # the data block and the report's own script, nothing else


def test_html_works_offline(run_dir):
    write_reports(run_dir, {"html"})
    html = (run_dir / "index.html").read_text(encoding="utf-8")
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "").split('id="report-data"')[0]
    assert "<link" not in html and "@import" not in html


def test_terminal_summary_shows_checks_worst_pages_and_the_report(run_dir):
    write_reports(run_dir, {"html"})
    report = edit_report(run_dir, lambda r: r["pages"][1].update(url="https://shop.example/[bold]shoe"))
    console = Console(record=True, width=140, color_system=None)
    print_summary(report, run_dir, console=console)
    text = console.export_text()
    assert "5 pages audited, 3 with findings, 1 not audited. Mobile-ready: 60%" in text
    checks_line = next(line for line in text.splitlines() if line.strip().startswith("content-width"))
    assert checks_line.split() == ["content-width", "6", "·", "2", "·", "7"]
    worst = text.split("Worst pages")[1]
    assert worst.index("/[bold]shoe") < worst.index("/blog/how-to-choose")  # page text shown as is
    assert "https://shop.example/blog" not in worst, "pages of the audited site are shown by their path"
    assert f"Report: {run_dir / 'index.html'}" in text


def test_junit_failures_and_the_terminal_say_how_to_fix(run_dir):
    write_reports(run_dir, {"junit", "html"})
    failures = list(etree.parse(str(run_dir / "junit.xml")).iter("failure"))
    tap = next(f for f in failures if f.get("type") == "tap-targets")
    assert "How to fix: Make the listed links and buttons at least 48x48 CSS px" in tap.get("message")
    assert tap.get("message").endswith("(see docs/checks/tap-targets.md)")
    assert (run_dir / "docs" / "checks" / "tap-targets.md").is_file(), "the guide the HTML report links"
    console = Console(record=True, width=400, color_system=None)
    print_summary(json.loads((run_dir / "report.json").read_text(encoding="utf-8")), run_dir, console=console)
    how = console.export_text().split("How to fix")[1].split("Worst pages")[0]
    assert "tap-targets: Make the listed links" in how and "See docs/checks/tap-targets.md" in how
    assert "plugins" not in how, "a check with no failure or warning needs no fix"
