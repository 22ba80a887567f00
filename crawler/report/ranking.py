"""How bad a page is: the order every report lists pages in, worst first."""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable

from checks.base import Status


def page_counts(page: dict[str, Any]) -> Counter[Status]:
    return Counter(Status(result["status"]) for result in page.get("results", []))


def severity(page: dict[str, Any]) -> tuple[int, int, int, int]:
    """Sort key, larger is worse: failures, then broken renders or checks, then warnings."""
    counts = page_counts(page)
    return counts[Status.FAIL], bool(page.get("error")), counts[Status.ERROR], counts[Status.WARN]


def worst_first(pages: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audited pages, worst first; ties keep crawl order."""
    return sorted((p for p in pages if p.get("audited")), key=severity, reverse=True)


def page_devices(page: dict[str, Any], devices: list[dict[str, Any]]) -> list[str]:
    """The run's devices this page has results at, in the run's order."""
    seen = {result["device"] for result in page.get("results", [])}
    return [d["name"] for d in devices if d["name"] in seen]
