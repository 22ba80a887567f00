"""viewport-meta: the page sets a mobile viewport (width=device-width) and lets people zoom."""
from __future__ import annotations

import re

from .base import CheckContext, CheckMeta, CheckResult, failed, passed, warned
from .registry import register
from .text import Sentences

META = CheckMeta(
    id="viewport-meta",
    title="Has a mobile viewport that allows zoom",
    failure_title="No usable mobile viewport",
    description="Without <meta name=\"viewport\" content=\"width=device-width\"> phones lay the page out "
                "about 980 px wide and shrink it; blocking zoom stops people with low vision from enlarging text.",
    requires=("page",),
    fix="Put <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"> in every page's head, "
        "without user-scalable=no or a maximum-scale below 2.",
)

SAY = Sentences(
    "viewport-meta",
    missing="No <meta name=\"viewport\">: phones lay the page out 980 px wide and shrink it.",
    fixed_width="The viewport meta sets a fixed-width viewport (width={width}): the page does not adapt to the "
                "phone's width.",
    no_device_width="The viewport meta sets no width=device-width: the page does not adapt to the phone's width.",
    zoomed_out="initial-scale={scale} starts the page zoomed out.",
    zoom_blocked="Zoom is blocked ({settings}): people cannot enlarge the text.",
    fine="The viewport is width=device-width and allows zoom.",
    script_changed="A script changed the viewport meta: the server sent content=\"{sent}\".",
    script_added="A script added the viewport meta: the server sent none.",
)
_SEPARATORS = set(" \t\n\r=,;")
_KEYWORD_NUMBERS = {"yes": 1.0, "no": 0.0, "device-width": 10.0, "device-height": 10.0}
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)")


def parse_viewport(content: str) -> dict[str, str]:
    """key -> value (lower case) the way Chromium splits a viewport content string."""
    text, out, i, n = content.lower(), {}, 0, len(content)
    while i < n:
        while i < n and text[i] in _SEPARATORS:
            i += 1
        start = i
        while i < n and text[i] not in _SEPARATORS:
            i += 1
        key = text[start:i]
        while i < n and text[i] != "=" and text[i] != ",":
            i += 1
        while i < n and text[i] in _SEPARATORS and text[i] != ",":
            i += 1
        start = i
        while i < n and text[i] not in _SEPARATORS:
            i += 1
        if key:
            out[key] = text[start:i]
    return out


def number(value: str | None) -> float | None:
    """A scale value as Chromium reads it: keywords, or the number at the start ("2px" -> 2)."""
    if value is None:
        return None
    if value in _KEYWORD_NUMBERS:
        return _KEYWORD_NUMBERS[value]
    match = _NUMBER.match(value)
    return float(match[0]) if match else None


def has_mobile_viewport(artifacts: dict) -> bool:
    content = artifacts.get("page", {}).get("viewport_meta")
    return content is not None and parse_viewport(content).get("width") == "device-width"


@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    content = artifacts.get("page", {}).get("viewport_meta")
    result = _judge(content)
    server = artifacts.get("server_html")
    if server is not None and server["viewport_meta"] != content:
        result.sentences.append(SAY.script_added() if server["viewport_meta"] is None
                                else SAY.script_changed(sent=server["viewport_meta"]))
    return result


def _judge(content: str | None) -> CheckResult:
    if content is None:
        return failed(SAY.missing())
    item = {"selector": 'meta[name="viewport"]', "text": content[:120]}
    params = parse_viewport(content)
    width = params.get("width")
    if width != "device-width":
        return failed(SAY.fixed_width(width=width) if width else SAY.no_device_width(), [item])
    scale = number(params.get("initial-scale"))
    if scale is not None and scale < 1:
        return failed(SAY.zoomed_out(scale=params["initial-scale"]), [item])
    blocked = []
    user_scalable = params.get("user-scalable")
    zoom = number(user_scalable) if user_scalable is not None else None
    if user_scalable is not None and (zoom is None or abs(zoom) < 1):
        blocked.append(f"user-scalable={user_scalable}")
    maximum = number(params.get("maximum-scale"))
    if maximum is not None and maximum < 2:
        blocked.append(f"maximum-scale={params['maximum-scale']}")
    if blocked:
        return warned(SAY.zoom_blocked(settings=", ".join(blocked)), [item])
    return passed(SAY.fine())
