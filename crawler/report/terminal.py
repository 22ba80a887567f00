"""The end-of-run summary in the terminal: checks by status, the worst pages, where the report is."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checks.base import Status

from ..i18n import check_texts, report_language, translator
from ..summary import page_outcome

from .check_docs import guide_in
from .ranking import page_counts, severity, worst_first

STYLE = {Status.PASS: "green", Status.WARN: "yellow", Status.FAIL: "bold red", Status.ERROR: "magenta",
         Status.SKIP: "dim"}
WORST_PAGES = 5


def print_summary(report: dict[str, Any], run_dir: Path, console: Console | None = None) -> None:
    console = console or Console()
    summary, run = report["summary"], report["run"]
    lang = report_language(report)
    t = translator(lang)
    readiness = summary.get("readiness")
    ready = f"{readiness:.0%}" if readiness is not None else t("terminal.not_applicable")
    site = f"{run['site']} ({run['start_urls'][0]})" if run.get("site") else run["start_urls"][0]
    console.print(t("terminal.headline", site=f"[bold]{escape(site)}[/]", pages=summary["pages"],
                    with_findings=summary["pages_with_findings"], not_audited=summary["not_audited"], ready=ready))
    if run.get("status") == "interrupted":
        console.print(f"[yellow]{t('terminal.interrupted')}[/]")
    _print_not_rendered(console, report["pages"], urlsplit(run["start_urls"][0]).netloc, t)
    console.print(_checks_table(report, t))
    failing = _failing_checks(report, lang)
    if failing:
        console.print(f"[bold]{t('terminal.how_to_fix')}[/]")
        for check in failing:
            console.print(f"  [bold]{check['id']}[/]: {escape(check['fix'])} "
                          f"{escape(t('terminal.see_guide', guide=check['help_url']))}", highlight=False)
    worst = [page for page in worst_first(report["pages"]) if any(severity(page))][:WORST_PAGES]
    if worst:
        console.print(_worst_table(worst, urlsplit(run["start_urls"][0]).netloc, t))
    report_file = next((Path(run_dir) / name for name in ("index.html", "report.json") if (Path(run_dir) / name).exists()),
                       Path(run_dir))
    console.print(f"{t('terminal.report')} [link=file://{report_file.resolve()}]{report_file}[/link]", highlight=False)


def _print_not_rendered(console: Console, pages: list[dict[str, Any]], site_host: str, t: Callable[..., str]) -> None:
    """The pages that could not be rendered, each with its cause: they count against readiness."""
    unrendered = [page for page in pages if page_outcome(page).counts_against]
    if not unrendered:
        return
    console.print(f"[magenta]{t('terminal.not_rendered', count=len(unrendered))}[/]")
    for page in unrendered[:WORST_PAGES]:
        console.print(f"  {escape(_short(page['url'], site_host))}: {escape(page.get('error') or t('terminal.no_render'))}",
                      highlight=False)
    if len(unrendered) > WORST_PAGES:
        console.print(f"  {t('terminal.more_not_rendered', count=len(unrendered) - WORST_PAGES)}")


def _failing_checks(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The report's checks with a failure or a warning, that have a fix to give, in `lang`."""
    by_check = report["summary"].get("by_check", {})
    return [{**check_texts(lang, check), "help_url": guide_in(lang, check.get("help_url"))}
            for check in report.get("checks", []) if check.get("fix")
            and (by_check.get(check["id"], {}).get("fail") or by_check.get(check["id"], {}).get("warn"))]


def _checks_table(report: dict[str, Any], t: Callable[..., str]) -> Table:
    table = Table(title=t("terminal.checks"), title_justify="left", box=None, header_style="bold")
    table.add_column(t("terminal.check"))
    for status in Status:
        table.add_column(t(f"badge.{status}"), justify="right", style=STYLE[status])
    by_check = report["summary"].get("by_check", {})
    for check_id in [c["id"] for c in report.get("checks", [])] or list(by_check):
        counts = by_check.get(check_id, {})
        table.add_row(check_id, *(str(counts.get(s, 0)) if counts.get(s) else "[dim]·[/]" for s in Status))
    return table


def _short(url: str, site_host: str) -> str:
    """A page of the audited host by its path (the host is in the line above), others in full."""
    parts = urlsplit(url)
    return (parts._replace(scheme="", netloc="").geturl() or "/") if parts.netloc == site_host else url


def _worst_table(pages: list[dict[str, Any]], site_host: str, t: Callable[..., str]) -> Table:
    table = Table(title=t("terminal.worst_pages"), title_justify="left", box=None, header_style="bold")
    table.add_column(t("terminal.page"), overflow="fold")
    for status in (Status.FAIL, Status.WARN):
        table.add_column(t(f"badge.{status}"), justify="right", style=STYLE[status])
    table.add_column(t("terminal.failing_checks"))
    for page in pages:
        counts = page_counts(page)
        failing = sorted({r["check"] for r in page["results"] if Status(r["status"]) in (Status.FAIL, Status.ERROR)})
        note = t("terminal.did_not_render", error=page["error"]) if page.get("error") else ", ".join(failing)
        table.add_row(escape(_short(page["url"], site_host)), str(counts[Status.FAIL]), str(counts[Status.WARN]), escape(note))
    return table
