"""The exit codes of a finished audit: what users' scripts and CI jobs rely on."""
from __future__ import annotations

from typing import Any

from checks.base import Status

OK, FINDINGS, USAGE, CANNOT_RUN, INCOMPLETE, INTERRUPTED = 0, 1, 2, 3, 4, 130
FAIL_ON = {
    "fail": {Status.FAIL, Status.ERROR},
    "warn": {Status.WARN, Status.FAIL, Status.ERROR},
    "never": set(),
}


def audit_exit_code(report: dict[str, Any], fail_on: str) -> int:
    """130 after Ctrl-C, 4 for any other run that did not finish, 1 when a result at or above `fail_on`
    exists or (unless `never`) a page could not be rendered, else 0."""
    run = report["run"]
    if run.get("status") != "complete":
        return INTERRUPTED if run.get("stopped_by") == "SIGINT" else INCOMPLETE
    levels = FAIL_ON[fail_on]
    found = sum(counts.get(str(level), 0) for counts in report["summary"]["by_check"].values() for level in levels)
    if levels:
        found += report["summary"].get("not_rendered", 0)
    return FINDINGS if found else OK
