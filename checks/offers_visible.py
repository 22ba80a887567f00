"""offers-visible: phone visitors see the offers desktop visitors see, in the first screen."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import CheckMeta, Status, failed, passed, skipped, warned
from .registry import register
from .text import Sentences, Text

META = CheckMeta(
    id="offers-visible",
    title="Offers are visible on phones",
    failure_title="An offer is missing, hidden or covered on phones",
    description="Sales, coupons and free-shipping messages that desktop visitors see must show on phones "
                "too: not hidden by a media query, clipped, moved off-screen or buried under a popup.",
    applies_to="mobile",
    evidence_field="offers",
    requires=("offers",),
    fix="Show the offer on phones too: do not hide it in a mobile media query or an inactive slide, keep "
        "it in the first screen, and keep pop-ups from covering it.",
)
NOT_ON_PAGE = "not on the page"
SAY = Sentences(
    "offers-visible",
    none="No offer on this page.",
    unseen="“{name}”: {reason}.",
    more_unseen="{count} more offer(s) are not seen either.",
    served_apart="The server varies its HTML by user agent (Vary: User-Agent): phones may be sent a mobile "
                 "template that lacks the offer.",
    below_fold="{count} offer(s) show only below the first screen: {names}.",
    visible="{count} offer(s) visible in the first screen.",
    # why an offer is not seen (offers.js gives these in English, as report.json's `reason`)
    not_on_page="not on the page",
    not_visible="not visible",
    display_none="display: none",
    display_none_on="display: none on {selector}",
    inactive_slide="inactive carousel slide",
    visibility_hidden="visibility: hidden",
    transparent="opacity: 0",
    zero_size="zero size",
    off_screen="placed off-screen",
    clipped_by="clipped by {selector}",
    covered_by="covered by {selector}",
)
_REASONS = [(re.compile(pattern), getattr(SAY, name)) for pattern, name in (
    (r"^not on the page$", "not_on_page"), (r"^display: none$", "display_none"),
    (r"^display: none on (?P<selector>.+)$", "display_none_on"), (r"^inactive carousel slide$", "inactive_slide"),
    (r"^visibility: hidden$", "visibility_hidden"), (r"^opacity: 0$", "transparent"), (r"^zero size$", "zero_size"),
    (r"^placed off-screen$", "off_screen"), (r"^clipped by (?P<selector>.+)$", "clipped_by"),
    (r"^covered by (?P<selector>.+)$", "covered_by"))]


def offers_of(artifacts: dict | None) -> dict:
    offers = (artifacts or {}).get("offers") or {}
    if "__error" in offers:
        raise RuntimeError(f"offers.js failed: {offers['__error']}")
    return offers


def reason_text(reason: str | None) -> Text | str:
    """An offer's `reason` as a sentence part a report can translate (an unknown one stays as it is)."""
    if not reason:
        return SAY.not_visible()
    for pattern, text in _REASONS:
        if found := pattern.match(reason):
            return text(**found.groupdict())
    return reason


def record(name: str, device: str, candidate: dict | None) -> dict:
    if candidate is None:
        return {"name": name, "device": device, "present": False, "visible": False, "above_fold": False,
                "covered_by": None, "box": None, "reason": NOT_ON_PAGE, "selector": None}
    return {"name": name, "device": device, "present": True, "visible": candidate["visible"],
            "above_fold": candidate["above_fold"], "covered_by": candidate["covered_by"], "box": candidate["box"],
            "reason": candidate["reason"], "selector": candidate["selector"]}


def best(candidates: list[dict]) -> dict | None:
    """The match a visitor is most likely to see: visible and highest on the page first."""
    ranked = sorted(candidates, key=lambda c: (not c["visible"], not c["above_fold"], c["box"]["y"]))
    return ranked[0] if ranked else None


def configured_records(artifacts: dict, context) -> list[dict]:
    path = urlsplit(context.url).path or "/"
    device = context.device.get("name")
    mine = {c["name"]: c["matches"] for c in offers_of(artifacts).get("configured", [])}
    elsewhere = {c["name"] for render in context.renders.values() if render is not artifacts
                 for c in offers_of(render).get("configured", []) if c["matches"]}
    records = []
    for spec in context.config.get("offers", []):
        required = bool(spec.get("pages")) and re.search(spec["pages"], path)
        if mine.get(spec["name"]) or required or spec["name"] in elsewhere:
            records.append(record(spec["name"], device, best(mine.get(spec["name"], []))))
    return records


def found_records(artifacts: dict, context) -> list[dict]:
    """Offers visible on the desktop render, matched by their text on this phone's render."""
    desktop = context.desktop
    if desktop is None or desktop is artifacts:
        return []
    on_phone: dict[str, list[dict]] = {}
    for candidate in offers_of(artifacts).get("found", []):
        on_phone.setdefault(candidate["key"], []).append(candidate)
    records, seen = [], set()
    for offer in offers_of(desktop).get("found", []):
        if offer["visible"] and offer["key"] not in seen:
            seen.add(offer["key"])
            found = record(offer["text"], context.device.get("name"), best(on_phone.get(offer["key"], [])))
            found["above_fold_on_desktop"] = offer["above_fold"]
            records.append(found)
    return records


@register(META)
def audit(artifacts, context):
    records = configured_records(artifacts, context) + found_records(artifacts, context)
    if not records:
        return skipped(SAY.none())
    unseen = [r for r in records if not r["visible"]]
    # a found offer that desktop also shows below the first screen is not pushed down on phones
    low = [r for r in records if r["visible"] and not r["above_fold"] and r.get("above_fold_on_desktop", True)]
    for r in records:
        r["status"] = Status.FAIL if r in unseen else Status.WARN if r in low else Status.PASS
    if unseen:
        served_apart = (artifacts.get("server_html") or {}).get("vary_user_agent") and \
            any(r["reason"] == NOT_ON_PAGE for r in unseen)
        return failed([SAY.unseen(name=r["name"], reason=reason_text(r["reason"])) for r in unseen[:5]]
                      + ([SAY.more_unseen(count=len(unseen) - 5)] if len(unseen) > 5 else [])
                      + ([SAY.served_apart()] if served_apart else []), records)
    if low:
        return warned(SAY.below_fold(count=len(low), names=", ".join(f"“{r['name']}”" for r in low[:5])), records)
    return passed(SAY.visible(count=len(records)), records)
