"""content-width: the page does not scroll sideways at the phone's width."""
from __future__ import annotations

from .base import CheckContext, CheckMeta, CheckResult, failed, passed
from .geometry import size
from .registry import register
from .text import Sentences

META = CheckMeta(
    id="content-width",
    title="Content fits the screen width",
    failure_title="Content is wider than the screen",
    description="When the page is wider than the phone's screen, people must scroll sideways or zoom out "
                "to read it. The items name the elements that stick out past the right edge.",
    requires=("layout",),
    fix="Give the listed elements a width relative to their container (width: 100%; max-width), let "
        "images and videos shrink (max-width: 100%), and let long words and wide tables wrap or scroll "
        "inside their own box.",
)

MAX_ITEMS = 10
SAY = Sentences(
    "content-width",
    fits="The page is {width} px wide and fits the {screen} px screen.",
    too_wide="The page is {width} px wide on a {screen} px screen: it scrolls sideways.",
    more="{count} more element(s) stick out too.",
)
_CAUSES = {
    "media": "{detail} wider than the screen",
    "table": "a table wider than the screen",
    "no-wrap": "text that does not wrap ({detail})",
    "long-word": "a long unbreakable word: {detail}",
    "fixed-width": "a fixed width ({detail})",
    "positioned": "positioned past the right edge ({detail})",
}


_MEDIA = {"video": "a video", "iframe": "an iframe", "embed": "an embedded object", "object": "an embedded object"}


def cause_text(entry: dict) -> str:
    template = _CAUSES.get(entry.get("cause") or "")
    if not template:
        return ""
    detail = entry.get("detail")
    if entry["cause"] == "media":
        detail = _MEDIA.get(detail or "", "an image")
    return template.format(detail=detail)


@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    layout = artifacts["layout"]
    screen = context.device["width"]
    width = layout["document"]["width"]
    if width <= screen + 1:
        return passed(SAY.fits(width=width, screen=screen))
    items = []
    layout_width = layout["viewport"]["client_width"]
    if layout_width > screen + 1:
        items.append({"selector": 'meta[name="viewport"]', "size": f"{layout_width} px layout",
                      "cause": f"no width=device-width viewport: the page is laid out {layout_width} px wide",
                      "text": ""})
    for entry in layout["overflow"][:MAX_ITEMS]:
        box = entry["box"]
        items.append({"selector": entry["selector"], "size": size(box), "right_edge": box["x"] + box["w"],
                      "cause": cause_text(entry), "text": entry["text"], "box": box})
    hidden = layout.get("overflow_count", 0) - len(layout["overflow"][:MAX_ITEMS])
    more = [SAY.more(count=hidden)] if hidden > 0 else []
    return failed([SAY.too_wide(width=width, screen=screen), *more], items)
