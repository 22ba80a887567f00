"""tracking-pixels: each expected pixel fires once per page view, with the right id, on every device."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import FOUND, CheckMeta, CheckResult, ConsentChoice, Phase, Status, failed, passed, skipped, warned
from .pixel_catalog import catalog
from .consent_mode import denied
from .pixel_evidence import pixel_record, pixel_records, removed_by_script
from .registry import register

META = CheckMeta(
    id="tracking-pixels",
    title="Marketing pixels fire",
    failure_title="A marketing pixel does not fire, or fires wrongly",
    description="Retargeting and conversion tracking only work where the pixel fires. Expected pixels "
                "must fire once per page view with the configured id; beacons were answered locally.",
    applies_to="all",
    evidence_field="pixels",
    requires=("network", "pixels_dom"),
    fix="Install each expected pixel once, with the configured id, in the template every page uses (or in"
        " the tag manager's container with an all-pages trigger), for phones as for desktop.",
)


def _expected(config: dict, url: str) -> list[dict]:
    path = urlsplit(url).path or "/"
    return [p for p in config.get("pixels", []) if re.search(p.get("pages", ".*"), path)]


def _status(record: dict, wanted: set[tuple[str, str]], failed_here: bool, warned_here: bool) -> str:
    """A pixel's own status: an expected one passes or fails, one nobody configured is only found."""
    wrong_id = record["fired"] and any(v == record["vendor"] for v, _ in wanted) and not record["expected"]
    if (record["expected"] and not record["fired"]) or wrong_id or failed_here:
        return Status.FAIL
    if warned_here:
        return Status.WARN
    return Status.PASS if record["expected"] else FOUND


@register(META)
def audit(artifacts, context):
    known = catalog(context.config.get("vendors"))
    vendors = {vendor.key: vendor for vendor in known}
    records = pixel_records(artifacts, known)
    removed = removed_by_script(artifacts, known)
    expected = _expected(context.config, context.url)
    problems, warnings, unjudged = [], [], []
    unclickable = (artifacts.get("consent") or {}).get("unclickable")
    for want in expected:
        mine = [r for r in records if r["vendor"] == want["vendor"]]
        if unclickable and any(r["blocked"] for r in mine) and not any(r["fired"] for r in mine):
            unjudged.append(f"{want['vendor']} {want['id']}")  # held until a consent mobicrawl could not give
            continue
        if not any(r["id"] == want["id"] and r["fired"] for r in mine):
            why = "blocked until consent" if any(r["blocked"] for r in mine) else \
                  "a script on the page removed it: it is in the HTML the server sent" \
                  if {(want["vendor"], want["id"]), (want["vendor"], None)} & removed else \
                  "installed but did not fire" if mine else "not installed"
            problems.append(f"{want['vendor']} {want['id']} did not fire ({why})")
            if not any(r["id"] == want["id"] for r in mine) and want["vendor"] in vendors:
                records.append(pixel_record(vendors[want["vendor"]], want["id"], context.device.get("name"), [],
                                            installed=bool(mine), blocked=any(r["blocked"] for r in mine)))
        for other in mine:
            if other["fired"] and other["id"] != want["id"]:
                problems.append(f"{want['vendor']} fired with id {other['id']}, expected {want['id']}")
    consent = artifacts.get("consent") or {}
    consent_clicked, refused = bool(consent.get("clicked")), consent.get("choice") == ConsentChoice.REJECT
    notes = []
    wanted = {(w["vendor"], w["id"]) for w in expected}
    for r in records:
        failed_before, warned_before = len(problems), len(warnings)
        if signals := denied(r["consent_mode"]):
            notes.append(f"{r['vendor']} {r['id']} runs in Google consent mode with {', '.join(signals)} denied "
                         "before consent.")
        if consent_clicked and not refused and (signals := denied(r["consent_mode_after_consent"])):
            warnings.append(f"{r['vendor']} {r['id']} still sends {', '.join(signals)} denied after the visitor "
                            "accepted (the consent banner does not update Google consent mode)")
        if refused and r["marketing"] and r["after_consent"]:
            problems.append(f"{r['vendor']} {r['id']} fires after the visitor refused consent")
        if r["inits"] > 1:
            warnings.append(f"{r['vendor']} {r['id']} is initialised {r['inits']} times on this page (installed twice?)")
        elif r["pageviews"] > 1:
            warnings.append(f"{r['vendor']} {r['id']} fired {r['pageviews']} page views for one page view "
                            "(installed twice?)")
        if r["vendor"] == "ua" and r["fired"]:
            warnings.append(f"Universal Analytics {r['id']} still sends hits (retired since 2023)")
        if consent_clicked and r["marketing"] and r["before_consent"]:
            warnings.append(f"{r['vendor']} {r['id']} fires before consent")
        if r["phase"] == Phase.INTERACTION:
            warnings.append(f"{r['vendor']} {r['id']} waits for the visitor's first touch, scroll or mouse move "
                            "(visitors who leave without one are not counted)")
        r["expected"] = (r["vendor"], r["id"]) in wanted
        r["status"] = Status.ERROR if f"{r['vendor']} {r['id']}" in unjudged else \
            _status(r, wanted, len(problems) > failed_before, len(warnings) > warned_before)
    if problems:
        return failed(" ".join(["; ".join(problems + warnings) + "."] + notes), records)
    if unjudged:  # never a pass, never a "missing": the render could not get as far as the pixel
        return CheckResult(Status.ERROR, f"The consent banner's button ({unclickable}) could not be clicked, so "
                                         f"{', '.join(unjudged)}, held until consent, could not be judged.", records)
    if warnings:
        return warned(" ".join(["; ".join(warnings) + "."] + notes), records)
    fired = [f"{r['vendor']} {r['id']}" for r in records if r["fired"]]
    if not records:
        return skipped("No tracking pixel found on this page.")
    return passed(" ".join([f"Fired: {', '.join(fired)}." if fired else "Pixels are installed; none was expected."]
                           + notes), records)
