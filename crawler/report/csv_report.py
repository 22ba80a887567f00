"""pages.csv: one row per page and device with each check's status and the pixels that fired."""
from __future__ import annotations

import csv
import io
from typing import Any

from .ranking import page_devices

# A spreadsheet runs a cell that starts with one of these as a formula; page text is untrusted.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render(report: dict[str, Any]) -> str:
    check_ids = _check_ids(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["url", "final_url", "device", "http_status", "depth", "audited", "error",
                     *check_ids, "pixels_fired"])
    for page in report["pages"]:
        statuses = {(r["device"], r["check"]): r["status"] for r in page.get("results", [])}
        for device in page_devices(page, report["run"]["devices"]) or [""]:
            writer.writerow([_safe(page["url"]), _safe(page.get("final_url") or ""), device,
                             page.get("http_status") or "", page.get("depth", ""),
                             "yes" if page.get("audited") else "no", _safe(_why(page)),
                             *(statuses.get((device, check_id), "") for check_id in check_ids),
                             _safe(_pixels_fired(page, device))])
    return out.getvalue()


def _check_ids(report: dict[str, Any]) -> list[str]:
    ids = [check["id"] for check in report.get("checks", [])]
    for page in report["pages"]:
        ids += [r["check"] for r in page.get("results", []) if r["check"] not in ids]
    return ids


def _why(page: dict[str, Any]) -> str:
    if page.get("error") or page.get("audited"):
        return page.get("error") or ""
    return f"not a web page ({page.get('content_type') or 'unknown type'})"


def _pixels_fired(page: dict[str, Any], device: str) -> str:
    return "; ".join(f"{p['vendor']} {p.get('id') or ''}".strip()
                     for p in page.get("pixels", []) if p.get("device") == device and p.get("fired"))


def _safe(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text
