"""A crawl's progress on disk (`--resume DIR`), so a crawl stopped by Ctrl-C, SIGTERM or kill -9 goes on
where it stopped: the URLs found and which were probed, the pages admitted (with what rendering them
needs) and each render as it arrives. SQLite in WAL mode commits every step as it happens, so a process
killed at any moment leaves a journal that a later run can trust; a render cut off by the kill is the only
work done again."""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from checks.artifacts import RenderArtifacts, ServerHtml

from .errors import ConfigError
from .frontier import Found
from .records import PageItem

JOURNAL_FILE = "crawl.sqlite"
PAGE_ADOPTED = object()  # signal(page=UnsavedPage): a page another process (or an earlier one) left unfinished
SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL UNIQUE,
                                 depth INTEGER NOT NULL, start INTEGER NOT NULL, probed INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS pages (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, item TEXT NOT NULL,
                                  render_url TEXT, server_html TEXT, saved INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS renders (page INTEGER NOT NULL, device TEXT NOT NULL, artifacts TEXT NOT NULL,
                                    PRIMARY KEY (page, device));
"""


@dataclass
class UnsavedPage:
    """A page admitted before the stop whose record was not written: the renders it has, and what the
    missing ones need."""
    item: PageItem
    render_url: str | None
    server_html: ServerHtml | None
    renders: dict[str, RenderArtifacts]


class Journal:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / JOURNAL_FILE
        # isolation_level None: each statement commits by itself; WAL survives the process being killed
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    # ---- which crawl ----------------------------------------------------------------------

    def _get(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM crawl WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def _set(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO crawl VALUES (?, ?)", (key, json.dumps(value)))

    def resumable_run(self, identity: dict[str, Any]) -> Path | None:
        """The run folder of the unfinished crawl this journal holds, or None when there is none (a new
        journal, or its crawl finished: the journal is emptied for a new one). A journal of another
        crawl (other start URLs or devices) is refused."""
        run_dir, held = self._get("run_dir"), self._get("identity")
        if run_dir is None or self._get("finished") or not Path(run_dir).is_dir():
            self.clear()
            return None
        if held != identity:
            raise ConfigError(f"--resume {self.path.parent}: holds an unfinished crawl of {', '.join(held['start_urls'])} "
                              f"at {', '.join(held['devices'])}; give another folder to start this one")
        return Path(run_dir)

    def begin(self, identity: dict[str, Any], run_dir: Path) -> None:
        self._set("identity", identity)
        self._set("run_dir", str(run_dir.resolve()))

    def begins_run(self) -> bool:
        """Whether this process writes run.json (a worker of a shared crawl may not be the first)."""
        return True

    def finish(self, reason: str) -> bool:
        """The crawl ended (Scrapy's close reason); whether this process writes the report."""
        if reason == "finished":
            self._set("finished", True)  # a later --resume with this folder starts a new crawl
        return True

    def clear(self) -> None:
        for table in ("crawl", "urls", "pages", "renders"):
            self.db.execute(f"DELETE FROM {table}")

    # ---- writing, as the crawl goes -------------------------------------------------------

    def url_found(self, found: Found) -> None:
        self.db.execute("INSERT OR IGNORE INTO urls (url, depth, start) VALUES (?, ?, ?)",
                        (found.url, found.depth, int(found.start)))

    def url_probed(self, url: str) -> None:
        self.db.execute("UPDATE urls SET probed = 1 WHERE url = ?", (url,))

    def page_admitted(self, key: str, item: PageItem, render_url: str | None, server_html: ServerHtml | None) -> None:
        self.db.execute("INSERT OR REPLACE INTO pages (id, key, item, render_url, server_html) VALUES (?, ?, ?, ?, ?)",
                        (item["id"], key, json.dumps(item), render_url,
                         json.dumps(server_html) if server_html is not None else None))

    def render_done(self, page_id: int, device: str, artifacts: RenderArtifacts) -> None:
        self.db.execute("INSERT OR REPLACE INTO renders VALUES (?, ?, ?)", (page_id, device, json.dumps(artifacts)))

    def page_saved(self, page_id: int) -> None:
        self.db.execute("BEGIN")  # one transaction: a page is saved, or still waits with its renders
        self.db.execute("UPDATE pages SET saved = 1 WHERE id = ?", (page_id,))
        self.db.execute("DELETE FROM renders WHERE page = ?", (page_id,))
        self.db.execute("COMMIT")

    # ---- reading, when a crawl resumes ----------------------------------------------------

    def progress(self) -> str:
        saved = self.db.execute("SELECT count(*) FROM pages WHERE saved = 1").fetchone()[0]
        waiting = self.db.execute("SELECT count(*) FROM urls WHERE probed = 0").fetchone()[0]
        return f"{saved} page(s) done, {waiting} URL(s) waiting"

    def urls(self) -> tuple[set[str], list[Found]]:
        """Every URL found, and those not probed yet (in the order found): they wait again."""
        seen: set[str] = set()
        waiting = []
        for url, depth, start, probed in self.db.execute("SELECT url, depth, start, probed FROM urls ORDER BY seq"):
            seen.add(url)
            if not probed:
                waiting.append(Found(url, depth, bool(start)))
        return seen, waiting

    def admitted(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT key, id FROM pages").fetchall())

    def unsaved_pages(self) -> list[UnsavedPage]:
        pages = []
        for page_id, item, render_url, server_html in self.db.execute(
                "SELECT id, item, render_url, server_html FROM pages WHERE saved = 0 ORDER BY id").fetchall():
            renders = {device: cast(RenderArtifacts, json.loads(artifacts)) for device, artifacts in
                       self.db.execute("SELECT device, artifacts FROM renders WHERE page = ?", (page_id,))}
            pages.append(UnsavedPage(cast(PageItem, json.loads(item)), render_url,
                                     json.loads(server_html) if server_html else None, renders))
        return pages

    def close(self) -> None:
        self.db.close()


class NoJournal:
    """A crawl that is not resumable (no --resume): nothing is written."""

    def url_found(self, found: Found) -> None: ...
    def url_probed(self, url: str) -> None: ...
    def page_admitted(self, key: str, item: PageItem, render_url: str | None, server_html: ServerHtml | None) -> None: ...
    def render_done(self, page_id: int, device: str, artifacts: RenderArtifacts) -> None: ...
    def page_saved(self, page_id: int) -> None: ...
    def begins_run(self) -> bool:
        return True
    def finish(self, reason: str) -> bool:
        return True
    def urls(self) -> tuple[set[str], list[Found]]:
        return set(), []
    def admitted(self) -> dict[str, int]:
        return {}
    def unsaved_pages(self) -> list[UnsavedPage]:
        return []
    def close(self) -> None: ...
