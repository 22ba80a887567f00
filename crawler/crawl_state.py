"""Where a crawl keeps what it found and did: in memory, in a journal on disk (`--resume`), or in Redis
shared with other workers (`--redis`). The spider and the pipeline see the same three interfaces."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from checks.artifacts import RenderArtifacts, ServerHtml

from .frontier import Found, Frontier, PageIds
from .journal import Journal, NoJournal, UnsavedPage
from .records import PageItem


class FrontierLike(Protocol):
    def add(self, found: Found, pages_admitted: int) -> bool: ...
    def release(self, pages_admitted: int) -> list[Found]: ...
    def answered(self, url: str) -> None: ...
    def mark_seen(self, url: str) -> None: ...
    def full(self, pages_admitted: int) -> bool: ...


class PageIdsLike(Protocol):
    def __contains__(self, key: str) -> bool: ...
    def __len__(self) -> int: ...
    def admit(self, key: str) -> int | None: ...


class JournalLike(Protocol):
    def url_found(self, found: Found) -> None: ...
    def url_probed(self, url: str) -> None: ...
    def page_admitted(self, key: str, item: PageItem, render_url: str | None,
                      server_html: ServerHtml | None) -> None: ...
    def render_done(self, page_id: int, device: str, artifacts: RenderArtifacts) -> None: ...
    def page_saved(self, page_id: int) -> None: ...
    def unsaved_pages(self) -> list[UnsavedPage]: ...
    def begins_run(self) -> bool: ...
    def finish(self, reason: str) -> bool: ...
    def close(self) -> None: ...


@dataclass
class CrawlState:
    frontier: FrontierLike
    page_ids: PageIdsLike
    journal: JournalLike
    shared: Any = None  # the SharedCrawl of a --redis worker (heartbeat, reclaim, done)


def shared_identity(start_urls: list[str], devices: list[str], run_dir: str | Path) -> dict[str, Any]:
    """What every worker of one shared crawl must agree on."""
    return {"start_urls": start_urls, "devices": devices, "run_dir": str(Path(run_dir).resolve())}


def crawl_state(settings, audit, devices: list[str], run_dir: Path) -> CrawlState:
    max_in_flight = 2 * audit.concurrency
    if redis_url := settings.get("MOBICRAWL_REDIS"):
        from .shared_crawl import SharedCrawl

        shared = SharedCrawl(redis_url, shared_identity(audit.start_urls, devices, run_dir), audit.max_pages,
                             max_in_flight)
        shared.join()
        return CrawlState(shared.frontier, shared.page_ids, shared.journal, shared)
    resume = settings.get("MOBICRAWL_RESUME")
    journal: Journal | NoJournal = Journal(Path(resume)) if resume else NoJournal()
    admitted = journal.admitted()
    seen, waiting = journal.urls()
    frontier = Frontier(audit.max_pages, max_in_flight)
    frontier.restore(seen | set(admitted), waiting)
    return CrawlState(frontier, PageIds(audit.max_pages, admitted), journal)
