"""The types every check shares: status, result, metadata and the context it is given."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypedDict

from .artifacts import DeviceInfo, RenderArtifacts
from .text import Text, TextRecord

DOCS_DIR = "docs/checks"  # one Markdown file per check id, relative to the repository root


class Status(StrEnum):
    """A result's status; iterating gives the order reports list them in (pass, warn, fail, error, skip)."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"  # the check itself broke
    SKIP = "skip"  # the check does not apply

    @property
    def rank(self) -> int:
        """Severity, larger is worse: --fail-on, "worst first" sorting and run diffs use it."""
        return _RANK[self]

    @property
    def is_finding(self) -> bool:
        """Worth someone's attention: a warning, a failure, or a check that broke."""
        return self in FINDINGS

    def at_least(self, level: Status) -> bool:
        return self.rank >= level.rank


_RANK = {Status.SKIP: 0, Status.PASS: 1, Status.WARN: 2, Status.ERROR: 3, Status.FAIL: 4}
FINDINGS = frozenset({Status.WARN, Status.FAIL, Status.ERROR})
JUDGED = tuple(s for s in Status if s is not Status.SKIP)  # the statuses a check gives when it applies


class ResultRecord(TypedDict):
    """One check at one device: an entry of a page record's `results` (report.json)."""

    check: str
    device: str
    status: str  # a Status value
    message: str  # in English
    message_parts: list[TextRecord]  # the same sentences by catalogue key, for reports in other languages
    items: list[dict[str, Any]]


class Phase(StrEnum):
    """A render's phases, in order; every recorded request says which one it belongs to."""
    LOAD = "load"  # up to the load event and the settle that follows it
    INTERACTION = "interaction"  # a visitor's first touch or mouse move and a small scroll
    CONSENT = "consent"  # a click on the consent banner (accept, or reject)


class ConsentChoice(StrEnum):
    """What the consent phase clicked on the banner (`[consent] reject = true` clicks reject)."""
    ACCEPT = "accept"
    REJECT = "reject"


# An item's status besides Status: a pixel or offer nobody configured, listed but not judged.
FOUND = "found"


Says = Text | list[Text]  # what a check writes about a page: one sentence or several


@dataclass
class CheckResult:
    status: Status
    sentences: list[Text]
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def message(self) -> str:
        return " ".join(sentence.english() for sentence in self.sentences)

    def to_record(self, check_id: str, device: str) -> ResultRecord:
        return ResultRecord(check=check_id, device=device, status=str(self.status), message=self.message,
                            message_parts=[sentence.record() for sentence in self.sentences], items=self.items)


def result(status: Status, says: Says, items: list | None = None) -> CheckResult:
    return CheckResult(status, [says] if isinstance(says, Text) else says, items or [])


def passed(says: Says, items: list | None = None) -> CheckResult:
    return result(Status.PASS, says, items)


def warned(says: Says, items: list | None = None) -> CheckResult:
    return result(Status.WARN, says, items)


def failed(says: Says, items: list | None = None) -> CheckResult:
    return result(Status.FAIL, says, items)


def skipped(says: Says) -> CheckResult:
    return result(Status.SKIP, says)


@dataclass(frozen=True)
class CheckMeta:
    id: str
    title: str  # shown when the check passes
    failure_title: str  # shown when it does not
    description: str  # one or two sentences for the report: what and why
    applies_to: str = "mobile"  # "mobile": skip on the desktop profile; "all": every device
    evidence_field: str | None = None  # page field in report.json that collects this check's items
    requires: tuple[str, ...] = ()  # RenderArtifacts keys it reads; missing or failed, the runner judges
    fix: str = ""  # one or two sentences: what to change when the check does not pass
    help_url: str = ""  # the check's doc, relative to the repository root (default docs/checks/<id>.md)

    def __post_init__(self) -> None:
        if not self.help_url:
            object.__setattr__(self, "help_url", f"{DOCS_DIR}/{self.id}.md")


@dataclass
class CheckContext:
    """What a check may look at besides the render it judges.

    `renders` holds the artifacts of the same page at every device (by device name), so a check
    can compare a phone with the desktop render. `config` is the audit's [[offers]], [[pixels]]
    and the like, as plain dicts.
    """

    url: str
    device: DeviceInfo
    renders: dict[str, RenderArtifacts]
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def desktop(self) -> RenderArtifacts | None:
        for render in self.renders.values():
            if not render.get("device", {}).get("is_mobile", True):
                return render
        return None


AuditFn = Callable[[RenderArtifacts, CheckContext], CheckResult]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    audit: AuditFn
