"""Judge one page: run every check on its renders and build its report.json entry."""
from __future__ import annotations

from typing import Any

from checks.registry import all_checks, run_all

PAGE_FIELDS = ("url", "final_url", "http_status", "depth", "error", "content_type", "audited")


def page_record(page: dict[str, Any], renders: dict[str, dict[str, Any]], check_config: dict[str, Any]) -> dict[str, Any]:
    """`page` is the spider's page item; `renders` its artifacts by device name."""
    record: dict[str, Any] = {key: page.get(key) for key in PAGE_FIELDS}
    record.update(title=None, results=[], screenshots={}, console_errors={})
    for field in evidence_fields():
        record[field] = []
    if not renders:
        return record
    first = next(iter(renders.values()))
    record["title"] = (first.get("page") or {}).get("title")
    record["final_url"] = record["final_url"] or first.get("final_url")
    record["results"] = run_all(renders, record["url"], check_config)
    evidence = {check.meta.id: check.meta.evidence_field for check in all_checks() if check.meta.evidence_field}
    for result in record["results"]:
        if evidence_field := evidence.get(result["check"]):
            record[evidence_field].extend(result["items"])
    for device, artifacts in renders.items():
        if shot := artifacts.get("screenshot"):
            record["screenshots"][device] = shot
        if artifacts.get("console_errors"):
            record["console_errors"][device] = artifacts["console_errors"]
    errors = sorted({f"{device}: {a['error']}" for device, a in renders.items() if a.get("error")})
    if errors and not record["error"]:
        record["error"] = "; ".join(errors)[:500]
    return record


def evidence_fields() -> list[str]:
    return [check.meta.evidence_field for check in all_checks() if check.meta.evidence_field]
