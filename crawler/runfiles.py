"""A run folder's files: every one written atomically, report.json read in one place."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

REPORT_FILE = "report.json"
TREND_FILE = "trend.json"  # the site's readiness and pixel coverage over its last runs (with history)


@contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Write to a temporary file, then move it over `path`: a reader (a CI job, a browser, a
    rerun after Ctrl-C) never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as out:
        yield out
    tmp.replace(path)


def write_atomic(path: Path, text: str) -> Path:
    with atomic_writer(path) as out:
        out.write(text)
    return path


def write_json(path: Path, data: Any) -> Path:
    return write_atomic(path, json.dumps(data, ensure_ascii=False))


def read_report(run_dir: str | Path) -> dict[str, Any] | None:
    """A run folder's report.json, or None when there is none that reads (a run killed early)."""
    try:
        return json.loads((Path(run_dir) / REPORT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_trend(run_dir: str | Path) -> list[dict[str, Any]]:
    """The trend a recorded run's folder holds (crawler/history/trends.py), or none."""
    try:
        return json.loads((Path(run_dir) / TREND_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
