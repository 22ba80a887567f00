"""Trend charts drawn from recorded runs: offline SVG, values where the runs put them, page text escaped."""
from __future__ import annotations

import json

from crawler.history.db import History
from crawler.history.trends import site_trend
from crawler.report.html import render_trend_page
from crawler.report.trend_chart import HEIGHT, PAD, chart


def recorded(history: History, folder, readiness: float, share: float, when: str) -> None:
    run_id, run_dir = history.start_run("shop", folder, "k", when, exact=True)
    run_dir.mkdir(parents=True)
    report = {"run": {"status": "complete", "finished_at": when,
                      "devices": [{"name": "Pixel 7", "is_mobile": True}, {"name": "Desktop", "is_mobile": False}]},
              "summary": {"pages": 4, "pages_with_findings": 1, "readiness": readiness, "pixels": [
                  {"vendor": "meta", "id": "1", "device": "Pixel 7", "expected": True, "share": share},
                  {"vendor": "meta", "id": "1", "device": "Desktop", "expected": True, "share": 1.0},
                  {"vendor": "hotjar", "id": "9", "device": "Pixel 7", "expected": False, "share": 1.0}]},
              "pages": []}
    (run_dir / "report.json").write_text(json.dumps(report))
    history.finish_run(run_id, report)


def test_a_sites_trend_has_a_point_per_complete_run_and_only_expected_pixels_on_phones(tmp_path):
    history = History(tmp_path / "history")
    recorded(history, tmp_path / "r1", 0.5, 1.0, "2026-11-22T02:00:00+00:00")
    recorded(history, tmp_path / "r2", 0.75, 0.25, "2026-11-23T02:00:00+00:00")
    points = site_trend(history, "shop")
    assert [(p["readiness"], p["pixels"]) for p in points] == [(0.5, {"meta 1": 1.0}), (0.75, {"meta 1": 0.25})]
    page = render_trend_page("<b>shop</b>", points)
    assert "&lt;b&gt;shop&lt;/b&gt;" in page and "<b>shop</b>" not in page
    assert page.count("<polyline") == 2 and page.count("<circle") == 4 and "http" not in page.split("<main>")[1]


def test_a_chart_puts_100_percent_at_the_top_and_skips_runs_without_a_value():
    drawn = chart("x", [1.0, None, 0.0], ["a", "b", "c"])
    assert [(dot["y"], dot["at"]) for dot in drawn["dots"]] == [(PAD, "a"), (HEIGHT - PAD, "c")]
    assert drawn["latest"] == 0.0
