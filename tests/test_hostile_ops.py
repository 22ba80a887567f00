"""A bad night for operations: hung alert servers, a hung audit, bad options and folders, kill -9, secrets on disk."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socketserver
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from cli_run import load_report, mobicrawl, one_line_error, refused
from crawl_site import crawl_server
from crawler.config import AlertsConfig, EmailAlert, config_from_dict
from crawler.demo.server import SiteServer
from crawler.history.alerts import send_alerts
from crawler.history.child import run_child
from crawler.history.db import History
from crawler.history.sites import run_site
from crawler.store import RunStore

TOKEN = "XoXoSecretToken42"
SINCE = {"baseline": {"run_id": "r1"}, "worse": [
    {"kind": "new fail", "url": "https://shop.vn/p", "device": "Pixel 7", "check": "content-width", "text": "wide"}],
    "better": []}


# ---- servers that never finish answering -----------------------------------------------------

class HangingServer:
    """A loopback TCP server whose every connection gets `chunk` every `every` seconds, until stopped."""

    def __init__(self, head: bytes, chunk: bytes, every: float):
        stop = self.stop = threading.Event()

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                try:
                    if head:
                        self.request.recv(65536)  # the request; the answer starts with `head`
                        self.request.sendall(head)
                    while not stop.is_set():
                        self.request.sendall(chunk)
                        stop.wait(every)
                except OSError:  # the client gave up
                    pass

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


def slow_drip_webhook():
    """Headers at once, then one byte of the body every 5 s: no per-read timeout ever fires."""
    return HangingServer(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n", b".", 5)


def endless_greeting_smtp():
    return HangingServer(b"", b"220-still greeting you\r\n", 0.2)


def test_hung_alert_servers_cost_a_bounded_time_and_say_so():
    with slow_drip_webhook() as hook, endless_greeting_smtp() as smtp:
        alerts = AlertsConfig(webhook_url=f"http://127.0.0.1:{hook.port}/services/{TOKEN}?key={TOKEN}", timeout=0.3,
                              email=EmailAlert(smtp_host="127.0.0.1", smtp_port=smtp.port, to=["team@shop.vn"]))
        started = time.monotonic()
        failures = send_alerts(alerts, "shop.vn", SINCE, "/r/index.html")
        took = time.monotonic() - started
    assert took < 30  # 3 tries of 0.3 s and two pauses, the channels side by side
    assert failures == [
        f"webhook alert to http://127.0.0.1:{hook.port}/*** failed: no complete answer within 0.3 s",
        "email alert through 127.0.0.1 failed: no complete answer within 0.3 s"]


# ---- the audit under `run` has a wall-clock limit ----------------------------------------------

HUNG_AUDIT = """
import pathlib, subprocess, sys, time
# like Chromium: a grandchild in a process group of its own
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
pathlib.Path(sys.argv[1]).write_text(str(grandchild.pid))
time.sleep(600)
"""


def gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_a_hung_audit_is_stopped_at_max_minutes_with_its_whole_tree(tmp_path):
    script, pid_file = tmp_path / "hung_audit.py", tmp_path / "grandchild.pid"
    script.write_text(HUNG_AUDIT)
    config = tmp_path / "shop.toml"
    config.write_text('[site]\nname = "hung"\nstart_urls = ["http://127.0.0.1:9/"]\nmax_minutes = 0.02\n')
    started = time.monotonic()
    outcome = run_site(config, tmp_path / "reports", execute=lambda config_path, run_dir, baseline:
                       run_child([sys.executable, str(script), str(pid_file)], 1.2))
    assert time.monotonic() - started < 60
    assert outcome["problem"] == "the audit was stopped after 0.02 minutes (the site's max_minutes)"
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while not gone(grandchild) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gone(grandchild)
    assert [row["status"] for row in History(tmp_path / "reports").runs("hung")] == ["failed"]


# ---- bad options and folders: one line, no traceback -------------------------------------------

@pytest.mark.parametrize("args, says", [
    (["audit", "http://127.0.0.1:9/", "--max-depth", "-1"], "--max-depth must be at least 0, not -1"),
    (["audit", "http://127.0.0.1:9/", "--timeout", "-5"], "--timeout must be more than 0, not -5.0"),
    (["audit", "http://127.0.0.1:9/", "--settle", "-1"], "--settle must be at least 0, not -1.0"),
    (["audit", "http://127.0.0.1:9/", "--concurrency", "-2"], "--concurrency must be at least 1, not -2"),
    (["run", "sites", "--keep", "0"], "--keep must be at least 1, not 0"),
    (["run", "sites", "--keep", "-1"], "--keep must be at least 1, not -1"),
    (["schedule", "sites", "--keep", "-1"], "--keep must be at least 1, not -1"),
    (["run", "sites", "--parallel", "0"], "--parallel must be at least 1, not 0"),
    (["run", "sites", "--parallel", "two"], "argument --parallel: invalid int value: 'two'"),
])
def test_option_values_are_refused_up_front(args, says):
    result = refused(*args)
    assert result.returncode == 2
    assert says in one_line_error(result)


def test_a_config_folder_is_one_line(tmp_path):
    result = refused("audit", "--config", str(tmp_path))
    assert result.returncode == 2
    assert one_line_error(result) == f"mobicrawl: {tmp_path}: is a folder, not a config file"


def test_two_configs_for_one_site_are_refused_naming_both(tmp_path):
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('[site]\nstart_urls = ["https://www.shop.vn/"]\n'
                                     '[schedule]\ncron = "0 2 * * *"\n')
    for command in ("run", "schedule"):
        result = refused(command, str(tmp_path), "--reports", str(tmp_path / "reports"))
        assert result.returncode == 2
        line = one_line_error(result)
        assert str(tmp_path / "a.toml") in line and str(tmp_path / "b.toml") in line and "'shop.vn'" in line


def test_a_site_name_stays_inside_the_reports_folder():
    config = config_from_dict({"site": {"name": "../../x", "start_urls": ["https://shop.vn/"]}})
    assert config.site_name == "x"
    assert config_from_dict({"site": {"name": "/etc/cron.d", "start_urls": ["https://shop.vn/"]}}).site_name \
        == "etc-cron.d"


# ---- a run killed hard is marked interrupted ---------------------------------------------------

def killed_run(run_dir: Path) -> None:
    """A run folder whose process began it and then died without a word."""
    subprocess.run([sys.executable, "-c", "import sys; from crawler.store import RunStore; RunStore(sys.argv[1])"
                    ".begin({'id': 'r', 'start_urls': ['https://shop.vn/'], 'devices': []}, {}, {})", str(run_dir)],
                   check=True)


def test_report_and_history_mark_a_run_killed_hard_as_interrupted(tmp_path):
    run_dir = tmp_path / "reports" / "shop.vn" / "r"
    killed_run(run_dir)
    assert json.loads((run_dir / "run.json").read_text())["run"]["status"] == "running"
    result = mobicrawl("report", str(run_dir), "--format", "json,html")
    assert result.returncode == 0, result.stderr
    assert load_report(run_dir)["run"]["status"] == "interrupted"
    assert "interrupted: partial results" in (run_dir / "index.html").read_text()

    other = tmp_path / "reports" / "shop.vn" / "r2"
    killed_run(other)
    history = History(tmp_path / "reports")
    history.start_run("shop.vn", str(other), "h", "t", exact=True)
    history.close()
    listing = mobicrawl("history", "--reports", str(tmp_path / "reports"))
    assert listing.returncode == 0, listing.stderr
    assert "interrupted" in listing.stdout and "running" not in listing.stdout
    assert json.loads((other / "run.json").read_text())["run"]["status"] == "interrupted"


def test_a_run_still_going_is_left_running(tmp_path):
    RunStore(tmp_path).begin({"id": "r", "start_urls": ["https://shop.vn/"], "devices": []}, {}, {})
    assert not RunStore(tmp_path).close_if_abandoned()  # this very process wrote it and is alive


# ---- real audits: --out, --force, --share, a folder that stops being writable, kill -9 ---------


def audit(url: str, out: Path, *more: str) -> subprocess.CompletedProcess:
    return mobicrawl("audit", url, "--out", str(out), "--quiet", "--settle", "0", "--no-sitemaps",
                     "--max-pages", "1", "--device", "iPhone 13", "--fail-on", "never", *more)


def modes(folder: Path) -> set[tuple[str, int]]:
    found = {("dir", stat.S_IMODE(folder.stat().st_mode))}
    for path in folder.rglob("*"):
        found.add(("dir" if path.is_dir() else "file", stat.S_IMODE(path.stat().st_mode)))
    return found


@pytest.fixture(scope="module")
def crawl_site():
    with crawl_server() as server:
        yield server.url


@pytest.mark.browser
def test_out_is_new_empty_or_a_run_that_force_replaces(tmp_path, crawl_site):
    out = tmp_path / "run"
    first = audit(crawl_site + "/", out)
    assert first.returncode == 0, first.stderr
    assert modes(out) == {("dir", 0o700), ("file", 0o600)}
    json_before = (out / "report.json").read_text()

    again = audit(crawl_site + "/about.html", out)
    assert again.returncode == 2
    assert one_line_error(again) == f"mobicrawl: --out {out}: holds a previous run; add --force to replace it"
    assert (out / "report.json").read_text() == json_before

    replaced = audit(crawl_site + "/about.html", out, "--force", "--share")
    assert replaced.returncode == 0, replaced.stderr
    report = load_report(out)
    assert [page["url"] for page in report["pages"]] == [crawl_site + "/about.html"]  # no old page merged
    assert report["run"]["id"] == "run"
    assert modes(out) == {("dir", 0o755), ("file", 0o644)}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run"]  # no temporary sibling left

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("my own page")
    refused = audit(crawl_site + "/", mine, "--force")
    assert refused.returncode == 2
    assert "holds files that are not a mobicrawl run" in one_line_error(refused)
    assert (mine / "index.html").read_text() == "my own page"

    a_file = tmp_path / "mine" / "index.html"
    assert audit(crawl_site + "/", a_file).returncode == 2
    under_a_file = audit(crawl_site + "/", a_file / "run")
    assert under_a_file.returncode == 3
    assert "Not a directory" in one_line_error(under_a_file)


def audit_until_a_page_is_written(url: str, out: Path) -> subprocess.Popen:
    """An audit in its own process group, returned once its first page is on disk."""
    child = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "audit", url, "--out", str(out), "--quiet",
         "--concurrency", "1", "--settle", "0", "--device", "iPhone 13"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list((out / "pages").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.1)
    return child


@pytest.mark.browser
def test_a_folder_that_cannot_be_written_mid_run_is_one_line_and_exit_3(tmp_path, crawl_site):
    out = tmp_path / "run"
    child = audit_until_a_page_is_written(crawl_site + "/", out)
    shutil.rmtree(out / "pages")
    (out / "pages").write_text("not a folder any more")  # as root, chmod would not stop a write
    _, stderr = child.communicate(timeout=180)
    assert child.returncode == 3
    assert "could not write the run folder, the audit stopped: Not a directory" in one_line_error(
        subprocess.CompletedProcess([], 3, "", stderr))
    assert json.loads((out / "run.json").read_text())["run"]["status"] == "running"
    rewritten = mobicrawl("report", str(out), "--format", "json")
    assert rewritten.returncode == 0, rewritten.stderr
    assert load_report(out)["run"]["status"] == "interrupted"


@pytest.mark.browser
def test_kill_9_then_recheck_says_interrupted(tmp_path, crawl_site):
    out = tmp_path / "run"
    child = audit_until_a_page_is_written(crawl_site + "/", out)
    os.killpg(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    result = mobicrawl("recheck", str(out), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = load_report(out)
    assert report["run"]["status"] == "interrupted" and report["pages"]


# ---- a nightly `run` with hung alert servers: bounded, said, and no secret on disk ---------------

@pytest.mark.browser
def test_run_with_hung_alerts_returns_says_so_and_writes_no_secret(tmp_path):
    site, sites, reports = tmp_path / "site", tmp_path / "sites", tmp_path / "reports"
    site.mkdir()
    sites.mkdir()
    page = site / "index.html"
    page.write_text('<!doctype html><meta name="viewport" content="width=device-width"><p>Hello</p>')
    with SiteServer(site) as server, slow_drip_webhook() as hook, endless_greeting_smtp() as smtp:
        webhook = f"http://127.0.0.1:{hook.port}/services/T0/B0/{TOKEN}"
        (sites / "shop.toml").write_text(
            f'[site]\nname = "ops-shop"\nstart_urls = ["{server.url}/index.html"]\ndevices = ["iPhone 13"]\n'
            f'settle = 0\nuse_sitemaps = false\nmax_pages = 1\n\n'
            f'[alerts]\nwebhook_url = "{webhook}"\ntimeout = 1\n'
            f'[alerts.email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp.port}\nto = ["team@shop.vn"]\n')
        first = mobicrawl("run", str(sites), "--reports", str(reports))
        assert first.returncode == 0, first.stderr
        page.write_text(page.read_text() + '<div style="width:1500px">A wide table</div>')
        time.sleep(1.1)  # run folders are named by the second
        second = mobicrawl("run", str(sites), "--reports", str(reports), timeout=240)  # hung alerts: never ends
    assert second.returncode == 0, second.stderr
    assert f"ops-shop: webhook alert to http://127.0.0.1:{hook.port}/*** failed: no complete answer within 1 s" \
        in second.stdout
    assert "ops-shop: email alert through 127.0.0.1 failed" in second.stdout
    for result in (first, second):
        assert TOKEN not in result.stdout + result.stderr
    files = [path for path in reports.rglob("*") if path.is_file()]
    assert reports / "history.sqlite" in files and len([f for f in files if f.name == "run.json"]) == 2
    assert not [path for path in files if TOKEN.encode() in path.read_bytes()]
    for run_dir in (reports / "ops-shop").iterdir():
        assert modes(run_dir) == {("dir", 0o700), ("file", 0o600)}
    assert stat.S_IMODE((reports / "history.sqlite").stat().st_mode) == 0o600
