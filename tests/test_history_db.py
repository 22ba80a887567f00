"""The history database on SQLite and on a real PostgreSQL: upgrades, concurrent runs, reading, secrets."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cli_run import mobicrawl
from crawler.demo.server import SiteServer
from crawler.history.db import History, open_history
from pg_cluster import PASSWORD, PostgresCluster
from test_history import HISTORY_SITE

# The schema as today's hand-written migrations made it (PRAGMA user_version 1, then 2), kept verbatim.
LEGACY_MIGRATIONS = (
    """CREATE TABLE runs (id INTEGER PRIMARY KEY, site TEXT NOT NULL, run_dir TEXT NOT NULL UNIQUE,
           started_at TEXT, finished_at TEXT, status TEXT NOT NULL, pages INTEGER, pages_with_findings INTEGER);
       CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, url TEXT NOT NULL,
           device TEXT NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL);
       CREATE INDEX results_run ON results(run_id);""",
    """ALTER TABLE runs ADD COLUMN config_hash TEXT;
       ALTER TABLE runs ADD COLUMN readiness REAL;
       CREATE INDEX runs_site ON runs(site, config_hash, status);""",
)
REPORT = {"run": {"status": "complete", "finished_at": "2026-11-22T02:10:00+00:00"},
          "summary": {"pages": 1, "pages_with_findings": 1, "readiness": 0.5},
          "pages": [{"url": "https://shop.vn/", "results": [{"device": "Pixel 7", "check": "font-size", "status": "fail"}]}]}


@pytest.fixture(scope="module")
def postgres():
    with PostgresCluster() as cluster:
        yield cluster


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    """A fresh, empty history: a folder (SQLite) or a new database on the throwaway PostgreSQL."""
    return str(tmp_path / "reports") if request.param == "sqlite" else request.getfixturevalue("postgres").new_database()


def legacy_history(folder: Path, version: int) -> None:
    db = sqlite3.connect(folder / "history.sqlite")
    for script in LEGACY_MIGRATIONS[:version]:
        db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    extra = ", config_hash, readiness" if version == 2 else ""
    values = ", 'h1', 0.75" if version == 2 else ""
    for n in (1, 2):
        db.execute(f"INSERT INTO runs (site, run_dir, started_at, finished_at, status, pages, pages_with_findings{extra})"
                   f" VALUES ('shop', '/r/{n}', 't{n}', 'f{n}', 'complete', 4, 1{values})")
    db.execute("INSERT INTO results VALUES (2, 'https://shop.vn/', 'Pixel 7', 'font-size', 'fail')")
    db.commit()
    db.close()


@pytest.mark.parametrize("version", [1, 2])
def test_an_old_sqlite_history_is_upgraded_keeping_every_run(tmp_path, version):
    legacy_history(tmp_path, version)
    with open_history(tmp_path) as history:
        assert history.revision == "0002"
        runs = history.runs("shop")
        assert [(r["id"], r["run_dir"], r["pages"]) for r in runs] == [(1, "/r/1", 4), (2, "/r/2", 4)]
        assert history.failing_counts(2) == {"fail": 1}
        run_id, _ = history.start_run("shop", tmp_path / "r3", "h1", "t3")
        assert run_id == 3
        expected = "/r/2" if version == 2 else None  # version 1 runs have no config hash: never a baseline
        assert (history.baseline("shop", "h1", run_id) or {}).get("run_dir") == expected
    listing = mobicrawl("history", "shop", "--reports", str(tmp_path))
    assert listing.stdout.count("complete") == 2, listing.stderr


def test_runs_baselines_and_results_on_each_database(location, tmp_path):
    with open_history(location) as history:
        first, first_dir = history.start_run("shop", tmp_path / "shop" / "T", "h", "t1")
        history.finish_run(first, REPORT)
        second, second_dir = history.start_run("shop", tmp_path / "shop" / "T", "h", "t1")
        assert second_dir.name == "T-2" and second > first  # the same second: another folder, another id
        assert history.baseline("shop", "h", second)["run_dir"] == str(first_dir)
        assert history.baseline("shop", "other config", second) is None
        assert history.failing_counts(first) == {"fail": 1}
        assert history.runs("shop")[0]["readiness"] == 0.5


def test_concurrent_processes_on_a_fresh_history_never_crash(location, tmp_path):
    """Migrations run under a lock; run folders and ids cannot collide, even in the same second."""
    script = ("import sys; from crawler.history.db import open_history\n"
              "with open_history(sys.argv[1]) as h:\n"
              "    print(h.start_run('shop', sys.argv[2], 'h', 't')[1])")
    children = [subprocess.Popen([sys.executable, "-c", script, location, str(tmp_path / "shop" / "T")],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [child.communicate(timeout=180) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in outputs]
    assert len({out.strip() for out, _ in outputs}) == 3

    def start_in_a_thread(_):  # the threads of one `run --parallel N` process
        with open_history(location) as history:
            return history.start_run("shop", tmp_path / "T", "h", "t")

    with ThreadPoolExecutor(3) as pool:
        started = list(pool.map(start_in_a_thread, range(3)))
    assert len({folder for _, folder in started}) == 3 and len({run_id for run_id, _ in started}) == 3


def test_reading_never_creates_a_history_and_says_how_to_start(location):
    listing = mobicrawl("history", "--history", location)
    assert listing.returncode == 0
    assert "No history at" in listing.stdout and "--history" in listing.stdout
    if "://" not in location:
        assert not Path(location).exists()
    else:
        assert PASSWORD not in listing.stdout + listing.stderr
        with pytest.raises(LookupError):
            History(location, create=False)


def test_a_bad_database_url_is_one_line_without_the_password():
    bad = mobicrawl("history", "--history", f"postgresql://mobicrawl:{PASSWORD}@127.0.0.1:notaport/db")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "not a database URL" in bad.stderr
    assert PASSWORD not in bad.stdout + bad.stderr


def test_the_database_password_is_never_printed(postgres):
    wrong = mobicrawl("history", "--history", postgres.url(password="wrong-" + PASSWORD))
    assert wrong.returncode == 3
    assert "password authentication failed" in wrong.stderr and "***" in wrong.stderr
    assert PASSWORD not in wrong.stdout + wrong.stderr


def site_config(folder: Path, name: str, url: str) -> None:
    (folder / f"{name}.toml").write_text(
        f'[site]\nname = "{name}"\nstart_urls = ["{url}/index.html"]\ndevices = ["iPhone 13"]\nsettle = 0.5\n'
        'use_sitemaps = false\n', encoding="utf-8")


@pytest.mark.browser
def test_parallel_runs_and_an_audit_share_one_history(location, tmp_path):
    """`run --parallel 2` on a fresh history, then an `audit --history`: every run recorded, no secret written."""
    sites, reports = tmp_path / "sites", tmp_path / "reports"
    sites.mkdir()
    with SiteServer(HISTORY_SITE) as server:
        for name in ("shop-a", "shop-b"):
            site_config(sites, name, server.url)
        ran = mobicrawl("run", str(sites), "--reports", str(reports), "--parallel", "2", "--history", location)
        assert ran.returncode == 0, ran.stderr
        audited = mobicrawl("audit", f"{server.url}/index.html", "--config", str(sites / "shop-a.toml"), "--quiet",
                            "--out", str(tmp_path / "one"), "--history", location, "--fail-on", "never")
        assert audited.returncode == 0, audited.stderr
    listing = mobicrawl("history", "--history", location)
    assert listing.stdout.count("complete") == 3, listing.stdout + listing.stderr
    sites_listed = [line.split()[0] for line in listing.stdout.splitlines()[1:]]
    assert sorted(sites_listed) == ["shop-a", "shop-a", "shop-b"] and str(tmp_path / "one") in listing.stdout
    written = [path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()]
    assert not any(PASSWORD.encode() in data for data in written)
    assert PASSWORD not in ran.stdout + ran.stderr + audited.stdout + audited.stderr + listing.stdout
