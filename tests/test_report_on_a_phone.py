"""The HTML report read on a phone: mobicrawl audits its own report and finds no layout failure."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_run import load_report, mobicrawl
from crawler.demo.server import SiteServer
from crawler.report import write_reports

pytestmark = pytest.mark.browser
SAMPLE_RUN = Path(__file__).parent / "artifacts" / "report" / "sample_run"
LAYOUT_CHECKS = {"content-width", "font-size", "tap-targets"}


def test_the_report_passes_mobicrawls_own_layout_checks_on_phones(tmp_path):
    run_dir = tmp_path / "run"
    shutil.copytree(SAMPLE_RUN, run_dir)
    write_reports(run_dir, {"html"})
    with SiteServer(run_dir) as server:
        result = mobicrawl("audit", f"{server.url}/index.html", "--out", str(tmp_path / "audit"), "--max-depth", "0",
                           "--no-sitemaps", "--settle", "0", "--fail-on", "never", "--quiet")
    assert result.returncode == 0, result.stderr
    results = load_report(tmp_path / "audit")["pages"][0]["results"]
    phones = {r["device"] for r in results if r["device"] != "Desktop"}
    assert phones == {"Pixel 7", "iPhone 13"}
    failed = [f"{r['device']} {r['check']}: {r['message']}" for r in results
              if r["check"] in LAYOUT_CHECKS and r["status"] == "fail"]
    assert not failed, failed
