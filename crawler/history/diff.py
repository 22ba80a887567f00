"""What got worse, what got better and what is new between two runs (two report.json files) of one site."""
from __future__ import annotations

from typing import Any

from checks.base import FINDINGS, Status
from checks.offers_visible import reason_text
from checks.text import Sentences, Text

NEW_FINDING_LEVELS = (Status.FAIL, Status.ERROR)  # what `--fail-on new` counts
SAY = Sentences(
    "diff",
    could_not_render="could not be rendered: {error}",
    new_page_not_rendered="new page that could not be rendered: {error}",
    new_page="new page",
    gone="no longer found by the crawl",
    started_failing="started failing: {error}",
    no_longer_errors="no longer errors",
    now="now {status}",
    offer_hidden="“{name}” {reason}",
    offer_gone="“{name}” is no longer visible",
    pixel_lost="{pixel} stopped firing on {count} page(s): {pages}",
    pixel_missing_on_new_page="{pixel} does not fire on this new page",
    pixel_gained="{pixel} now fires on {count} more page(s)",
)


def _pages(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Pages by final URL, so a page that moved behind a redirect is still the same page."""
    return {page.get("final_url") or page["url"]: page for page in report.get("pages", [])}


def _rank(status: str | None) -> int:
    return Status(status or Status.PASS).rank


def _change(kind: str, url: str | None, text: Text | dict[str, Any], device: str | None = None,
            check: str | None = None) -> dict:
    """One change; `text` is a sentence, or a result whose message it repeats. `text_parts` is the text by
    catalogue key, for reports in other languages."""
    english, parts = (text.english(), [text.record()]) if isinstance(text, Text) else \
        (text["message"], text.get("message_parts") or [])
    return {"kind": kind, "url": url, "device": device, "check": check, "text": english, "text_parts": parts}


def new_findings(old: dict[str, Any], new: dict[str, Any],
                 levels: tuple[Status, ...] = NEW_FINDING_LEVELS) -> list[dict[str, Any]]:
    """Findings at `levels` in `new` that `old` did not have: by page, device and check, new pages included,
    plus pages that newly could not be rendered."""
    old_pages = _pages(old)
    found = []
    for url, page in _pages(new).items():
        before = old_pages.get(url, {})
        if page.get("error") and not before.get("error") and Status.ERROR in levels:
            found.append(_change("page error", url, SAY.could_not_render(error=page["error"])))
        had = {(r["device"], r["check"]): r["status"] for r in before.get("results", [])}
        for result in page.get("results", []):
            key = (result["device"], result["check"])
            if result["status"] in levels and had.get(key) not in levels:
                found.append(_change(f"new {result['status']}", url, result, *key))
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
            worse.append(_change("page error", url, SAY.new_page_not_rendered(error=page["error"])))
        else:
            added.append(_change("page appeared", url, SAY.new_page()))
    for url in sorted(old_pages.keys() - new_pages.keys()):
        worse.append(_change("page disappeared", url, SAY.gone()))
    for url in new_pages.keys() & old_pages.keys():
        _page_changes(url, old_pages[url], new_pages[url], worse, better)
    _pixel_changes(old, new, worse, better, added)
    return {"baseline": {"run_id": old.get("run", {}).get("id"), "finished_at": old.get("run", {}).get("finished_at"),
                         "dir": baseline_dir},
            "worse": worse, "better": better, "added": added, "new_findings": new_findings(old, new)}


def _page_changes(url: str, before: dict, after: dict, worse: list[dict], better: list[dict]) -> None:
    if after.get("error") and not before.get("error"):
        worse.append(_change("page error", url, SAY.started_failing(error=after["error"])))
    elif before.get("error") and not after.get("error"):
        better.append(_change("page error", url, SAY.no_longer_errors()))
    old_results = {(r["device"], r["check"]): r for r in before.get("results", [])}
    for result in after.get("results", []):
        key = (result["device"], result["check"])
        was = old_results.get(key, {}).get("status", Status.PASS)
        if _rank(result["status"]) > _rank(was) and result["status"] in FINDINGS:
            worse.append(_change(f"new {result['status']}", url, result, *key))
        elif _rank(result["status"]) < _rank(was) and was in FINDINGS:
            better.append(_change(f"fixed {was}", url, SAY.now(status=result["status"]), *key))
    old_offers = {(o["name"], o["device"]): o for o in before.get("offers", [])}
    for offer in after.get("offers", []):
        was = old_offers.get((offer["name"], offer["device"]))
        if was and was.get("visible") and not offer.get("visible"):
            why = SAY.offer_hidden(name=offer["name"], reason=reason_text(offer["reason"])) if offer.get("reason") \
                else SAY.offer_gone(name=offer["name"])
            worse.append(_change("offer hidden", url, why, offer["device"], "offers-visible"))


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
            worse.append(_change("pixel coverage dropped", lost[0], SAY.pixel_lost(pixel=f"{vendor} {pixel_id}",
                                 count=len(lost), pages=", ".join(lost[:5])), device, "tracking-pixels")
                         | {"pages_lost": lost})
        for url in sorted(missing - both):
            added.append(_change(f"new page without {vendor}", url,
                                 SAY.pixel_missing_on_new_page(pixel=f"{vendor} {pixel_id}"), device, "tracking-pixels"))
        gained = sorted(set(was["missing"]) - missing)
        if gained:
            better.append(_change("pixel coverage rose", gained[0], SAY.pixel_gained(pixel=f"{vendor} {pixel_id}",
                                  count=len(gained)), device, "tracking-pixels"))
