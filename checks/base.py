"""The types every check shares: status, result, metadata and the context it is given."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Callable


DOCS_DIR = "docs/checks"  # one Markdown file per check id, relative to the repository root


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"  # the check itself broke
    SKIP = "skip"  # the check does not apply

    @property
    def rank(self) -> int:
        """Severity order used by --fail-on and "worst first" sorting."""
        return {"skip": 0, "pass": 1, "warn": 2, "error": 3, "fail": 4}[self.value]


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


@dataclass
class CheckResult:
    status: Status
    message: str
    items: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, check_id: str, device: str) -> dict[str, Any]:
        return {
            "check": check_id,
            "device": device,
            "status": str(self.status),
            "message": self.message,
            "items": self.items,
        }


def passed(message: str, items: list | None = None) -> CheckResult:
    return CheckResult(Status.PASS, message, items or [])


def warned(message: str, items: list | None = None) -> CheckResult:
    return CheckResult(Status.WARN, message, items or [])


def failed(message: str, items: list | None = None) -> CheckResult:
    return CheckResult(Status.FAIL, message, items or [])


def skipped(message: str) -> CheckResult:
    return CheckResult(Status.SKIP, message)


@dataclass(frozen=True)
class CheckMeta:
    id: str
    title: str  # shown when the check passes
    failure_title: str  # shown when it does not
    description: str  # one or two sentences for the report: what and why
    applies_to: str = "mobile"  # "mobile": skip on the desktop profile; "all": every device
    evidence_field: str | None = None  # page field in report.json that collects this check's items
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
    device: dict[str, Any]  # {name, width, height, is_mobile}
    renders: dict[str, dict[str, Any]]
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def desktop(self) -> dict[str, Any] | None:
        for render in self.renders.values():
            if not render.get("device", {}).get("is_mobile", True):
                return render
        return None


AuditFn = Callable[[dict[str, Any], CheckContext], CheckResult]


@dataclass(frozen=True)
class Check:
    meta: CheckMeta
    audit: AuditFn
