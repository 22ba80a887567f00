"""Pixel coverage across the site: per vendor, id and device, the share of pages where it fired."""
from __future__ import annotations

from collections import defaultdict
from typing import Any


def pixel_coverage(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows {vendor, id, device, fired_pages, pages, share, missing: [urls]} for audited pages."""
    audited = [p for p in pages if p.get("audited")]
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for page in audited:
        for pixel in page.get("pixels", []):
            key = (pixel["vendor"], pixel["id"] or "?", pixel["device"])
            if pixel["fired"]:
                seen[key].add(page["url"])
            else:
                seen.setdefault(key, set())
    rows = []
    for (vendor, pixel_id, device), fired in sorted(seen.items()):
        missing = [p["url"] for p in audited if p["url"] not in fired]
        rows.append({"vendor": vendor, "id": pixel_id, "device": device, "fired_pages": len(fired),
                     "pages": len(audited), "share": round(len(fired) / len(audited), 4) if audited else 0,
                     "missing": missing[:200]})
    return rows
