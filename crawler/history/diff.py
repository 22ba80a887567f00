"""What got worse and what got better between two runs (two report.json files) of one site."""
from __future__ import annotations

from typing import Any

RANK = {"skip": 0, "pass": 1, "error": 2, "warn": 2, "fail": 3}


def _pages(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Pages by final URL, so a page that moved behind a redirect is still the same page."""
    return {page.get("final_url") or page["url"]: page for page in report.get("pages", [])}


def _change(kind: str, url: str | None, text: str, device: str | None = None, check: str | None = None) -> dict:
    return {"kind": kind, "url": url, "device": device, "check": check, "text": text}


def diff_reports(old: dict[str, Any], new: dict[str, Any], baseline_dir: str | None = None) -> dict[str, Any]:
    old_pages, new_pages = _pages(old), _pages(new)
    worse: list[dict[str, Any]] = []
    better: list[dict[str, Any]] = []
    for url in new_pages.keys() - old_pages.keys():
        (worse if new_pages[url].get("error") else better).append(_change("page appeared", url, "new page"))
    for url in old_pages.keys() - new_pages.keys():
        worse.append(_change("page disappeared", url, "no longer found by the crawl"))
    for url in new_pages.keys() & old_pages.keys():
        before, after = old_pages[url], new_pages[url]
        if after.get("error") and not before.get("error"):
            worse.append(_change("page error", url, f"started failing: {after['error']}"))
        elif before.get("error") and not after.get("error"):
            better.append(_change("page error", url, "no longer errors"))
        old_results = {(r["device"], r["check"]): r for r in before.get("results", [])}
        for result in after.get("results", []):
            key = (result["device"], result["check"])
            was = old_results.get(key, {}).get("status", "pass")
            if RANK.get(result["status"], 0) > RANK.get(was, 0) and result["status"] in ("warn", "fail", "error"):
                worse.append(_change(f"new {result['status']}", url, result["message"], *key))
            elif RANK.get(result["status"], 0) < RANK.get(was, 0) and was in ("warn", "fail"):
                better.append(_change(f"fixed {was}", url, f"now {result['status']}", *key))
        old_offers = {(o["name"], o["device"]): o for o in before.get("offers", [])}
        for offer in after.get("offers", []):
            was = old_offers.get((offer["name"], offer["device"]))
            if was and was.get("visible") and not offer.get("visible"):
                worse.append(_change("offer hidden", url, f"“{offer['name']}” {offer.get('reason') or 'is no longer visible'}",
                                     offer["device"], "offers-visible"))
    worse += _pixel_drops(old, new, better)
    return {"baseline": {"run_id": old.get("run", {}).get("id"), "finished_at": old.get("run", {}).get("finished_at"),
                         "dir": baseline_dir},
            "worse": worse, "better": better}


def _pixel_drops(old: dict[str, Any], new: dict[str, Any], better: list[dict]) -> list[dict]:
    def rows(report):
        return {(r["vendor"], r["id"], r["device"]): r for r in report.get("summary", {}).get("pixels", [])}

    drops, before = [], rows(old)
    for key, row in rows(new).items():
        was = before.get(key)
        if was is None:
            continue
        lost = sorted(set(row["missing"]) - set(was["missing"]))
        if lost:
            drops.append(_change("pixel coverage dropped", lost[0], f"{key[0]} {key[1]} stopped firing on "
                                 f"{len(lost)} page(s): {', '.join(lost[:5])}", key[2], "tracking-pixels")
                         | {"pages_lost": lost})
        gained = sorted(set(was["missing"]) - set(row["missing"]))
        if gained:
            better.append(_change("pixel coverage rose", gained[0], f"{key[0]} {key[1]} now fires on "
                                  f"{len(gained)} more page(s)", key[2], "tracking-pixels"))
    return drops


def format_diff(since: dict[str, Any]) -> str:
    lines = [f"Since run {since['baseline']['run_id']} ({since['baseline']['finished_at']}):",
             f"  {len(since['worse'])} got worse, {len(since['better'])} got better"]
    for title, changes in (("Worse", since["worse"]), ("Better", since["better"])):
        if changes:
            lines.append(f"{title}:")
            lines += [f"  - [{c['kind']}] {c['url']}" + (f" ({c['device']}, {c['check']})" if c["check"] else "")
                      + f": {c['text']}" for c in changes]
    return "\n".join(lines)
