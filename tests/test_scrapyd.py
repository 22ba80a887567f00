"""`mobicrawl run SITES_DIR --scrapyd URL,URL`: two real Scrapyd nodes, jobs recorded in history as a local run is."""
from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from cli_run import load_report, mobicrawl
from crawler.demo.server import SiteServer
from scrapyd_nodes import ScrapydNode, build_egg
from test_history import HISTORY_SITE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def nodes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scrapyd")
    egg = build_egg(folder)
    with ScrapydNode(folder / "node1") as first, ScrapydNode(folder / "node2") as second:
        for node in (first, second):
            node.deploy(egg, folder / "project")
        yield first, second


@pytest.fixture(scope="module")
def site():
    with SiteServer(HISTORY_SITE) as server:
        yield server.url


def site_config(folder: Path, name: str, url: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(f'[site]\nname = "{name}"\nstart_urls = ["{url}/index.html"]\ndevices = ["iPhone 13"]\n'
                    'max_pages = 2\nsettle = 0.3\nuse_sitemaps = false\n', encoding="utf-8")
    return path


def schedule(node: ScrapydNode, **arguments: str) -> str:
    data = urllib.parse.urlencode({"project": "mobicrawl", "spider": "site", **arguments}).encode()
    with urllib.request.urlopen(f"{node.url}/schedule.json", data=data, timeout=30) as response:
        return json.loads(response.read())["jobid"]


def wait_finished(node: ScrapydNode, job: str) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if node.get(f"status.json?job={job}")["currstate"] == "finished":
            return
        time.sleep(0.5)
    raise AssertionError(f"job {job} did not finish")


def test_sites_go_to_the_least_busy_node_and_are_recorded_with_a_diff(nodes, site, tmp_path):
    sites, reports = tmp_path / "sites", tmp_path / "reports"
    for name in ("shop-a", "shop-b"):
        site_config(sites, name, site)
    urls = ",".join(node.url for node in nodes)
    first = mobicrawl("run", str(sites), "--reports", str(reports), "--scrapyd", urls, timeout=600)
    assert first.returncode == 0, first.stderr
    assert [len(node.finished_jobs()) for node in nodes] == [1, 1]  # the second site went to the idle node
    for name in ("shop-a", "shop-b"):
        (run_dir,) = (reports / name).iterdir()
        report = load_report(run_dir)
        assert report["run"]["status"] == "complete" and report["summary"]["pages"] == 2
    (sites / "shop-b.toml").unlink()
    second = mobicrawl("run", str(sites), "--reports", str(reports), "--scrapyd", urls, timeout=600)
    assert second.returncode == 0, second.stderr
    latest = sorted((reports / "shop-a").iterdir())[-1]
    assert load_report(latest)["since_last"]["baseline"]["dir"] == str(sorted((reports / "shop-a").iterdir())[0])
    listing = mobicrawl("history", "--reports", str(reports))
    assert listing.stdout.count("complete") == 3, listing.stdout + listing.stderr


def test_every_spider_argument_is_honoured_and_an_unknown_one_is_an_error(nodes, site, tmp_path):
    config = site_config(tmp_path / "sites", "shop-a", site)
    honoured = schedule(nodes[0], config=str(config), max_pages="1", out=str(tmp_path / "one-page"), format="json")
    refused = schedule(nodes[1], config=str(config), bogus="1", out=str(tmp_path / "refused"))
    wait_finished(nodes[0], honoured)
    wait_finished(nodes[1], refused)
    report = load_report(tmp_path / "one-page")
    assert report["summary"]["pages"] == 1  # the config says 2: the argument wins
    assert not (tmp_path / "one-page" / "index.html").exists()  # format=json: no HTML report
    assert "bogus: unknown spider argument" in nodes[1].job_log(refused)
    assert not (tmp_path / "refused" / "report.json").exists()
