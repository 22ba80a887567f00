"""The audit's exit code from its report: what a CI job or a nightly script sees."""
from __future__ import annotations

import pytest

from crawler.exit_codes import audit_exit_code
from crawler.summary import summarize


def report(by_check: dict | None = None, not_rendered: int = 0, status: str = "complete",
           stopped_by: str | None = None) -> dict:
    return {"run": {"status": status, "stopped_by": stopped_by},
            "summary": {"by_check": by_check or {}, "not_rendered": not_rendered}}


@pytest.mark.parametrize("found, fail_on, code", [
    ({"font-size": {"pass": 3}}, "fail", 0),
    ({"font-size": {"pass": 2, "fail": 1}}, "fail", 1),
    ({"font-size": {"pass": 2, "warn": 1}}, "fail", 0),
    ({"font-size": {"pass": 2, "warn": 1}}, "warn", 1),
    ({"font-size": {"pass": 2, "error": 1}}, "fail", 1),  # a check that broke is no pass
    ({"font-size": {"pass": 2, "error": 1}}, "warn", 1),
    ({"font-size": {"fail": 2, "error": 1}}, "never", 0),
    ({"offers-visible": {"skip": 3}}, "fail", 0),
])
def test_fail_on_counts_failures_warnings_and_errors(found, fail_on, code):
    assert audit_exit_code(report(found), fail_on) == code


@pytest.mark.parametrize("fail_on, code", [("fail", 1), ("warn", 1), ("never", 0)])
def test_a_page_that_could_not_be_rendered_fails_the_run(fail_on, code):
    assert audit_exit_code(report({"font-size": {"pass": 3}}, not_rendered=1), fail_on) == code


def test_a_file_listed_as_not_html_is_not_a_failure_but_a_page_that_did_not_render_is():
    phone = [{"name": "Pixel 7", "is_mobile": True}]
    fine = {"url": "https://shop.example/", "audited": True, "outcome": "audited", "error": None,
            "results": [{"check": "font-size", "device": "Pixel 7", "status": "pass"}]}
    pdf = {"url": "https://shop.example/prices.pdf", "audited": False, "outcome": "not_html",
           "error": "not HTML (application/pdf): not audited", "results": []}
    gone = {"url": "https://shop.example/gone", "audited": False, "outcome": "not_rendered", "error": "HTTP 404",
            "results": []}
    with_pdf = {"run": {"status": "complete"}, "summary": summarize([fine, pdf], phone)}
    assert with_pdf["summary"]["readiness"] == 1.0 and audit_exit_code(with_pdf, "warn") == 0
    with_404 = {"run": {"status": "complete"}, "summary": summarize([fine, pdf, gone], phone)}
    assert with_404["summary"]["readiness"] == 0.5 and audit_exit_code(with_404, "fail") == 1


@pytest.mark.parametrize("stopped_by, code", [("SIGINT", 130), ("SIGTERM", 4), (None, 4)])
def test_a_run_that_did_not_finish_says_so_whatever_it_found(stopped_by, code):
    clean = report({"font-size": {"pass": 3}}, status="interrupted", stopped_by=stopped_by)
    assert audit_exit_code(clean, "never") == code
