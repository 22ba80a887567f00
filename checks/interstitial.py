"""interstitial: no fixed or sticky layer covers much of the first screen after load."""
from __future__ import annotations

from .base import CheckContext, CheckMeta, CheckResult, failed, passed, warned
from .geometry import Rect, union_area
from .registry import register
from .text import Sentences

META = CheckMeta(
    id="interstitial",
    title="No layer covers the first screen",
    failure_title="A layer covers the first screen",
    description="Cookie walls, newsletter pop-ups and app banners that stay fixed over the content hide the "
                "page people came for. More than 30% of the first screen fails; 15% to 30% warns.",
    requires=("layout",),
    fix="Show cookie, newsletter and app prompts as a small bar (under 15% of the screen) or inline in "
        "the page, not as a layer over the first screen.",
)

FAIL_SHARE = 0.30
WARN_SHARE = 0.15
SAY = Sentences(
    "interstitial",
    clear="No fixed or sticky layer covers 15% or more of the first screen.",
    covered="{selector} covers {share:.0%} of the first screen after load (over {limit:.0%}).",
)
APP_SHELL_TEXT_SHARE = 0.5


def _is_app_shell(layer: dict, total_chars: int) -> bool:
    """A scrolling fixed container holding most of the page's text is the page itself, not a layer over it."""
    return layer["scrollable"] and total_chars > 0 and layer["chars"] / total_chars > APP_SHELL_TEXT_SHARE


@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    layout = artifacts["layout"]
    width, height = context.device["width"], context.device["height"]
    screen = Rect(0, 0, width, height)
    items = []
    for layer in layout["layers"]:
        if _is_app_shell(layer, layout["text"]["total_chars"]):
            continue
        visible = [Rect(max(r.left, 0), max(r.top, 0), min(r.right, width), min(r.bottom, height))
                   for r in map(Rect.of, layer["cover_rects"]) if r.touches(screen)]
        share = union_area([r for r in visible if r.area > 0]) / (width * height)
        if share >= WARN_SHARE:
            items.append({"selector": layer["selector"], "position": layer["position"], "share": share,
                          "text": layer["text"], "box": layer["cover"]})
    if not items:
        return passed(SAY.clear())
    items.sort(key=lambda i: -i["share"])
    worst = items[0]
    verdict, limit = (failed, FAIL_SHARE) if worst["share"] > FAIL_SHARE else (warned, WARN_SHARE)
    message = SAY.covered(selector=worst["selector"], share=worst["share"], limit=limit)
    for item in items:
        item["share"] = f"{item['share']:.0%}"
    return verdict(message, items)
