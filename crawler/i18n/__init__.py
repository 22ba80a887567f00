"""The report's words in each language: one TOML catalogue per language (en.toml, vi.toml)."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from checks.registry import all_checks
from checks.text import ENGLISH, TextRecord, say

from ..history import diff  # noqa: F401  (declares the sentences of a run diff)

LANGUAGES = ("en", "vi")
DEFAULT = "en"
CHECK_FIELDS = ("title", "failure_title", "description", "fix")  # a check's texts (English: in checks/*.py)


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """A language's messages by dotted key ("report.title", "checks.font-size.fix")."""
    data = tomllib.loads(resources.files(__package__).joinpath(f"{lang}.toml").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}

    def walk(table: dict, prefix: str) -> None:
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[prefix + key] = value

    walk(data, "")
    return flat


def translator(lang: str) -> Callable[..., str]:
    """`t("report.trend_note", runs=3)`: the message in `lang`, else in English, with its values filled in."""
    own, english = catalogue(lang), catalogue(DEFAULT)

    def t(key: str, **values: object) -> str:
        return (own.get(key) or english[key]).format(**values)

    return t


def report_language(report: dict) -> str:
    """The language asked for (`report --lang`), else the run's ([site] lang or --lang), else English."""
    lang = report.get("lang") or report["run"].get("lang") or DEFAULT
    return lang if lang in LANGUAGES else DEFAULT


def check_texts(lang: str, check: dict) -> dict:
    """A report.json `checks` entry with its texts in `lang` (English ones come from the check itself)."""
    own = catalogue(lang)
    return {**check, **{field: own[f"checks.{check['id']}.{field}"] for field in CHECK_FIELDS
                        if f"checks.{check['id']}.{field}" in own}}


def english_sentences() -> dict[str, str]:
    """Every sentence a check, the check runner or a run diff writes: key -> English template."""
    all_checks()
    return ENGLISH


def sentences_in(lang: str, english: str, parts: list[TextRecord] | None) -> str:
    """A result's message (or a change's text) in `lang`, from its parts; the English as recorded when it has
    none (a run from before 0.3) or names a sentence no catalogue knows."""
    if lang == DEFAULT or not parts:
        return english
    own, templates = catalogue(lang), english_sentences()
    try:
        return say(parts, lambda key: own.get(key) or templates.get(key))
    except (KeyError, IndexError, ValueError):
        return english
