"""Run the mobicrawl command line in a child process, as a user or a CI job would."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def mobicrawl(*args: str, timeout: float = 240, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
                          timeout=timeout, **kwargs)


def load_report(run_dir: Path) -> dict:
    return json.loads((Path(run_dir) / "report.json").read_text(encoding="utf-8"))


def pages_by_path(report: dict) -> dict[str, dict]:
    from urllib.parse import urlsplit

    return {urlsplit(page["url"]).path: page for page in report["pages"]}


def one_line_error(result) -> str:
    """The one line a failed command printed: no traceback, nothing else."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]
