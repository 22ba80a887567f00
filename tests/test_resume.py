"""`--resume DIR`: a crawl stopped by SIGTERM or kill -9 goes on where it stopped, and its report is the
page set of a crawl that was never stopped; no page saved before the stop is rendered again."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cli_run import check_report_schema, load_report, mobicrawl, refused
from crawler.demo.server import SiteServer
from shop_site import DEVICES, ShopSite, all_paths, crawl_args


def audit_args(server: SiteServer, journal: Path, run_dir: Path) -> list[str]:
    return ["audit", server.url + "/", "--resume", str(journal), "--out", str(run_dir), *crawl_args()]


def saved_renders(run_dir: Path) -> set[tuple[str, str]]:
    """(path, device) of each render in the pages written so far (a page cut short has only some)."""
    pages = [json.loads(path.read_text(encoding="utf-8")) for path in (run_dir / "pages").glob("*.json")]
    return {(urlsplit(page["url"]).path, result["device"]) for page in pages for result in page["results"]}


def stop_midway(args: list[str], run_dir: Path, how: signal.Signals) -> None:
    """Start the audit, and stop it once a few pages are written: SIGTERM to mobicrawl, as a scheduler
    does, or SIGKILL to it and its browser, as the kernel's OOM killer or a power cut would."""
    crawl = subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list((run_dir / "pages").glob("*.json"))) < 4:
        assert crawl.poll() is None, f"the crawl ended before it could be stopped: {crawl.stderr.read()}"
        assert time.monotonic() < deadline, "no pages written in 2 minutes"
        time.sleep(0.05)
    if how == signal.SIGKILL:
        os.killpg(crawl.pid, signal.SIGKILL)
    else:
        crawl.send_signal(how)
    crawl.wait(timeout=60)
    crawl.stderr.close()


@pytest.mark.browser
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_stopped_crawl_goes_on_where_it_stopped(tmp_path, how):
    journal, run_dir = tmp_path / "state", tmp_path / "run"
    with ShopSite(tmp_path) as server:
        args = audit_args(server, journal, run_dir)
        stop_midway(args, run_dir, how)
        server.wait_quiet()
        done_before = saved_renders(run_dir)
        rendered_before = len(server.renders)
        result = mobicrawl(*args)
        rendered_after = server.renders[rendered_before:]
    assert result.returncode == 0, result.stderr
    report = load_report(run_dir)
    check_report_schema(report)
    assert report["run"]["status"] == "complete" and report["run"]["resumes"] == 1
    paths = [urlsplit(page["url"]).path for page in report["pages"]]
    assert sorted(paths) == all_paths(), "the uninterrupted page set"
    for page in report["pages"]:
        devices = sorted(r["device"] for r in page["results"] if r["check"] == "font-size")
        assert devices == sorted(DEVICES), (page["url"], devices)
        assert page["outcome"] == "audited", (page["url"], page.get("error"))
    assert done_before, "the stop came after some renders were written"
    redone = set(rendered_after) & done_before
    assert not redone, f"renders written before the stop were done again: {sorted(redone)}"
    assert len(rendered_after) == len(set(rendered_after)), "a page-device rendered twice after the restart"
    assert (run_dir / "index.html").is_file()


def test_a_finished_crawl_is_not_resumed_but_started_anew(tmp_path):
    from crawler.journal import Journal

    identity = {"start_urls": ["https://shop.vn/"], "devices": ["Pixel 7", "Desktop"]}
    (tmp_path / "run").mkdir()
    journal = Journal(tmp_path / "state")
    journal.begin(identity, tmp_path / "run")
    assert journal.resumable_run(identity) == (tmp_path / "run").resolve()
    journal.finish("shutdown")
    assert journal.resumable_run(identity) == (tmp_path / "run").resolve(), "a stopped crawl goes on"
    journal.finish("finished")
    assert journal.resumable_run(identity) is None and journal.progress() == "0 page(s) done, 0 URL(s) waiting"


def test_a_journal_of_another_crawl_is_refused(tmp_path):
    from crawler.journal import Journal

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    Journal(tmp_path / "state").begin({"start_urls": ["https://shop.vn/"], "devices": ["Pixel 7"]}, run_dir)
    result = refused("audit", "https://other.vn/", "--resume", str(tmp_path / "state"), "--device", "Pixel 7")
    assert result.returncode == 2
    assert "holds an unfinished crawl of https://shop.vn/ at Pixel 7; give another folder" in result.stderr
    assert refused("audit", "https://shop.vn/", "--resume", str(tmp_path / "s2"), "--force").returncode == 2
