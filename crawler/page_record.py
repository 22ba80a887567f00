"""Judge one page: run every check on its renders and build its report.json entry."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from checks.registry import all_checks, run_all

PAGE_FIELDS = ("url", "final_url", "http_status", "depth", "error", "content_type", "audited")


class Outcome(StrEnum):
    """What became of a page: only `audited` pages can be ready; `not_html` files are listed, by design."""

    AUDITED = "audited"  # rendered and judged at every device
    PARTIAL = "partial"  # rendered at some devices; at the others every check says why it could not judge
    NOT_RENDERED = "not_rendered"  # could not be audited: error status, timeout, left the site, too large...
    NOT_HTML = "not_html"  # a file or a download: listed, never rendered

    @property
    def counts_against(self) -> bool:
        """A page the audit meant to judge and could not, wholly or in part: never a pass."""
        return self in (Outcome.PARTIAL, Outcome.NOT_RENDERED)


def page_record(page: dict[str, Any], renders: dict[str, dict[str, Any]], check_config: dict[str, Any]) -> dict[str, Any]:
    """`page` is the spider's page item; `renders` its artifacts by device name."""
    record: dict[str, Any] = {key: page.get(key) for key in PAGE_FIELDS}
    record.update(title=None, results=[], screenshots={}, console_errors={}, dialogs={},
                  outcome=str(_outcome(page, renders)))
    for field in evidence_fields():
        record[field] = []
    if not record["error"]:
        record["error"] = _render_error(renders)
    rendered = {device: artifacts for device, artifacts in renders.items() if not artifacts.get("error")}
    record["audited"] = bool(rendered)
    if not rendered:
        return record
    first = next(iter(rendered.values()))
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
        if artifacts.get("dialogs"):
            record["dialogs"][device] = artifacts["dialogs"]
    return record


def _render_error(renders: dict[str, dict[str, Any]]) -> str | None:
    """Why renders failed: the cause once when every device failed alike, else each device's."""
    causes = {device: artifacts["error"] for device, artifacts in renders.items() if artifacts.get("error")}
    if not causes:
        return None
    if len(causes) == len(renders) and len(set(causes.values())) == 1:
        return next(iter(causes.values()))[:500]
    return "; ".join(sorted(f"{device}: {cause}" for device, cause in causes.items()))[:500]


def _outcome(page: dict[str, Any], renders: dict[str, dict[str, Any]]) -> Outcome:
    if page.get("not_html"):
        return Outcome.NOT_HTML
    failed = [artifacts for artifacts in renders.values() if artifacts.get("error")]
    if not page.get("audited") or not renders or len(failed) == len(renders):
        return Outcome.NOT_RENDERED
    return Outcome.PARTIAL if failed else Outcome.AUDITED


def evidence_fields() -> list[str]:
    return [check.meta.evidence_field for check in all_checks() if check.meta.evidence_field]
