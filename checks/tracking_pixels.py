"""tracking-pixels: each expected pixel fires once per page view, with the right id, on every device."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .base import FOUND, CheckContext, CheckMeta, CheckResult, ConsentChoice, Phase, Status, failed, passed, result, skipped, warned
from .pixel_catalog import catalog
from .consent_mode import denied
from .pixel_evidence import pixel_record, pixel_records, removed_by_script
from .registry import register
from .text import Sentences, Text

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


SAY = Sentences(
    "tracking-pixels",
    did_not_fire="{pixel} did not fire ({why}).",
    why_blocked="blocked until consent",
    why_removed="a script on the page removed it: it is in the HTML the server sent",
    why_silent="installed but did not fire",
    why_missing="not installed",
    wrong_id="{vendor} fired with id {fired_id}, expected {expected_id}.",
    after_refusal="{pixel} fires after the visitor refused consent.",
    denied_before_consent="{pixel} runs in Google consent mode with {signals} denied before consent.",
    denied_after_accept="{pixel} still sends {signals} denied after the visitor accepted (the consent banner "
                        "does not update Google consent mode).",
    initialised_twice="{pixel} is initialised {count} times on this page (installed twice?).",
    pageviews_twice="{pixel} fired {count} page views for one page view (installed twice?).",
    universal_analytics="Universal Analytics {id} still sends hits (retired since 2023).",
    before_consent="{pixel} fires before consent.",
    waits_for_interaction="{pixel} waits for the visitor's first touch, scroll or mouse move (visitors who leave "
                          "without one are not counted).",
    unjudged="The consent banner's button ({button}) could not be clicked, so {pixels}, held until consent, could "
             "not be judged.",
    fired="Fired: {pixels}.",
    none_expected="Pixels are installed; none was expected.",
    none_found="No tracking pixel found on this page.",
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
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    known = catalog(context.config.get("vendors"))
    vendors = {vendor.key: vendor for vendor in known}
    records = pixel_records(artifacts, known)
    removed = removed_by_script(artifacts, known)
    expected = _expected(context.config, context.url)
    problems: list[Text] = []
    warnings: list[Text] = []
    unjudged: list[str] = []
    unclickable = (artifacts.get("consent") or {}).get("unclickable")
    for want in expected:
        mine = [r for r in records if r["vendor"] == want["vendor"]]
        if unclickable and any(r["blocked"] for r in mine) and not any(r["fired"] for r in mine):
            unjudged.append(f"{want['vendor']} {want['id']}")  # held until a consent mobicrawl could not give
            continue
        if not any(r["id"] == want["id"] and r["fired"] for r in mine):
            why = SAY.why_blocked() if any(r["blocked"] for r in mine) else \
                SAY.why_removed() if {(want["vendor"], want["id"]), (want["vendor"], None)} & removed else \
                SAY.why_silent() if mine else SAY.why_missing()
            problems.append(SAY.did_not_fire(pixel=f"{want['vendor']} {want['id']}", why=why))
            if not any(r["id"] == want["id"] for r in mine) and want["vendor"] in vendors:
                records.append(pixel_record(vendors[want["vendor"]], want["id"], context.device.get("name"), [],
                                            installed=bool(mine), blocked=any(r["blocked"] for r in mine)))
        for other in mine:
            if other["fired"] and other["id"] != want["id"]:
                problems.append(SAY.wrong_id(vendor=want["vendor"], fired_id=other["id"], expected_id=want["id"]))
    consent = artifacts.get("consent") or {}
    consent_clicked, refused = bool(consent.get("clicked")), consent.get("choice") == ConsentChoice.REJECT
    notes: list[Text] = []
    wanted = {(w["vendor"], w["id"]) for w in expected}
    for r in records:
        failed_before, warned_before = len(problems), len(warnings)
        pixel = f"{r['vendor']} {r['id']}"
        if signals := denied(r["consent_mode"]):
            notes.append(SAY.denied_before_consent(pixel=pixel, signals=", ".join(signals)))
        if consent_clicked and not refused and (signals := denied(r["consent_mode_after_consent"])):
            warnings.append(SAY.denied_after_accept(pixel=pixel, signals=", ".join(signals)))
        if refused and r["marketing"] and r["after_consent"]:
            problems.append(SAY.after_refusal(pixel=pixel))
        if r["inits"] > 1:
            warnings.append(SAY.initialised_twice(pixel=pixel, count=r["inits"]))
        elif r["pageviews"] > 1:
            warnings.append(SAY.pageviews_twice(pixel=pixel, count=r["pageviews"]))
        if r["vendor"] == "ua" and r["fired"]:
            warnings.append(SAY.universal_analytics(id=r["id"]))
        if consent_clicked and r["marketing"] and r["before_consent"]:
            warnings.append(SAY.before_consent(pixel=pixel))
        if r["phase"] == Phase.INTERACTION:
            warnings.append(SAY.waits_for_interaction(pixel=pixel))
        r["expected"] = (r["vendor"], r["id"]) in wanted
        r["status"] = Status.ERROR if pixel in unjudged else \
            _status(r, wanted, len(problems) > failed_before, len(warnings) > warned_before)
    if problems:
        return failed(problems + warnings + notes, records)
    if unjudged:  # never a pass, never a "missing": the render could not get as far as the pixel
        return result(Status.ERROR, SAY.unjudged(button=unclickable, pixels=", ".join(unjudged)), records)
    if warnings:
        return warned(warnings + notes, records)
    fired = [f"{r['vendor']} {r['id']}" for r in records if r["fired"]]
    if not records:
        return skipped(SAY.none_found())
    return passed([SAY.fired(pixels=", ".join(fired)) if fired else SAY.none_expected(), *notes], records)
