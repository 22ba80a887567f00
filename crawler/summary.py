"""The report's summary: page counts, readiness, and each check's results by status."""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from .report.coverage import pixel_coverage

FINDINGS = ("warn", "fail", "error")


def summarize(pages: Iterable[dict[str, Any]], devices: list[dict[str, Any]]) -> dict[str, Any]:
    mobile = {d["name"] for d in devices if d.get("is_mobile")}
    by_check: dict[str, Counter] = defaultdict(Counter)
    audited = with_findings = ready = not_audited = errored = 0
    kept: list[dict[str, Any]] = []  # only the fields pixel coverage needs
    for page in pages:
        if not page.get("audited"):
            not_audited += 1
            continue
        audited += 1
        errored += bool(page.get("error"))
        statuses = {(r["device"], r["status"]) for r in page["results"]}
        for result in page["results"]:
            by_check[result["check"]][result["status"]] += 1
        with_findings += any(status in FINDINGS for _, status in statuses)
        ready += not any(status == "fail" and device in mobile for device, status in statuses)
        kept.append({"url": page["url"], "final_url": page.get("final_url"), "audited": True,
                     "pixels": page.get("pixels", [])})
    return {
        "pages": audited,
        "pages_with_findings": with_findings,
        "pages_with_errors": errored,
        "not_audited": not_audited,
        "readiness": round(ready / audited, 4) if audited else None,
        "by_check": {check: {s: counts.get(s, 0) for s in ("pass", "warn", "fail", "error", "skip")}
                     for check, counts in by_check.items()},
        "pixels": pixel_coverage(kept),
    }
