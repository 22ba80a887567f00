"""tap-targets: small tap targets do not sit so close to another that a finger hits both (Lighthouse 11)."""
from __future__ import annotations

import re
from collections import defaultdict

from .base import CheckContext, CheckMeta, CheckResult, failed, passed
from .geometry import Rect, bounding
from .registry import register
from .text import Sentences

META = CheckMeta(
    id="tap-targets",
    title="Tap targets are sized and spaced well",
    failure_title="Tap targets are too small or too close",
    description="Links, buttons and form fields smaller than 48x48 CSS px need room around them: when a "
                "48x48 finger centred on one also covers a quarter as much of another, people tap the wrong one.",
    requires=("layout",),
    fix="Make the listed links and buttons at least 48x48 CSS px (padding counts), or leave at least 8 px"
        " between them.",
)

SAY = Sentences(
    "tap-targets",
    fine="None of the {count} tap targets is too small and too close to another.",
    too_close="{count} tap target(s) under 48x48 px sit so close to another that a finger hits both.",
)

FINGER = 48
MAX_OVERLAP_RATIO = 0.25
MAX_ITEMS = 20
ROW_PX = 200
_WEB_LINK = re.compile(r"^https?://")


def tappable_rects(rects: list[Rect]) -> list[Rect]:
    """Lighthouse's view of what a finger aims at: no tiny or contained rects, touching ones merged."""
    rects = [r for r in rects if r.width > 1 and r.height > 1]
    rects = [r for i, r in enumerate(rects)
             if not any(j != i and o.contains(r) and not (r.contains(o) and j > i) for j, o in enumerate(rects))]
    merged = True
    while merged:
        merged = False
        for i, a in enumerate(rects):
            for b in rects[i + 1:]:
                lined_up = (abs(a.top - b.top) <= 10 or abs(a.bottom - b.bottom) <= 10
                            or abs(a.left - b.left) <= 10 or abs(a.right - b.right) <= 10)
                if not (a.touches(b) and lined_up):
                    continue
                box = bounding([a, b])
                cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
                if a.contains_point(cx, cy) or b.contains_point(cx, cy):
                    rects = [r for r in rects if r is not a and r is not b] + [box]
                    merged = True
                    break
            if merged:
                break
    return rects


def overlap_failure(target: list[Rect], other: list[Rect]) -> dict | None:
    """The worst finger position on `target` that also covers `other`, when the ratio reaches 25%."""
    worst = None
    for rect in target:
        finger = rect.centred(FINGER)
        own = finger.overlap(rect)
        for o in other:
            ratio = finger.overlap(o) / own if own else 0
            if ratio >= MAX_OVERLAP_RATIO and (worst is None or ratio > worst["ratio"]):
                worst = {"ratio": ratio, "own": own, "other": finger.overlap(o)}
    return worst


def _contained_in_each_other(a: list[Rect], b: list[Rect]) -> bool:
    return all(x.contains(y) or y.contains(x) for x in a for y in b)


def _same_link(a: dict, b: dict) -> bool:
    return bool(a["href"]) and a["href"] == b["href"] and bool(_WEB_LINK.match(a["href"]))


def _rows(rect: Rect) -> range:
    return range(int(rect.top // ROW_PX), int(rect.bottom // ROW_PX) + 1)


def find_failures(targets: list[dict]) -> list[dict]:
    targets = [dict(t, rects=[Rect.of(r) for r in t["rects"]]) for t in targets
               if not (t["fixed"] or t["nested"] or t["in_text"])]
    rows: dict[int, list[dict]] = defaultdict(list)  # horizontal bands, so a target meets only its neighbours
    for t in targets:
        t["bounds"] = bounding(t["rects"]).padded(FINGER / 2)
        for row in _rows(t["bounds"]):
            rows[row].append(t)
    failures = []
    for t in targets:
        if any(r.width >= FINGER and r.height >= FINGER for r in t["rects"]):
            continue
        tappable = tappable_rects(t["rects"])
        neighbours = {id(o): o for row in _rows(t["bounds"]) for o in rows[row]}.values()
        for o in neighbours:
            if o is t or not t["bounds"].touches(o["bounds"]) or _same_link(t, o):
                continue
            if _contained_in_each_other(tappable, o["rects"]):
                continue
            if worst := overlap_failure(tappable, o["rects"]):
                failures.append({**worst, "target": t, "overlapping": o})
    return _one_per_pair(failures)


def _one_per_pair(failures: list[dict]) -> list[dict]:
    """When A fails against B and B against A, keep the worse of the two (the first on a tie)."""
    pairs = {(id(f["target"]), id(f["overlapping"])): (i, f) for i, f in enumerate(failures)}
    kept = []
    for i, f in enumerate(failures):
        twin = pairs.get((id(f["overlapping"]), id(f["target"])))
        if twin is None or (f["ratio"], -i) > (twin[1]["ratio"], -twin[0]):
            kept.append(f)
    return sorted(kept, key=lambda f: -f["ratio"])


def _item(f: dict) -> dict:
    t, o = f["target"], f["overlapping"]
    largest = max(t["rects"], key=lambda r: r.area)
    return {
        "selector": t["selector"], "size": f"{int(largest.width)}x{int(largest.height)}", "text": t["text"],
        "overlapping": o["selector"], "overlapping_text": o["text"], "overlap": f"{f['ratio']:.0%}",
        "box": bounding(t["rects"]).box(),
    }



@register(META)
def audit(artifacts: dict, context: CheckContext) -> CheckResult:
    targets = artifacts["layout"]["targets"]
    failures = find_failures(targets)
    if not failures:
        return passed(SAY.fine(count=len(targets)))
    return failed(SAY.too_close(count=len(failures)),
                  [_item(f) for f in failures[:MAX_ITEMS]])
