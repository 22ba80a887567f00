"""font-size: at least 60% of the visible text is 12 CSS px or larger (Lighthouse's rule)."""
from __future__ import annotations

from .base import CheckContext, CheckMeta, CheckResult, failed, passed
from .registry import register
from .text import Sentences
from .viewport_meta import has_mobile_viewport

META = CheckMeta(
    id="font-size",
    title="Text is legible",
    failure_title="Text is too small to read",
    description="Text under 12 CSS px is hard to read on a phone without zooming. The page fails when less "
                "than 60% of its visible text is at least 12 px; the items are the smallest text runs.",
    requires=("page", "layout"),
    fix="Set body text to 16 px (1rem) and keep small print at 12 px or more; add a width=device-width "
        "viewport if the page has none.",
)

LEGIBLE_PX = 12
MIN_SHARE = 0.6
MAX_ITEMS = 10
SAY = Sentences(
    "font-size",
    no_viewport="Text is illegible: there is no width=device-width viewport, so phones shrink the page.",
    no_text="The page has no visible text.",
    too_small="{share:.0%} of the visible text is {legible_px} px or larger (needs {needed:.0%}).",
    legible="{share:.0%} of the visible text is {legible_px} px or larger.",
)


@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    text = artifacts["layout"]["text"]
    if not has_mobile_viewport(artifacts):
        return failed(SAY.no_viewport())
    total = text["total_chars"]
    if not total:
        return passed(SAY.no_text())
    legible = sum(n for px, n in text["chars_by_size"].items() if float(px) >= LEGIBLE_PX)
    share = legible / total
    small = [r for r in text["runs"] if r["font_size"] < LEGIBLE_PX]
    small.sort(key=lambda r: -r["chars"])
    items = [{"selector": r["selector"], "font_size": f"{r['font_size']:g} px",
              "share": f"{r['chars'] / total:.1%}", "text": r["text"], "box": r["box"]} for r in small[:MAX_ITEMS]]
    if share < MIN_SHARE:
        return failed(SAY.too_small(share=share, legible_px=LEGIBLE_PX, needed=MIN_SHARE), items)
    return passed(SAY.legible(share=share, legible_px=LEGIBLE_PX))
