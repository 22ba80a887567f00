"""`audit --redis URL`: workers share one crawl through a real redis-server; each page-device is rendered
once across them, a worker killed midway loses no page, and the last one writes the report."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from cli_run import check_report_schema, load_report, refused
from redis_server import RedisServer
from shop_site import DEVICES, RENDERED, ShopSite, all_paths, crawl_args


def start_worker(args: list[str], folder: Path, name: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawler.cli", *args], start_new_session=True,
                            stdout=open(folder / f"{name}.out", "wb"), stderr=open(folder / f"{name}.err", "wb"))


def worker_args(shop: ShopSite, server: RedisServer, run_dir: Path) -> list[str]:
    return ["audit", shop.url + "/", "--redis", server.url, "--out", str(run_dir), *crawl_args()]


def items_per_worker(run_dir: Path) -> list[int]:
    """Items each worker's crawl handed to its pipeline (Scrapy's closing stats in its own log)."""
    return [int(found[1]) if (found := re.search(r"'item_scraped_count': (\d+)", log.read_text(encoding="utf-8")))
            else 0 for log in sorted(run_dir.glob("crawl-*.log"))]


def check_full_report(run_dir: Path) -> None:
    report = load_report(run_dir)
    check_report_schema(report)
    assert report["run"]["status"] == "complete"
    assert sorted(urlsplit(page["url"]).path for page in report["pages"]) == all_paths(), "a single process's page set"
    for page in report["pages"]:
        assert page["outcome"] == "audited", (page["url"], page.get("error"))
        assert sorted(r["device"] for r in page["results"] if r["check"] == "font-size") == sorted(DEVICES), page["url"]


@pytest.mark.browser
def test_two_workers_share_one_crawl_and_render_each_page_device_once(tmp_path):
    run_dir = tmp_path / "run"
    with RedisServer(tmp_path) as server, ShopSite(tmp_path) as shop:
        workers = [start_worker(worker_args(shop, server, run_dir), tmp_path, name) for name in ("one", "two")]
        codes = [worker.wait(timeout=300) for worker in workers]
        keys_left = redis.Redis.from_url(server.url).keys("mobicrawl:*")
        renders = Counter(shop.renders)
    assert codes == [0, 0], [(tmp_path / f"{n}.err").read_text() for n in ("one", "two")]
    check_full_report(run_dir)
    assert len(renders) == len(all_paths()) * len(RENDERED) and set(renders.values()) == {1}, renders
    assert all(items_per_worker(run_dir)), f"both workers rendered pages: {items_per_worker(run_dir)}"
    assert not keys_left, "the last worker clears the finished crawl's keys"


@pytest.mark.browser
def test_workers_stop_together_at_max_pages(tmp_path):
    run_dir = tmp_path / "run"
    with RedisServer(tmp_path) as server, ShopSite(tmp_path) as shop:
        args = [*worker_args(shop, server, run_dir), "--max-pages", "4"]
        codes = [worker.wait(timeout=120) for worker in [start_worker(args, tmp_path, name) for name in ("a", "b")]]
        rendered = [path for path, _ in shop.renders]
    assert codes == [0, 0]
    report = load_report(run_dir)
    assert report["run"]["status"] == "complete" and len(report["pages"]) == 4
    assert len(set(rendered)) == 4, "no page past --max-pages was rendered by either worker"


@pytest.mark.browser
def test_a_worker_killed_midway_loses_no_page(tmp_path):
    run_dir = tmp_path / "run"
    with RedisServer(tmp_path) as server, ShopSite(tmp_path) as shop:
        args = worker_args(shop, server, run_dir)
        doomed, survivor = start_worker(args, tmp_path, "doomed"), start_worker(args, tmp_path, "survivor")
        deadline = time.monotonic() + 120
        while len(list((run_dir / "pages").glob("*.json"))) < 3:
            assert doomed.poll() is None and time.monotonic() < deadline, (tmp_path / "doomed.err").read_text()
            time.sleep(0.05)
        os.killpg(doomed.pid, signal.SIGKILL)  # the worker and its Chromium, mid-crawl
        doomed.wait(timeout=30)
        written_before = {(urlsplit(json.loads(p.read_text(encoding="utf-8"))["url"]).path, r["device"])
                          for p in (run_dir / "pages").glob("*.json")
                          for r in json.loads(p.read_text(encoding="utf-8"))["results"]}
        rendered_before = len(shop.renders)
        code = survivor.wait(timeout=300)
        rendered_after = shop.renders[rendered_before:]
    assert code == 0, (tmp_path / "survivor.err").read_text()
    check_full_report(run_dir)
    assert not set(rendered_after) & written_before, "renders written before the kill were done again"
    assert len(rendered_after) == len(set(rendered_after))


def test_a_worker_of_another_crawl_or_without_redis_is_refused(tmp_path):
    with RedisServer(tmp_path, password="s3cret-pass") as server:
        first = refused("audit", "https://shop.vn/", "--redis", server.url, "--device", "Pixel 7", "--out",
                        str(tmp_path / "run"), "--browser", "/nonexistent")  # refused before any browser
        other = refused("audit", "https://shop.vn/", "--redis", server.url, "--device", "iPhone 13", "--out",
                        str(tmp_path / "run"))
    assert "is under way" not in first.stderr
    assert other.returncode == 2 and "a crawl of https://shop.vn/ at Pixel 7, Desktop into" in other.stderr
    assert "s3cret-pass" not in other.stderr and f"redis://:***@127.0.0.1:{server.port}/0" in other.stderr
    gone = refused("audit", "https://shop.vn/", "--redis", server.url, "--out", str(tmp_path / "run2"))
    assert gone.returncode == 3 and "s3cret-pass" not in gone.stderr and "Connection refused" in gone.stderr
    assert refused("audit", "https://shop.vn/", "--redis", server.url).returncode == 2  # no --out


def test_a_new_shared_crawl_never_writes_into_another_run(tmp_path):
    old_run = tmp_path / "run"
    old_run.mkdir()
    (old_run / "run.json").write_text('{"tool": {"name": "mobicrawl"}}', encoding="utf-8")
    with RedisServer(tmp_path) as server:
        result = refused("audit", "https://shop.vn/", "--redis", server.url, "--out", str(old_run))
        left = redis.Redis.from_url(server.url).keys("mobicrawl:*")
    assert result.returncode == 2 and "a new shared crawl needs a new or empty folder" in result.stderr
    assert not left, "the refused worker leaves no crawl behind for the next one to join"


def test_a_finished_crawl_whose_last_worker_was_killed_does_not_hold_up_the_next(tmp_path):
    from crawler.crawl_state import shared_identity
    from crawler.shared_crawl import SharedCrawl

    identity = shared_identity(["https://shop.vn/"], ["Pixel 7", "Desktop"], tmp_path / "run")
    with RedisServer(tmp_path) as server:
        killed = SharedCrawl(server.url, identity, 10, 4)
        killed.join()
        killed.page_ids.admit("https://shop.vn/")
        killed.redis.delete(killed.heartbeat_prefix + killed.worker)  # its heartbeat ran out
        other_night = SharedCrawl(server.url, identity, 10, 4)
        assert other_night.check(), "a new crawl, not the finished one"
        assert len(other_night.page_ids) == 0
        running = SharedCrawl(server.url, identity, 10, 4)
        running.join()
        running.page_ids.admit("https://shop.vn/")
        assert not SharedCrawl(server.url, identity, 10, 4).check(), "a crawl with a live worker is joined"
        assert len(running.page_ids) == 1
