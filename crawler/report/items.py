"""Plain-text lines for a check's items (the elements at fault), for JUnit and the terminal."""
from __future__ import annotations

from typing import Any

MAX_ITEMS = 20
SKIP_KEYS = {"box"}  # coordinates help the HTML overlay, not a person reading text


def describe_item(item: dict[str, Any]) -> str:
    return " | ".join(f"{key}: {value}" for key, value in item.items()
                      if key not in SKIP_KEYS and value not in (None, "", [], {}))


def describe_items(items: list[dict[str, Any]]) -> str:
    lines = [describe_item(item) for item in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(f"... and {len(items) - MAX_ITEMS} more")
    return "\n".join(lines)
