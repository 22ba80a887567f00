"""The history database (SQLite): every run of every site, its counts and results. All SQL lives here."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

DB_NAME = "history.sqlite"
# Each migration takes the database from version i to i+1; never edit one that shipped, add another.
MIGRATIONS = (
    """CREATE TABLE runs (id INTEGER PRIMARY KEY, site TEXT NOT NULL, run_dir TEXT NOT NULL UNIQUE,
           started_at TEXT, finished_at TEXT, status TEXT NOT NULL, pages INTEGER, pages_with_findings INTEGER);
       CREATE TABLE results (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, url TEXT NOT NULL,
           device TEXT NOT NULL, check_id TEXT NOT NULL, status TEXT NOT NULL);
       CREATE INDEX results_run ON results(run_id);""",
    """ALTER TABLE runs ADD COLUMN config_hash TEXT;
       ALTER TABLE runs ADD COLUMN readiness REAL;
       CREATE INDEX runs_site ON runs(site, config_hash, status);""",
)


class History:
    def __init__(self, reports_dir: str | Path):
        Path(reports_dir).mkdir(parents=True, exist_ok=True)
        self.path = Path(reports_dir) / DB_NAME
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA foreign_keys = ON")
        self.migrate()

    @property
    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> None:
        with self.db:
            for version in range(self.version, len(MIGRATIONS)):
                self.db.executescript(MIGRATIONS[version])
                self.db.execute(f"PRAGMA user_version = {version + 1}")

    def start_run(self, site: str, run_dir: str, config_hash: str, started_at: str) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (site, run_dir, config_hash, started_at, status) VALUES (?, ?, ?, ?, 'running')",
                (site, run_dir, config_hash, started_at))
        assert cursor.lastrowid is not None  # set by every INSERT
        return cursor.lastrowid

    def finish_run(self, run_id: int, report: dict[str, Any] | None) -> None:
        """Record a run's outcome; without a report (killed) it stays unusable as a baseline."""
        with self.db:
            if report is None:
                self.db.execute("UPDATE runs SET status = 'failed' WHERE id = ?", (run_id,))
                return
            summary = report["summary"]
            self.db.execute(
                "UPDATE runs SET status = ?, finished_at = ?, pages = ?, pages_with_findings = ?, readiness = ? "
                "WHERE id = ?", (report["run"]["status"], report["run"]["finished_at"], summary["pages"],
                                 summary["pages_with_findings"], summary.get("readiness"), run_id))
            self.db.executemany(
                "INSERT INTO results (run_id, url, device, check_id, status) VALUES (?, ?, ?, ?, ?)",
                [(run_id, page.get("final_url") or page["url"], r["device"], r["check"], r["status"])
                 for page in report["pages"] for r in page.get("results", [])])

    def baseline(self, site: str, config_hash: str, before_id: int) -> sqlite3.Row | None:
        """The last complete run of the same site and config before this one."""
        return self.db.execute(
            "SELECT * FROM runs WHERE site = ? AND config_hash = ? AND status = 'complete' AND id < ? "
            "ORDER BY id DESC LIMIT 1", (site, config_hash, before_id)).fetchone()

    def runs(self, site: str | None = None) -> list[sqlite3.Row]:
        query = "SELECT * FROM runs" + (" WHERE site = ?" if site else "") + " ORDER BY id"
        return self.db.execute(query, (site,) if site else ()).fetchall()

    def failing_counts(self, run_id: int) -> dict[str, int]:
        rows = self.db.execute("SELECT status, COUNT(*) AS n FROM results WHERE run_id = ? GROUP BY status",
                               (run_id,)).fetchall()
        return {row["status"]: row["n"] for row in rows}

    def close(self) -> None:
        self.db.close()
