"""Copy each check's guide (docs/checks/<id>.md, and its translations docs/checks/<lang>/<id>.md) into the run
folder, where the HTML report links it."""
from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import checks

from ..i18n import DEFAULT, LANGUAGES

# The repository (or source tree) the checks were loaded from; help_url paths are relative to it.
SOURCE_ROOT = Path(checks.__file__).resolve().parent.parent


def guide_in(lang: str, help_url: str | None) -> str | None:
    """A check's guide in `lang` where there is one (docs/checks/vi/<id>.md), else the guide as recorded."""
    if not help_url or lang == DEFAULT:
        return help_url
    english = PurePosixPath(help_url)
    translated = english.parent / lang / english.name
    return str(translated) if (SOURCE_ROOT / translated).is_file() else help_url


def copy_check_docs(run_dir: Path, report_checks: list[dict[str, Any]]) -> list[Path]:
    """Copy the guides the report links, in every language, so the links work offline and when the run
    folder moves (`report --lang` may link another language's later)."""
    copied = []
    for check in report_checks:
        for lang in LANGUAGES:
            relative = Path(guide_in(lang, check.get("help_url")) or "")
            source = SOURCE_ROOT / relative
            if relative.is_absolute() or ".." in relative.parts or not source.is_file() or relative.suffix != ".md":
                continue
            target = Path(run_dir) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            copied.append(target)
    return copied
