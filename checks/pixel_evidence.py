"""Evidence of pixels in one render: what fired (network beacons) and what is installed (DOM)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from .base import Phase
from .consent_mode import consent_mode
from .pixel_catalog import Vendor, match_request, names_a_vendor, script_vendor

PHASES = list(Phase)


def _installed(dom: dict[str, Any], inits: Counter, vendors: tuple[Vendor, ...]) -> dict[tuple[str, str | None], dict[str, bool]]:
    """(vendor, id) -> {"blocked": bool} for every install found in the DOM or seen initialised; id None
    when unknown."""
    found: dict[tuple[str, str | None], dict[str, bool]] = {key: {"blocked": False} for key in inits}

    def add(vendor: Vendor, text: str, blocked: bool) -> None:
        ids = {m.group(1) for pattern in vendor.snippets for m in pattern.finditer(text)
               if vendor.id_format.search(m.group(1))}
        for pixel_id in ids or {None}:
            entry = found.setdefault((vendor.key, pixel_id), {"blocked": blocked})
            entry["blocked"] = entry["blocked"] and blocked

    for src in dom.get("scripts", []):
        if vendor := script_vendor(src, vendors):
            add(vendor, src, False)
    for text in dom.get("inline", []) + dom.get("noscript", []):
        for vendor in vendors:
            if names_a_vendor(text, (vendor,)):
                add(vendor, text, False)
    for script in dom.get("blocked", []):
        for vendor in vendors:
            text = f"{script.get('src', '')}\n{script.get('text', '')}"
            if names_a_vendor(text, (vendor,)):
                add(vendor, text, True)
    # an install whose id is known makes its id-less twin (the script URL alone) redundant
    return {key: value for key, value in found.items()
            if key[1] is not None or not any(k[0] == key[0] and k[1] for k in found)}


def removed_by_script(artifacts: dict[str, Any], vendors: tuple[Vendor, ...]) -> set[tuple[str, str | None]]:
    """(vendor, id) of installs in the HTML the server sent that the rendered page no longer holds: a
    script took them out (noscript fallbacks aside, which never run in a browser with JavaScript)."""
    server = artifacts.get("server_html")
    if not server:
        return set()
    dom = artifacts.get("pixels_dom") or {}
    sent = _installed({"scripts": server["scripts"], "inline": server["inline"]}, Counter(), vendors)
    kept = _installed({key: dom.get(key, []) for key in ("scripts", "inline", "blocked")}, Counter(), vendors)
    return set(sent) - set(kept)


def pixel_records(artifacts: dict[str, Any], vendors: tuple[Vendor, ...]) -> list[dict[str, Any]]:
    """One record per (vendor, id) seen firing or installed: the report's `pixels[]` entries."""
    device = artifacts.get("device", {}).get("name")
    by_vendor = {v.key: v for v in vendors}
    load_at = (artifacts.get("navigation") or {}).get("load_event_at")
    fired: dict[tuple[str, str | None], dict[str, Any]] = {}
    for request in artifacts.get("network", []):
        for hit in match_request(request["url"], request.get("post_data"), vendors):
            record = fired.setdefault((hit.vendor, hit.id), {"events": [], "phases": [], "delays": [], "modes": {}})
            record["events"].append(hit.event)
            phase = Phase(request.get("phase", Phase.LOAD))
            record["phases"].append(phase)
            if mode := consent_mode(request["url"]):
                record["modes"].setdefault(phase == Phase.CONSENT, mode)
            if load_at and request.get("at"):
                record["delays"].append(max(request["at"] - load_at, 0))
    inits = Counter((call["vendor"], call["id"]) for call in artifacts.get("pixel_inits") or []
                    if call["vendor"] in by_vendor)
    installed = _installed(artifacts.get("pixels_dom") or {}, inits, vendors)
    fired_vendors = {vendor for vendor, _ in fired}
    # an install already seen firing adds nothing: same id, or one side's id unknown (a bare script URL)
    silent = [k for k in installed if k not in fired and (k[0], None) not in fired
              and not (k[1] is None and k[0] in fired_vendors)]
    records = []
    for key in list(fired) + silent:
        vendor, pixel_id = key
        seen = fired.get(key, {})
        records.append(pixel_record(by_vendor[vendor], pixel_id, device, seen.get("events", []),
                                    installed=key in installed or (vendor, None) in installed,
                                    blocked=installed.get(key, {}).get("blocked", False), inits=inits[key],
                                    phases=seen.get("phases", []), delays=seen.get("delays", []),
                                    modes=seen.get("modes", {})))
    _add_container_tags(records, artifacts.get("containers") or [], vendors)
    return records


def pixel_record(vendor: Vendor, pixel_id: str | None, device: str | None, events: list[str | None], *,
                 installed: bool, blocked: bool, inits: int = 0, phases: Sequence[Phase] = (), delays: Sequence[int] = (),
                 modes: dict[bool, dict[str, str]] | None = None) -> dict[str, Any]:
    """One report.json `pixels[]` entry; `modes` holds the consent mode sent before (False) and after (True)
    the consent click."""
    pageviews = sum(1 for e in events if e == vendor.pageview) if vendor.pageview else 0
    modes = modes or {}
    return {
        "vendor": vendor.key, "id": pixel_id, "device": device, "fired": bool(events),
        "fires": pageviews or len(events), "pageviews": pageviews, "events": sorted({e for e in events if e}),
        "installed": installed, "inits": inits, "blocked": blocked,
        "phase": str(min(phases, key=PHASES.index)) if phases else None,
        "delay_ms": min(delays) if delays else None,
        "before_consent": any(phase != Phase.CONSENT for phase in phases),
        "after_consent": Phase.CONSENT in phases,
        "consent_mode": modes.get(False), "consent_mode_after_consent": modes.get(True),
        "marketing": vendor.marketing,
    }


def _add_container_tags(records: list[dict[str, Any]], containers: list[dict[str, Any]],
                        vendors: tuple[Vendor, ...]) -> None:
    """A tag manager's record lists the tags its container holds, each with whether it fired here."""
    fired = {(r["vendor"], r["id"]) for r in records if r["fired"]}
    for container in containers:
        for hit in match_request(container["url"], None, vendors):
            record = next((r for r in records if (r["vendor"], r["id"]) == (hit.vendor, hit.id)), None)
            if record is not None:
                record["tags"] = [{**tag, "fired": (tag["vendor"], tag["id"]) in fired} for tag in container["tags"]
                                  if (tag["vendor"], tag["id"]) != (hit.vendor, hit.id)]
