"""Copy each check's doc (docs/checks/<id>.md) into the run folder, where the HTML report links it."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import checks

# The repository (or source tree) the checks were loaded from; help_url paths are relative to it.
SOURCE_ROOT = Path(checks.__file__).resolve().parent.parent


def copy_check_docs(run_dir: Path, report_checks: list[dict[str, Any]]) -> list[Path]:
    """Copy the docs the report links, so the links work offline and when the run folder moves."""
    copied = []
    for check in report_checks:
        relative = Path(check.get("help_url") or "")
        source = SOURCE_ROOT / relative
        if relative.is_absolute() or ".." in relative.parts or not source.is_file():
            continue
        target = Path(run_dir) / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        copied.append(target)
    return copied
