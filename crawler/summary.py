"""The report's summary: page counts, readiness, and each check's results by status."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from checks.base import Status

from .records import Outcome, PageRecord
from .report.coverage import pixel_coverage


def summarize(pages: Iterable[PageRecord], devices: list[dict[str, Any]]) -> dict[str, Any]:
    mobile = {d["name"] for d in devices if d.get("is_mobile")}
    by_check: dict[str, Counter] = defaultdict(Counter)
    outcomes: Counter = Counter()
    audited = with_findings = ready = not_audited = errored = 0
    kept: list[dict[str, Any]] = []  # only the fields pixel coverage needs
    for page in pages:
        outcome = page_outcome(page)
        outcomes[outcome] += 1
        if not page.get("audited"):
            not_audited += 1
            continue
        audited += 1
        errored += bool(page.get("error"))
        statuses = {(r["device"], Status(r["status"])) for r in page["results"]}
        for result in page["results"]:
            by_check[result["check"]][result["status"]] += 1
        with_findings += any(status.is_finding for _, status in statuses)
        ready += outcome is Outcome.AUDITED and not any(status is Status.FAIL and device in mobile
                                                         for device, status in statuses)
        kept.append({"url": page["url"], "final_url": page.get("final_url"), "audited": True,
                     "pixels": page.get("pixels", [])})
    # pages the audit meant to judge and could not count against readiness: a page that never rendered is no pass
    judged = audited + outcomes[Outcome.NOT_RENDERED]
    return {
        "pages": audited,
        "pages_with_findings": with_findings,
        "pages_with_errors": errored,
        "not_audited": not_audited,
        "not_rendered": outcomes[Outcome.NOT_RENDERED] + outcomes[Outcome.PARTIAL],
        "readiness": round(ready / judged, 4) if judged else None,
        "by_check": {check: {str(s): counts.get(s, 0) for s in Status}
                     for check, counts in by_check.items()},
        "pixels": pixel_coverage(kept),
    }


def page_outcome(page: PageRecord | dict[str, Any]) -> Outcome:
    """A page record's outcome; records written before 0.2.0 have none and are told by their fields."""
    if page.get("outcome"):
        return Outcome(page["outcome"])
    if page.get("audited"):
        return Outcome.PARTIAL if page.get("error") else Outcome.AUDITED
    return Outcome.NOT_HTML if (page.get("error") or "").startswith("not HTML") else Outcome.NOT_RENDERED
