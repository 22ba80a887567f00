"""Plain-text lines for a check's items (the elements at fault), for JUnit and the terminal."""
from __future__ import annotations

from typing import Any

MAX_ITEMS = 20
SKIP_KEYS = {"box"}  # coordinates help the HTML overlay, not a person reading text


def fix_sentence(check: dict[str, Any] | None) -> str:
    """"How to fix: ... (see docs/checks/<id>.md)" for a report.json `checks` entry; empty without a fix."""
    if not check or not check.get("fix"):
        return ""
    see = f" (see {check['help_url']})" if check.get("help_url") else ""
    return f"How to fix: {check['fix']}{see}"


def with_fix(message: str, fix: str) -> str:
    """A finding's message followed by its fix sentence."""
    if not fix:
        return message
    return f"{message.rstrip()}{'' if message.rstrip().endswith(('.', '!', '?')) else '.'} {fix}".lstrip()


def describe_item(item: dict[str, Any]) -> str:
    return " | ".join(f"{key}: {value}" for key, value in item.items()
                      if key not in SKIP_KEYS and value not in (None, "", [], {}))


def describe_items(items: list[dict[str, Any]]) -> str:
    lines = [describe_item(item) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(f"... and {len(items) - MAX_ITEMS} more")
    return "\n".join(lines)
