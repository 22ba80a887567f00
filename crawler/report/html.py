"""index.html: the overview rendered with Jinja2, the page list and page views drawn in the browser from embedded JSON."""
from __future__ import annotations

import re
import secrets
from collections import defaultdict
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader

from checks.base import FINDINGS, FOUND, JUDGED, Status
from checks.offers_visible import reason_text
from checks.text import Text

from ..i18n import DEFAULT, catalogue, check_texts, report_language, sentences_in, translator
from .check_docs import guide_in
from .ranking import severity, worst_first
from .trend_chart import charts

SCRIPT_KEYS = ("js.", "badge.")  # the catalogue's messages the in-page script draws
MAX_ITEMS = 50  # per result in the HTML; report.json keeps them all
# A screenshot path from report.json must stay inside the run folder and be an image.
_SAFE_SHOT = re.compile(r"^(?!/)(?!.*\.\.)[\w./-]+\.(jpe?g|webp|png)$")
# A check's guide: a Markdown file inside the run folder (copied there by check_docs).
_SAFE_DOC = re.compile(r"^docs/checks/([a-z]{2}/)?[\w-]+\.md$")


def when(iso: str | None) -> str:
    """An ISO time as people read it: 2026-11-20 09:00 UTC."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M %Z").strip()
    except ValueError:
        return iso or ""


_env = Environment(loader=PackageLoader("crawler.report", "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["when"] = when
# |tojson still escapes <, >, & and ' so the data cannot close its <script>; keep the checks' key order and UTF-8.
_env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":")}


def render(report: dict[str, Any]) -> str:
    pages = report["pages"]
    lang = report_language(report)
    t = translator(lang)
    return _env.get_template("index.html.j2").render(
        run=report["run"], tool=report.get("tool", {}), summary=report["summary"],
        checks=_check_rows(report, lang),
        offers=_offer_rows(pages, {d["name"] for d in report["run"]["devices"] if d.get("is_mobile")}),
        not_audited=[p for p in pages if not p.get("audited")],
        since_last=_since_last(report.get("since_last"), lang), trend=charts(report.get("trend") or [], t),
        data=_page_data(report, lang), nonce=secrets.token_urlsafe(16),
        statuses=[str(s) for s in Status], judged=[str(s) for s in JUDGED], lang=lang, t=t,
    )


def _checks(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The report's checks in `lang`, with a help_url kept only where it is a guide inside the run folder."""
    guides = {check["id"]: guide_in(lang, check.get("help_url")) or "" for check in report.get("checks", [])}
    return [{**check_texts(lang, check), "help_url": guides[check["id"]] if _SAFE_DOC.match(guides[check["id"]]) else None}
            for check in report.get("checks", [])]


def _check_rows(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    by_check = report["summary"].get("by_check", {})
    rows = []
    for check in _checks(report, lang):
        counts = {str(s): by_check.get(check["id"], {}).get(s, 0) for s in Status}
        judged = sum(counts[s] for s in JUDGED) or 1
        rows.append({**check, "counts": counts,
                     "bar": {str(s): round(100 * counts[s] / judged, 1) for s in JUDGED}})
    return rows


def _offer_rows(pages: list[dict[str, Any]], phones: set[str]) -> list[dict[str, Any]]:
    """Per offer: on how many pages it was found, and on how many a phone shows it on the first screen."""
    found: dict[str, dict[str, set]] = defaultdict(lambda: {"found": set(), "hidden": set(), "below": set()})
    for page in pages:
        for offer in page.get("offers") or []:
            if not offer.get("present"):
                continue
            rows = found[offer["name"]]
            rows["found"].add(page["url"])
            if offer.get("device") in phones:
                if not offer.get("visible") or offer.get("covered_by"):
                    rows["hidden"].add(page["url"])
                elif not offer.get("above_fold"):
                    rows["below"].add(page["url"])
    return [{"name": name, **{key: len(urls) for key, urls in sets.items()}} for name, sets in found.items()]


def _page_data(report: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the in-page script needs, worst page first; the template embeds it with |tojson."""
    own = catalogue(lang)
    return {
        "findings": sorted(str(s) for s in FINDINGS), "rank": {str(s): s.rank for s in Status},
        "labels": {key: own.get(key) or english for key, english in catalogue(DEFAULT).items()
                   if key.startswith(SCRIPT_KEYS)},
        "checks": [{key: c.get(key) for key in ("id", "title", "failure_title", "fix", "help_url")}
                   for c in _checks(report, lang)],
        "devices": [{key: d.get(key) for key in ("name", "width", "height", "is_mobile")} for d in report["run"]["devices"]],
        "pages": [_page(page, lang) for page in worst_first(report["pages"])],
    }


def _since_last(since: dict[str, Any] | None, lang: str) -> dict[str, Any] | None:
    """The run diff with each change's text in `lang`."""
    if not since:
        return since
    return {**since, **{part: [{**change, "text": sentences_in(lang, change["text"], change.get("text_parts"))}
                               for change in since.get(part) or []] for part in ("worse", "better", "added")}}


def _page(page: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "url": page["url"], "final_url": page.get("final_url"), "title": page.get("title"),
        "http": page.get("http_status"), "depth": page.get("depth"), "error": page.get("error"),
        "severity": [int(part) for part in severity(page)],
        "results": [_result(r, lang) for r in page.get("results", [])],
        "offers": findings_first([_offer(offer, lang) for offer in page.get("offers") or []]), "pixels": findings_first(page.get("pixels") or []),
        "shots": {device: path for device, path in (page.get("screenshots") or {}).items() if _SAFE_SHOT.match(path or "")},
        "console": page.get("console_errors") or {},
        "dialogs": page.get("dialogs") or {},
    }



def item_rank(item: dict[str, Any]) -> int:
    """An item's own status as a rank (fail highest); items without one rank as findings, "found" lowest."""
    status = item.get("status")
    if status == FOUND:
        return -1
    return Status(status).rank if status in tuple(Status) else Status.FAIL.rank


def findings_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=item_rank, reverse=True)


def _offer(offer: dict[str, Any], lang: str) -> dict[str, Any]:
    """An offer with why it is not seen in `lang`."""
    reason = reason_text(offer.get("reason")) if offer.get("reason") else None
    if isinstance(reason, Text):
        return {**offer, "reason": sentences_in(lang, offer["reason"], [reason.record()])}
    return offer


def _result(result: dict[str, Any], lang: str) -> dict[str, Any]:
    """A finding with its message and items; a pass or skip needs only its status (the list's chips)."""
    slim = {key: result[key] for key in ("check", "device", "status")}
    if not Status(result["status"]).is_finding:
        return slim
    items = findings_first(result.get("items") or [])
    message = sentences_in(lang, result.get("message", ""), result.get("message_parts"))
    return {**slim, "message": message, "items": items[:MAX_ITEMS], "more": max(len(items) - MAX_ITEMS, 0)}


def render_trend_page(site: str, points: list[dict[str, Any]], lang: str = DEFAULT) -> str:
    """`mobicrawl history SITE --html`: the site's trend on a page of its own."""
    t = translator(lang)
    return _env.get_template("trend.html.j2").render(site=site, runs=points, trend=charts(points, t), lang=lang, t=t)
