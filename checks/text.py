"""The sentences checks write about a page, in English here and translated by key (crawler/i18n's `messages.*`).

As Lighthouse's UIStrings: a check declares its sentences once, at the top of its file, and a result keeps each
sentence as a key and the values it names, so a report can be written in any language later, from report.json.
"""
from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

ENGLISH: dict[str, str] = {}  # "messages.<check id>.<name>" -> English template, filled as check modules load


class TextRecord(TypedDict):
    """A sentence in report.json: its catalogue key, and its values (numbers, names, or other sentences)."""

    key: str
    values: dict[str, Any]


@dataclass(frozen=True)
class Text:
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return fill(self.record(), ENGLISH.get)

    def record(self) -> TextRecord:
        return TextRecord(key=self.key, values={name: value.record() if isinstance(value, Text) else value
                                                for name, value in self.values.items()})


class Sentences:
    """A module's sentences by name: `SAY = Sentences("font-size", illegible="...")`, then `SAY.illegible()`."""

    def __init__(self, prefix: str, **templates: str) -> None:
        self._keys = {name: f"messages.{prefix}.{name}" for name in templates}
        ENGLISH.update({self._keys[name]: template for name, template in templates.items()})

    def __getattr__(self, name: str) -> Callable[..., Text]:
        try:
            key = self._keys[name]
        except KeyError:
            raise AttributeError(name) from None
        return lambda **values: Text(key, values)


def placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def fill(record: TextRecord, template_of: Callable[[str], str | None]) -> str:
    """A sentence in the language `template_of` gives templates in; KeyError when it lacks one."""
    template = template_of(record["key"])
    if template is None:
        raise KeyError(record["key"])
    return template.format(**{name: fill(cast(TextRecord, value), template_of) if isinstance(value, dict) else value
                              for name, value in record["values"].items()})


def say(parts: list[TextRecord], template_of: Callable[[str], str | None]) -> str:
    return " ".join(fill(part, template_of) for part in parts)
