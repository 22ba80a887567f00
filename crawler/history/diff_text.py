"""A run diff as people read it, in the run's language: the lines printed after a recorded run, and an alert."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from checks.base import Status

from ..i18n import DEFAULT, sentences_in, translator

ALERT_LINES = 10


def kind_text(kind: str, t: Callable[..., str]) -> str:
    """A change's kind ("new fail", "page appeared", ...) in the translator's language."""
    head, _, rest = kind.partition(" ")
    if head in ("new", "fixed") and rest in tuple(Status):
        return t(f"diff.{head}", status=t(f"badge.{rest}"))
    if kind.startswith("new page without "):
        return t("diff.new_page_without", vendor=kind.removeprefix("new page without "))
    try:
        return t(f"diff.{kind.replace(' ', '_')}")
    except KeyError:
        return kind


def change_line(change: dict[str, Any], lang: str, t: Callable[..., str]) -> str:
    where = f" ({change['device']}, {change['check']})" if change.get("check") else ""
    text = sentences_in(lang, change["text"], change.get("text_parts"))
    return f"[{kind_text(change['kind'], t)}] {change['url']}{where}: {text}"


def format_diff(since: dict[str, Any], lang: str = DEFAULT) -> str:
    t = translator(lang)
    added = since.get("added", [])
    lines = [t("diff.since_run", run_id=since["baseline"]["run_id"], finished_at=since["baseline"]["finished_at"]),
             "  " + t("diff.counts", worse=len(since["worse"]), better=len(since["better"]), new=len(added))]
    for title, changes in (("report.worse", since["worse"]), ("report.better", since["better"]), ("report.new_pages", added)):
        if changes:
            lines.append(f"{t(title)}:")
            lines += [f"  - {change_line(c, lang, t)}" for c in changes]
    return "\n".join(lines)


def alert_text(site: str, since: dict[str, Any], report_path: str, lang: str = DEFAULT) -> str:
    t = translator(lang)
    worse = since["worse"]
    kinds = Counter(kind_text(change["kind"], t) for change in worse)
    lines = [t("diff.alert_title", count=len(worse), site=site),
             ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))]
    lines += [f"- {change_line(c, lang, t)}" for c in worse[:ALERT_LINES]]
    if len(worse) > ALERT_LINES:
        lines.append(t("diff.alert_more", count=len(worse) - ALERT_LINES))
    lines.append(f"{t('terminal.report')} {report_path}")
    return "\n".join(lines)
