"""Options for the in-page offers module: the configured offers, their regexes turned into JavaScript's."""
from __future__ import annotations

import re
from typing import Any

_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


def js_regex(pattern: str) -> tuple[str, str]:
    """Python regex -> (source, flags) for JavaScript: a leading (?i) becomes the i flag."""
    flags = "u"
    match = _LEADING_FLAGS.match(pattern)
    if match:
        flags += "".join(f for f in match[1] if f in "ims")
        pattern = pattern[match.end():]
    return pattern, flags


def offers_options(config) -> dict[str, Any]:
    configured = []
    for offer in getattr(config, "offers", None) or []:
        source, flags = js_regex(offer.text) if offer.text else (None, None)
        configured.append({"name": offer.name, "selector": offer.selector, "text_source": source,
                           "text_flags": flags})
    return {"configured": configured}
