"""What the spider yields and what a judged page is, declared once: spider -> pipeline -> store -> reports."""
from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal, TypedDict

from checks.artifacts import RenderArtifacts
from checks.base import ResultRecord

# TypedDicts: each is JSON on disk (artifacts/, pages/, report.json) and a plain dict for Scrapy's
# item pipeline, so typing the dict keeps one shape from the spider to the report writers.


class Outcome(StrEnum):
    """What became of a page: only `audited` pages can be ready; `not_html` files are listed, by design."""

    AUDITED = "audited"  # rendered and judged at every device
    PARTIAL = "partial"  # rendered at some devices; at the others every check says why it could not judge
    NOT_RENDERED = "not_rendered"  # could not be audited: error status, timeout, left the site, too large...
    NOT_HTML = "not_html"  # a file or a download: listed, never rendered

    @property
    def counts_against(self) -> bool:
        """A page the audit meant to judge and could not, wholly or in part: never a pass."""
        return self in (Outcome.PARTIAL, Outcome.NOT_RENDERED)


class PageItem(TypedDict):
    """The spider's item for one URL it probed, audited or not."""

    kind: Literal["page"]
    id: int
    url: str  # as found (before redirects)
    final_url: str | None
    http_status: int | None
    depth: int
    content_type: str | None
    error: str | None  # why it was not audited (HTTP 404, not HTML, off the site...)
    audited: bool
    not_html: bool  # a file or a download: listed, never rendered
    start: bool  # one of the start URLs
    devices: list[str]  # the devices it is rendered at (none when not audited)


class RenderItem(TypedDict):
    """The spider's item for one render of an audited page."""

    kind: Literal["render"]
    page: int  # the PageItem's id
    device: str
    artifacts: RenderArtifacts


class PageRecord(TypedDict):
    """A judged page: `pages/NNNNNN.json` and one entry of report.json's `pages`."""

    url: str
    final_url: str | None
    http_status: int | None
    depth: int
    error: str | None
    content_type: str | None
    audited: bool  # rendered at one device at least
    outcome: str  # an Outcome value
    title: str | None
    results: list[ResultRecord]
    screenshots: dict[str, str]  # device -> path relative to the run folder
    console_errors: dict[str, list[str]]  # device -> messages
    dialogs: dict[str, list[dict[str, Any]]]  # device -> the dialogs the page opened (dismissed)
    offers: list[dict[str, Any]]  # offers-visible's evidence (CheckMeta.evidence_field)
    pixels: list[dict[str, Any]]  # tracking-pixels' evidence


class SavedPage(TypedDict):
    """`artifacts/NNNNNN.json`: what `recheck` judges again without a browser."""

    page: PageItem
    renders: dict[str, RenderArtifacts]  # by device name


# The fields a page record copies from the spider's page item.
PAGE_FIELDS = tuple(key for key in PageRecord.__annotations__ if key in PageItem.__annotations__)
