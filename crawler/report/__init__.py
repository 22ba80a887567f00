"""Write a saved run's reports (HTML, JUnit XML, CSV) from its report.json."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from . import csv_report, html, junit
from .check_docs import copy_check_docs

# format -> (file name, renderer from the parsed report.json to the file's text)
WRITERS: dict[str, tuple[str, Callable[[dict[str, Any]], str]]] = {
    "html": ("index.html", html.render),
    "junit": ("junit.xml", junit.render),
    "csv": ("pages.csv", csv_report.render),
}
REPORT_JSON = "report.json"


def load_report(run_dir: Path) -> dict[str, Any]:
    return json.loads((Path(run_dir) / REPORT_JSON).read_text(encoding="utf-8"))


def write_reports(run_dir: Path, formats: set[str]) -> dict[str, Path]:
    """Write the asked formats next to report.json; "json" names report.json, which is already there."""
    run_dir = Path(run_dir)
    report = load_report(run_dir)
    written = {"json": run_dir / REPORT_JSON} if "json" in formats else {}
    for fmt, (name, render) in WRITERS.items():
        if fmt in formats:
            written[fmt] = _write_atomic(run_dir / name, render(report))
    if "html" in formats:
        copy_check_docs(run_dir, report.get("checks", []))
    return written


def _write_atomic(path: Path, text: str) -> Path:
    """A reader (a CI job, a browser) never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
    return path
