"""What got worse, what got better and what is new between two runs (two report.json files) of one site."""
from __future__ import annotations

from typing import Any

from checks.base import FINDINGS, Status

NEW_FINDING_LEVELS = (Status.FAIL, Status.ERROR)  # what `--fail-on new` counts


def _pages(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Pages by final URL, so a page that moved behind a redirect is still the same page."""
    return {page.get("final_url") or page["url"]: page for page in report.get("pages", [])}


def _rank(status: str | None) -> int:
    return Status(status or Status.PASS).rank


def _change(kind: str, url: str | None, text: str, device: str | None = None, check: str | None = None) -> dict:
    return {"kind": kind, "url": url, "device": device, "check": check, "text": text}


def new_findings(old: dict[str, Any], new: dict[str, Any],
                 levels: tuple[Status, ...] = NEW_FINDING_LEVELS) -> list[dict[str, Any]]:
    """Findings at `levels` in `new` that `old` did not have: by page, device and check, new pages included,
    plus pages that newly could not be rendered."""
    old_pages = _pages(old)
    found = []
    for url, page in _pages(new).items():
        before = old_pages.get(url, {})
        if page.get("error") and not before.get("error") and Status.ERROR in levels:
            found.append(_change("page error", url, f"could not be rendered: {page['error']}"))
        had = {(r["device"], r["check"]): r["status"] for r in before.get("results", [])}
        for result in page.get("results", []):
            key = (result["device"], result["check"])
            if result["status"] in levels and had.get(key) not in levels:
                found.append(_change(f"new {result['status']}", url, result["message"], *key))
    return found


def diff_reports(old: dict[str, Any], new: dict[str, Any], baseline_dir: str | None = None) -> dict[str, Any]:
    """`worse` and `better` on pages present in both runs; `added` pages (and those without a pixel) apart."""
    old_pages, new_pages = _pages(old), _pages(new)
    worse: list[dict[str, Any]] = []
    better: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for url in sorted(new_pages.keys() - old_pages.keys()):
        page = new_pages[url]
        if page.get("error"):
            worse.append(_change("page error", url, f"new page that could not be rendered: {page['error']}"))
        else:
            added.append(_change("page appeared", url, "new page"))
    for url in sorted(old_pages.keys() - new_pages.keys()):
        worse.append(_change("page disappeared", url, "no longer found by the crawl"))
    for url in new_pages.keys() & old_pages.keys():
        _page_changes(url, old_pages[url], new_pages[url], worse, better)
    _pixel_changes(old, new, worse, better, added)
    return {"baseline": {"run_id": old.get("run", {}).get("id"), "finished_at": old.get("run", {}).get("finished_at"),
                         "dir": baseline_dir},
            "worse": worse, "better": better, "added": added, "new_findings": new_findings(old, new)}


def _page_changes(url: str, before: dict, after: dict, worse: list[dict], better: list[dict]) -> None:
    if after.get("error") and not before.get("error"):
        worse.append(_change("page error", url, f"started failing: {after['error']}"))
    elif before.get("error") and not after.get("error"):
        better.append(_change("page error", url, "no longer errors"))
    old_results = {(r["device"], r["check"]): r for r in before.get("results", [])}
    for result in after.get("results", []):
        key = (result["device"], result["check"])
        was = old_results.get(key, {}).get("status", Status.PASS)
        if _rank(result["status"]) > _rank(was) and result["status"] in FINDINGS:
            worse.append(_change(f"new {result['status']}", url, result["message"], *key))
        elif _rank(result["status"]) < _rank(was) and was in FINDINGS:
            better.append(_change(f"fixed {was}", url, f"now {result['status']}", *key))
    old_offers = {(o["name"], o["device"]): o for o in before.get("offers", [])}
    for offer in after.get("offers", []):
        was = old_offers.get((offer["name"], offer["device"]))
        if was and was.get("visible") and not offer.get("visible"):
            worse.append(_change("offer hidden", url, f"“{offer['name']}” {offer.get('reason') or 'is no longer visible'}",
                                 offer["device"], "offers-visible"))


def _pixel_changes(old: dict, new: dict, worse: list[dict], better: list[dict], added: list[dict]) -> None:
    """Coverage lost or gained on pages both runs audited; a new page without the pixel is listed as added."""
    def rows(report):
        return {(r["vendor"], r["id"], r["device"]): r for r in report.get("summary", {}).get("pixels", [])}

    both = {url for page in old.get("pages", []) for url in (page["url"], page.get("final_url")) if url}
    before = rows(old)
    for key, row in rows(new).items():
        was = before.get(key)
        if was is None:
            continue
        vendor, pixel_id, device = key
        missing = set(row["missing"])
        lost = sorted((missing & both) - set(was["missing"]))
        if lost:
            worse.append(_change("pixel coverage dropped", lost[0], f"{vendor} {pixel_id} stopped firing on "
                                 f"{len(lost)} page(s): {', '.join(lost[:5])}", device, "tracking-pixels")
                         | {"pages_lost": lost})
        for url in sorted(missing - both):
            added.append(_change(f"new page without {vendor}", url, f"{vendor} {pixel_id} does not fire on this new page",
                                 device, "tracking-pixels"))
        gained = sorted(set(was["missing"]) - missing)
        if gained:
            better.append(_change("pixel coverage rose", gained[0], f"{vendor} {pixel_id} now fires on "
                                  f"{len(gained)} more page(s)", device, "tracking-pixels"))


def format_diff(since: dict[str, Any]) -> str:
    lines = [f"Since run {since['baseline']['run_id']} ({since['baseline']['finished_at']}):",
             f"  {len(since['worse'])} got worse, {len(since['better'])} got better, "
             f"{len(since.get('added', []))} new"]
    for title, changes in (("Worse", since["worse"]), ("Better", since["better"]), ("New", since.get("added", []))):
        if changes:
            lines.append(f"{title}:")
            lines += [f"  - [{c['kind']}] {c['url']}" + (f" ({c['device']}, {c['check']})" if c["check"] else "")
                      + f": {c['text']}" for c in changes]
    return "\n".join(lines)
