"""The end-of-run summary in the terminal: checks by status, the worst pages, where the report is."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from checks.base import Status

from ..summary import page_outcome

from .ranking import page_counts, severity, worst_first

STYLE = {Status.PASS: "green", Status.WARN: "yellow", Status.FAIL: "bold red", Status.ERROR: "magenta",
         Status.SKIP: "dim"}
WORST_PAGES = 5


def print_summary(report: dict[str, Any], run_dir: Path, console: Console | None = None) -> None:
    console = console or Console()
    summary, run = report["summary"], report["run"]
    readiness = summary.get("readiness")
    ready = f"{readiness:.0%}" if readiness is not None else "n/a"
    site = f"{run['site']} ({run['start_urls'][0]})" if run.get("site") else run["start_urls"][0]
    console.print(f"[bold]{escape(site)}[/]: {summary['pages']} pages audited, "
                  f"{summary['pages_with_findings']} with findings, {summary['not_audited']} not audited. "
                  f"Mobile-ready: [bold]{ready}[/]")
    if run.get("status") == "interrupted":
        console.print("[yellow]The crawl was interrupted: these are partial results.[/]")
    _print_not_rendered(console, report["pages"], urlsplit(run["start_urls"][0]).netloc)
    console.print(_checks_table(report))
    failing = _failing_checks(report)
    if failing:
        console.print("[bold]How to fix[/]")
        for check in failing:
            console.print(f"  [bold]{check['id']}[/]: {escape(check['fix'])} See {escape(check['help_url'])}",
                          highlight=False)
    worst = [page for page in worst_first(report["pages"]) if any(severity(page))][:WORST_PAGES]
    if worst:
        console.print(_worst_table(worst, urlsplit(run["start_urls"][0]).netloc))
    report_file = next((Path(run_dir) / name for name in ("index.html", "report.json") if (Path(run_dir) / name).exists()),
                       Path(run_dir))
    console.print(f"Report: [link=file://{report_file.resolve()}]{report_file}[/link]", highlight=False)


def _print_not_rendered(console: Console, pages: list[dict[str, Any]], site_host: str) -> None:
    """The pages that could not be rendered, each with its cause: they count against readiness."""
    unrendered = [page for page in pages if page_outcome(page).counts_against]
    if not unrendered:
        return
    console.print(f"[magenta]{len(unrendered)} page(s) could not be rendered (they count against readiness):[/]")
    for page in unrendered[:WORST_PAGES]:
        console.print(f"  {escape(_short(page['url'], site_host))}: {escape(page.get('error') or 'no render')}",
                      highlight=False)
    if len(unrendered) > WORST_PAGES:
        console.print(f"  and {len(unrendered) - WORST_PAGES} more: see the report.")


def _failing_checks(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report's checks with a failure or a warning, that have a fix to give."""
    by_check = report["summary"].get("by_check", {})
    return [check for check in report.get("checks", []) if check.get("fix")
            and (by_check.get(check["id"], {}).get("fail") or by_check.get(check["id"], {}).get("warn"))]


def _checks_table(report: dict[str, Any]) -> Table:
    table = Table(title="Checks", title_justify="left", box=None, header_style="bold")
    table.add_column("check")
    for status in Status:
        table.add_column(status, justify="right", style=STYLE[status])
    by_check = report["summary"].get("by_check", {})
    for check_id in [c["id"] for c in report.get("checks", [])] or list(by_check):
        counts = by_check.get(check_id, {})
        table.add_row(check_id, *(str(counts.get(s, 0)) if counts.get(s) else "[dim]·[/]" for s in Status))
    return table


def _short(url: str, site_host: str) -> str:
    """A page of the audited host by its path (the host is in the line above), others in full."""
    parts = urlsplit(url)
    return (parts._replace(scheme="", netloc="").geturl() or "/") if parts.netloc == site_host else url


def _worst_table(pages: list[dict[str, Any]], site_host: str) -> Table:
    table = Table(title="Worst pages", title_justify="left", box=None, header_style="bold")
    table.add_column("page", overflow="fold")
    for status in (Status.FAIL, Status.WARN):
        table.add_column(str(status), justify="right", style=STYLE[status])
    table.add_column("failing checks")
    for page in pages:
        counts = page_counts(page)
        failing = sorted({r["check"] for r in page["results"] if Status(r["status"]) in (Status.FAIL, Status.ERROR)})
        note = f"did not render: {page['error']}" if page.get("error") else ", ".join(failing)
        table.add_row(escape(_short(page["url"], site_host)), str(counts[Status.FAIL]), str(counts[Status.WARN]), escape(note))
    return table
