"""Write a saved run's reports (HTML, JUnit XML, CSV) from its report.json."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..runfiles import REPORT_FILE, read_report, read_trend, write_atomic
from . import csv_report, html, junit
from .check_docs import copy_check_docs

# format -> (file name, renderer from the parsed report.json to the file's text)
WRITERS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "html": ("index.html", html.render),
    "junit": ("junit.xml", junit.render),
    "csv": ("pages.csv", csv_report.render),
}
FORMATS = ("html", "json", "junit", "csv")  # report.json ("json") is always written: recheck needs it


def parse_formats(text: str) -> set[str]:
    """`--format html,csv` -> {"html", "csv"}; an unknown name is a usage error."""
    formats = {f.strip().lower() for f in text.split(",") if f.strip()}
    unknown = formats - set(FORMATS)
    if unknown or not formats:
        raise ConfigError(f"--format: unknown format {', '.join(sorted(unknown)) or '(none)'}; use {','.join(FORMATS)}")
    return formats


def write_reports(run_dir: Path, formats: set[str], lang: str | None = None) -> dict[str, Path]:
    """Write the asked formats next to report.json ("json" names report.json, which is already there); the
    HTML in `lang` when given, else in the run's language."""
    run_dir = Path(run_dir)
    report = read_report(run_dir)
    if report is None:
        raise FileNotFoundError(f"{run_dir / REPORT_FILE} is missing or unreadable")
    written = {"json": run_dir / REPORT_FILE} if "json" in formats else {}
    # what the HTML report draws besides report.json (which stays as it is)
    report = {**report, "trend": read_trend(run_dir), "lang": lang}
    for fmt, (name, render) in WRITERS.items():
        if fmt in formats:
            written[fmt] = write_atomic(run_dir / name, render(report))
    if "html" in formats:
        copy_check_docs(run_dir, report.get("checks", []))
    return written
