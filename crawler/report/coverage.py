"""Pixel coverage across the site: per vendor, id and device, the share of pages where it fired."""
from __future__ import annotations

from collections import defaultdict
from typing import Any

from checks.base import Status


def pixel_coverage(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows {vendor, id, device, fired_pages, pages, expected, failed_pages, share, missing: [urls]} for
    audited pages; `expected`: configured in [[pixels]] (judged), otherwise only found."""
    audited = [p for p in pages if p.get("audited")]
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    expected: set[tuple[str, str, str]] = set()
    failed: dict[tuple[str, str, str], int] = defaultdict(int)
    for page in audited:
        for pixel in page.get("pixels", []):
            key = (pixel["vendor"], pixel["id"] or "?", pixel["device"])
            if pixel.get("expected"):
                expected.add(key)
            failed[key] += pixel.get("status") == Status.FAIL
            if pixel["fired"]:
                seen[key].add(page["url"])
            else:
                seen.setdefault(key, set())
    rows = []
    for key, fired in sorted(seen.items()):
        missing = [p["url"] for p in audited if p["url"] not in fired]
        rows.append({"vendor": key[0], "id": key[1], "device": key[2], "fired_pages": len(fired),
                     "pages": len(audited), "expected": key in expected, "failed_pages": failed[key],
                     "share": round(len(fired) / len(audited), 4) if audited else 0, "missing": missing[:200]})
    return rows
