"""Small inline SVG line charts of a site's trend (no script, no external file): values 0..1, oldest first."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

WIDTH, HEIGHT, PAD = 320, 64, 5


def charts(points: list[dict[str, Any]], t: Callable[..., str]) -> list[dict[str, Any]]:
    """One chart for readiness, then one per expected pixel (its coverage on the phone where it fired least)."""
    names = sorted({name for point in points for name in point["pixels"]})
    rows = [(t("report.trend_readiness"), [point["readiness"] for point in points])]
    rows += [(t("report.trend_pixel", pixel=name), [point["pixels"].get(name) for point in points]) for name in names]
    return [chart(label, values, [point["finished_at"] for point in points]) for label, values in rows]


def chart(label: str, values: list[float | None], times: list[str | None]) -> dict[str, Any]:
    """Coordinates for the template: the line, a dot per run (with its value and time), the latest value."""
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    dots = [{"x": round(PAD + i * step, 1), "y": round(PAD + (1 - value) * (HEIGHT - 2 * PAD), 1),
             "value": value, "at": at} for i, (value, at) in enumerate(zip(values, times, strict=True)) if value is not None]
    return {"label": label, "width": WIDTH, "height": HEIGHT, "dots": dots,
            "line": " ".join(f"{dot['x']},{dot['y']}" for dot in dots),
            "latest": dots[-1]["value"] if dots else None}
