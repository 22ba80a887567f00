"""A site's trend over its last runs: readiness and each expected pixel's coverage on phones."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..runfiles import TREND_FILE, read_report, write_json
from .db import History

TREND_RUNS = 30


def site_trend(history: History, site: str, limit: int = TREND_RUNS) -> list[dict[str, Any]]:
    """The last `limit` complete runs, oldest first: {finished_at, run_dir, readiness, pixels: {"vendor id": share}}
    where a pixel's share is the part of the pages it fired on at the phone where it fired least."""
    points = []
    for run in [run for run in history.runs(site) if run["status"] == "complete"][-limit:]:
        report = read_report(run["run_dir"])
        if report is None:
            continue
        phones = {device["name"] for device in report["run"]["devices"] if device.get("is_mobile")}
        shares: dict[str, float] = {}
        for row in report["summary"].get("pixels", []):
            if row.get("expected") and row["device"] in phones:
                name = f"{row['vendor']} {row['id']}"
                shares[name] = min(shares.get(name, 1.0), row["share"])
        points.append({"finished_at": run["finished_at"], "run_dir": run["run_dir"],
                       "readiness": run["readiness"], "pixels": shares})
    return points


def write_trend(run_dir: Path, points: list[dict[str, Any]]) -> None:
    write_json(Path(run_dir) / TREND_FILE, points)
