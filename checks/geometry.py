"""Shared by the layout checks: the layout artifact, and rectangles ({x, y, w, h} dicts in CSS px)."""
from __future__ import annotations

from itertools import pairwise
from typing import Any, NamedTuple


class Rect(NamedTuple):
    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def of(cls, box: dict[str, Any]) -> Rect:
        return cls(box["x"], box["y"], box["x"] + box["w"], box["y"] + box["h"])

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)

    def box(self) -> dict[str, int]:
        return {"x": round(self.left), "y": round(self.top), "w": round(self.width), "h": round(self.height)}

    def contains(self, other: Rect) -> bool:
        return (other.left >= self.left and other.top >= self.top
                and other.right <= self.right and other.bottom <= self.bottom)

    def contains_point(self, x: float, y: float) -> bool:
        return self.left <= x <= self.right and self.top <= y <= self.bottom

    def touches(self, other: Rect) -> bool:
        return (self.left <= other.right and other.left <= self.right
                and self.top <= other.bottom and other.top <= self.bottom)

    def overlap(self, other: Rect) -> float:
        """Area of the intersection."""
        return Rect(max(self.left, other.left), max(self.top, other.top),
                    min(self.right, other.right), min(self.bottom, other.bottom)).area if self.touches(other) else 0.0

    def centred(self, size: float) -> Rect:
        """A size x size square on this rect's centre."""
        cx, cy = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        return Rect(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2)

    def padded(self, pad: float) -> Rect:
        return Rect(self.left - pad, self.top - pad, self.right + pad, self.bottom + pad)


def bounding(rects: list[Rect]) -> Rect:
    return Rect(min(r.left for r in rects), min(r.top for r in rects),
                max(r.right for r in rects), max(r.bottom for r in rects))


def union_area(rects: list[Rect]) -> float:
    """Area covered by the rects together (overlaps counted once), by sweeping x intervals."""
    xs = sorted({x for r in rects for x in (r.left, r.right)})
    total = 0.0
    for left, right in pairwise(xs):
        spans = sorted((r.top, r.bottom) for r in rects if r.left <= left and r.right >= right and r.area > 0)
        covered, end = 0.0, float("-inf")
        for top, bottom in spans:
            if bottom > end:
                covered += bottom - max(top, end)
                end = bottom
        total += covered * (right - left)
    return total


def size(box: dict[str, Any]) -> str:
    return f"{box['w']}x{box['h']}"
