"""Judge one page: run every check on its renders and build its report.json entry."""
from __future__ import annotations

from typing import Any, cast

from checks.artifacts import RenderArtifacts
from checks.registry import all_checks, run_all

from .records import PAGE_FIELDS, Outcome, PageItem, PageRecord


def page_record(page: PageItem, renders: dict[str, RenderArtifacts], check_config: dict[str, Any]) -> PageRecord:
    """`page` is the spider's page item; `renders` its artifacts by device name."""
    record: dict[str, Any] = {key: page.get(key) for key in PAGE_FIELDS}
    record.update(title=None, results=[], screenshots={}, console_errors={}, dialogs={},
                  outcome=str(_outcome(page, renders)))
    evidence = {c.meta.id: c.meta.evidence_field for c in all_checks() if c.meta.evidence_field is not None}
    for evidence_field in evidence.values():
        record[evidence_field] = []
    if not record["error"]:
        record["error"] = _render_error(renders)
    record["audited"] = any(not artifacts.get("error") for artifacts in renders.values())
    if record["audited"]:
        _judge(record, renders, check_config, evidence)
    return cast(PageRecord, record)  # its keys are PageRecord's: tests/test_boundaries.py checks


def _judge(record: dict[str, Any], renders: dict[str, RenderArtifacts], check_config: dict[str, Any],
           evidence: dict[str, str]) -> None:
    first = next(artifacts for artifacts in renders.values() if not artifacts.get("error"))
    record["title"] = first["page"].get("title") if "page" in first else None
    record["final_url"] = record["final_url"] or first.get("final_url")
    record["results"] = run_all(renders, record["url"], check_config)
    for result in record["results"]:
        if evidence_field := evidence.get(result["check"]):
            record[evidence_field].extend(result["items"])
    for device, artifacts in renders.items():
        if shot := artifacts.get("screenshot"):
            record["screenshots"][device] = shot
        if artifacts.get("console_errors"):
            record["console_errors"][device] = artifacts["console_errors"]
        if artifacts.get("dialogs"):
            record["dialogs"][device] = artifacts["dialogs"]


def _render_error(renders: dict[str, RenderArtifacts]) -> str | None:
    """Why renders failed: the cause once when every device failed alike, else each device's."""
    causes = {device: artifacts["error"] for device, artifacts in renders.items() if artifacts.get("error")}
    if not causes:
        return None
    if len(causes) == len(renders) and len(set(causes.values())) == 1:
        return str(next(iter(causes.values())))[:500]
    return "; ".join(sorted(f"{device}: {cause}" for device, cause in causes.items()))[:500]


def _outcome(page: PageItem, renders: dict[str, RenderArtifacts]) -> Outcome:
    if page.get("not_html"):
        return Outcome.NOT_HTML
    failed = [artifacts for artifacts in renders.values() if artifacts.get("error")]
    if not page.get("audited") or not renders or len(failed) == len(renders):
        return Outcome.NOT_RENDERED
    return Outcome.PARTIAL if failed else Outcome.AUDITED
