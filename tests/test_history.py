"""Scheduled crawls: diff, history database, alerts, `mobicrawl run/history/diff/schedule`."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from cli_run import check_report_schema, mobicrawl
from crawler.config import AlertsConfig, EmailAlert, load_config
from crawler.demo.server import SiteServer
from crawler.history.alerts import send_alerts
from crawler.history.db import History
from crawler.history.diff import diff_reports, new_findings
from crawler.history.sites import baseline_key

HISTORY_SITE = Path(__file__).parent / "site" / "history"


def page(url, results=(), offers=(), pixels=(), error=None):
    return {"url": url, "final_url": url, "error": error, "audited": True,
            "results": [{"check": c, "device": "Pixel 7", "status": s, "message": m} for c, s, m in results],
            "offers": list(offers), "pixels": list(pixels)}


def report(pages, coverage=(), run_id="r"):
    return {"run": {"id": run_id, "finished_at": "2026-11-22T00:00:00+00:00", "status": "complete"},
            "summary": {"pixels": list(coverage)}, "pages": pages}


def test_diff_names_exactly_what_changed():
    offer = {"name": "promo", "device": "Pixel 7", "visible": True}
    old = report([page("/a", [("content-width", "pass", "ok")], [offer]), page("/b", [("font-size", "fail", "small")])],
                 [{"vendor": "meta", "id": "1", "device": "Pixel 7", "missing": []}])
    new = report([page("/a", [("content-width", "pass", "ok")], [{**offer, "visible": False, "reason": "display: none"}]),
                  page("/b", [("font-size", "pass", "ok")]),
                  page("/wide", [("content-width", "fail", "scrolls sideways")])],
                 [{"vendor": "meta", "id": "1", "device": "Pixel 7", "missing": ["/a"]}])
    since = diff_reports(old, new)
    worse = {(c["kind"], c["url"]) for c in since["worse"]}
    assert worse == {("offer hidden", "/a"), ("pixel coverage dropped", "/a")}
    better = {(c["kind"], c["url"]) for c in since["better"]}
    assert better == {("fixed fail", "/b")}, "a new page is not better"
    assert [(c["kind"], c["url"]) for c in since["added"]] == [("page appeared", "/wide")]
    pixel = next(c for c in since["worse"] if c["kind"] == "pixel coverage dropped")
    assert pixel["pages_lost"] == ["/a"]
    assert [(c["kind"], c["url"], c["check"]) for c in since["new_findings"]] == [("new fail", "/wide", "content-width")]


def test_pixel_drops_count_only_pages_both_runs_have():
    meta = {"vendor": "meta", "id": "1", "device": "Pixel 7"}
    old = report([page(f"/p{i}") for i in range(3)], [{**meta, "missing": []}])
    new = report([page(f"/p{i}") for i in range(12)], [{**meta, "missing": ["/p2"] + [f"/p{i}" for i in range(3, 12)]}])
    since = diff_reports(old, new)
    drops = [c for c in since["worse"] if c["kind"] == "pixel coverage dropped"]
    assert len(drops) == 1 and drops[0]["pages_lost"] == ["/p2"], "only /p2 existed before"
    assert "stopped firing on 1 page(s)" in drops[0]["text"]
    without = [c["url"] for c in since["added"] if c["kind"] == "new page without meta"]
    assert sorted(without) == sorted(f"/p{i}" for i in range(3, 12))
    assert not since["better"]


@pytest.mark.parametrize("was, now, kind", [("error", "pass", "fixed error"), ("fail", "warn", "fixed fail"),
                                            ("warn", "error", "new error"), ("pass", "fail", "new fail")])
def test_severity_order_is_the_one_of_checks_base(was, now, kind):
    since = diff_reports(report([page("/a", [("font-size", was, "before")])]),
                         report([page("/a", [("font-size", now, "after")])]))
    assert [c["kind"] for c in since["worse"] + since["better"]] == [kind]


def test_new_findings_are_failures_and_errors_the_baseline_did_not_have():
    old = report([page("/a", [("font-size", "fail", "small")]), page("/b", [("plugins", "pass", "ok")])])
    new = report([page("/a", [("font-size", "fail", "still small")]),
                  page("/b", [("plugins", "error", "broke"), ("tap-targets", "warn", "close")]),
                  page("/c", error="HTTP 500")])
    assert {(c["kind"], c["url"]) for c in new_findings(old, new)} == {("new error", "/b"), ("page error", "/c")}
    assert new_findings(new, new) == []


def test_diff_into_a_closed_pipe_prints_no_traceback(tmp_path):
    for name, pages in (("a", []), ("b", [page(f"/page-{i}") for i in range(3000)])):
        (tmp_path / name).mkdir()
        (tmp_path / name / "report.json").write_text(json.dumps(report(pages)), encoding="utf-8")
    command = f"{sys.executable} -m crawler.cli diff {tmp_path / 'a'} {tmp_path / 'b'} | head -n 2"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.stdout.count("\n") == 2
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr, result.stderr
    assert result.returncode == 0


def test_the_baseline_key_ignores_comments_schedules_and_alerts(tmp_path):
    path = write_site_config(tmp_path, "https://shop.vn")
    key = baseline_key(load_config(path))
    path.write_text("# a comment\n" + path.read_text() + '\n[schedule]\ncron = "0 2 * * *"\n'
                    '[alerts]\nwebhook_url = "https://hooks.example/x"\n', encoding="utf-8")
    assert baseline_key(load_config(path)) == key
    path.write_text(path.read_text().replace('devices = ["iPhone 13"]', 'devices = ["Pixel 7"]'), encoding="utf-8")
    assert baseline_key(load_config(path)) != key, "other devices: another audit"


def test_a_page_that_starts_failing_or_disappears_got_worse():
    old = report([page("/a"), page("/gone")])
    new = report([page("/a", error="HTTP 500")])
    kinds = {c["kind"] for c in diff_reports(old, new)["worse"]}
    assert kinds == {"page error", "page disappeared"}


def test_interrupted_or_killed_runs_are_never_a_baseline(tmp_path):
    history = History(tmp_path)
    good, _ = history.start_run("shop", "/r1", "h", "t1")
    history.finish_run(good, {"run": {"status": "complete", "finished_at": "t"}, "summary": {"pages": 1,
                              "pages_with_findings": 0}, "pages": []})
    interrupted, _ = history.start_run("shop", "/r2", "h", "t2")
    history.finish_run(interrupted, {"run": {"status": "interrupted", "finished_at": "t"},
                                     "summary": {"pages": 1, "pages_with_findings": 0}, "pages": []})
    killed, _ = history.start_run("shop", "/r3", "h", "t3")
    history.finish_run(killed, None)
    current, _ = history.start_run("shop", "/r4", "h", "t4")
    assert history.baseline("shop", "h", current)["run_dir"] == "/r1"
    assert history.baseline("shop", "other config", current) is None
    assert history.baseline("other", "h", current) is None


class Receiver(BaseHTTPRequestHandler):
    bodies: list = []

    def do_POST(self):
        Receiver.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


SINCE = {"baseline": {"run_id": "r1"}, "worse": [
    {"kind": "new fail", "url": "https://shop.vn/p", "device": "Pixel 7", "check": "content-width", "text": "wide"}],
    "better": []}


@pytest.mark.parametrize("fmt, field", [("slack", "text"), ("teams", "text"), ("google-chat", "text")])
def test_webhook_alert_reaches_a_local_receiver(fmt, field):
    Receiver.bodies = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        sent = send_alerts(AlertsConfig(webhook_url=f"http://127.0.0.1:{server.server_address[1]}/hook",
                                        webhook_format=fmt), "shop.vn", SINCE, "/r/index.html")
    finally:
        server.shutdown()
    assert sent == []
    assert "shop.vn" in Receiver.bodies[0][field] and "content-width" in Receiver.bodies[0][field]
    assert ("@type" in Receiver.bodies[0]) == (fmt == "teams")


def test_email_alert_through_local_smtp_and_no_alert_below_the_threshold():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    received = []

    class Keep(Sink):
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope.content.decode())
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        email = EmailAlert(smtp_host="127.0.0.1", smtp_port=port, to=["team@shop.vn"])
        assert send_alerts(AlertsConfig(email=email), "shop.vn", SINCE, "/r/index.html") == []
        assert send_alerts(AlertsConfig(email=email, min_regressions=5), "shop.vn", SINCE, "/r") is None
    finally:
        controller.stop()
    assert len(received) == 1 and "got worse on shop.vn" in received[0]


def test_a_failed_alert_never_fails_the_run():
    failures = send_alerts(AlertsConfig(webhook_url="http://127.0.0.1:9/hook", timeout=1), "shop.vn", SINCE, "/r")
    assert len(failures) == 1 and failures[0].startswith("webhook alert to http://127.0.0.1:9/*** failed: ")
    assert "/hook" not in failures[0]


def write_site_config(folder: Path, url: str, extra: str = "") -> Path:
    config = folder / "shop.toml"
    config.write_text(f'[site]\nname = "history-shop"\nstart_urls = ["{url}/index.html"]\ndevices = ["iPhone 13"]\n'
                      f'settle = 1.0\nuse_sitemaps = false\n\n[[pixels]]\nvendor = "ga4"\nid = "G-HIST1234"\n{extra}',
                      encoding="utf-8")
    return config


@pytest.mark.browser
def test_two_runs_diff_names_what_the_site_changed(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(HISTORY_SITE, site)
    sites, reports = tmp_path / "sites", tmp_path / "reports"
    sites.mkdir()
    with SiteServer(site) as server:
        config = write_site_config(sites, server.url)
        first = mobicrawl("run", str(sites), "--reports", str(reports), "--fail-on", "new")
        assert first.returncode == 0, first.stderr  # no baseline yet: nothing is new
        assert "nothing to compare with yet" in first.stdout
        config.write_text("# edited: a comment keeps the baseline\n" + config.read_text(), encoding="utf-8")
        product = site / "product.html"
        text = product.read_text().replace('<script>addEventListener("load", () => navigator.sendBeacon(', "<script>(() => (")
        product.write_text(text.replace("/*HIDE*/", "@media (max-width: 600px) { .promo { display: none } }"))
        (site / "wide.html").write_text('<!doctype html><meta name="viewport" content="width=device-width">'
                                        '<div style="width:1200px">A very wide table</div>')
        (site / "index.html").write_text((site / "index.html").read_text().replace(
            '<a href="about.html">', '<a href="wide.html">Wide</a> <a href="about.html">'))
        time.sleep(1.1)  # run folders are named by the second
        second = mobicrawl("run", str(sites), "--reports", str(reports), "--fail-on", "new")
        assert second.returncode == 1, second.stderr  # the tracking-pixels check newly fails on product.html
        assert "new failure(s) or error(s) since the baseline" in second.stdout
    runs = sorted((reports / "history-shop").iterdir())
    latest = json.loads((runs[-1] / "report.json").read_text())
    check_report_schema(latest)
    since = latest["since_last"]
    worse = {(c["kind"], c["url"].rsplit("/", 1)[-1]) for c in since["worse"]}
    assert ("offer hidden", "product.html") in worse
    assert ("pixel coverage dropped", "product.html") in worse
    assert ("new fail", "product.html") in worse  # the tracking-pixels check now fails there
    assert {c["kind"] for c in since["added"] if c["url"].endswith("wide.html")} == {"page appeared",
                                                                                     "new page without ga4"}
    assert not any(c["url"].endswith("wide.html") for c in since["better"] + since["worse"])
    assert any(c["url"].endswith("product.html") and c["kind"] == "new fail" for c in since["new_findings"])
    assert "Since the last crawl" in (runs[-1] / "index.html").read_text()
    listing = mobicrawl("history", "history-shop", "--reports", str(reports))
    assert listing.stdout.count("complete") == 2
    diffed = mobicrawl("diff", str(runs[0]), str(runs[1]), "--json")
    assert json.loads(diffed.stdout)["worse"]
    # the trend: readiness and the expected GA4 pixel's coverage on phones, one point per run
    trend = json.loads((runs[-1] / "trend.json").read_text())
    assert [point["readiness"] for point in trend] == [json.loads((run / "report.json").read_text())["summary"]
                                                       ["readiness"] for run in runs]
    assert trend[0]["pixels"]["ga4 G-HIST1234"] > trend[1]["pixels"]["ga4 G-HIST1234"]  # product.html lost it
    latest_html = (runs[-1] / "index.html").read_text()
    assert 'id="trend"' in latest_html and latest_html.count("<circle") == 4  # two charts of two runs
    page = mobicrawl("history", "history-shop", "--reports", str(reports), "--html")
    assert page.returncode == 0 and (reports / "history-shop" / "trend.html").exists()
    assert (reports / "history-shop" / "trend.html").read_text().count("<polyline") == 2


@pytest.mark.browser
def test_scheduler_runs_at_cron_times_and_stops_cleanly_on_sigterm(tmp_path):
    sites, reports = tmp_path / "sites", tmp_path / "reports"
    sites.mkdir()
    with SiteServer(HISTORY_SITE) as server:
        write_site_config(sites, server.url, '\n[schedule]\ncron = "*/2 * * * * *"\ntimezone = "Asia/Ho_Chi_Minh"\n')
        child = subprocess.Popen([sys.executable, "-m", "crawler.cli", "schedule", str(sites), "--reports", str(reports)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if (reports / "history.sqlite").exists() and History(reports).runs("history-shop") and \
                    History(reports).runs("history-shop")[0]["status"] == "complete":
                break
            time.sleep(0.5)
        child.send_signal(signal.SIGTERM)
        assert child.wait(timeout=90) == 0
    runs = History(reports).runs("history-shop")
    assert runs and all(run["status"] == "complete" for run in runs)
    assert "history-shop" in (reports / "scheduler.log").read_text()
