"""junit.xml: one test suite per check, one test case per page and device."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from typing import Any

from .items import describe_items, fix_sentence, with_fix

# XML 1.0 cannot hold most control characters; page text may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHILD = {"fail": "failure", "error": "error", "skip": "skipped"}


def render(report: dict[str, Any]) -> str:
    cases = _cases_by_check(report)
    checks = {check["id"]: check for check in report.get("checks", [])}
    root = ET.Element("testsuites", name=f"mobicrawl {report['run'].get('site') or ''}".strip(),
                      time=_duration(report["run"]))
    totals: Counter[str] = Counter()
    for check_id, cases_of_check in cases.items():
        counts = Counter(result["status"] for _, result in cases_of_check)
        totals.update(counts)
        suite = ET.SubElement(root, "testsuite", name=check_id, tests=str(len(cases_of_check)),
                              failures=str(counts["fail"]), errors=str(counts["error"]),
                              skipped=str(counts["skip"]), time="0",
                              timestamp=_clean(report["run"].get("started_at") or ""))
        fix = fix_sentence(checks.get(check_id))
        for page, result in cases_of_check:
            _testcase(suite, check_id, page, result, fix)
    root.set("tests", str(sum(totals.values())))
    root.set("failures", str(totals["fail"]))
    root.set("errors", str(totals["error"]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cases_by_check(report: dict[str, Any]) -> dict[str, list[tuple[dict, dict]]]:
    """Registry order first, then any check a saved run has that the registry no longer lists."""
    cases: dict[str, list] = {check["id"]: [] for check in report.get("checks", [])}
    for page in report["pages"]:
        for result in page.get("results", []):
            cases.setdefault(result["check"], []).append((page, result))
    return {check_id: found for check_id, found in cases.items() if found}


def _testcase(suite: ET.Element, check_id: str, page: dict, result: dict, fix: str) -> None:
    case = ET.SubElement(suite, "testcase", name=_clean(f"{page['url']} [{result['device']}]"),
                         classname=f"mobicrawl.{check_id}", time="0")
    status = result["status"]
    message = _clean(with_fix(result.get("message") or "", fix) if status in ("fail", "warn") else result.get("message") or "")
    details = _clean(describe_items(result.get("items") or []))
    if status in _CHILD:
        child = ET.SubElement(case, _CHILD[status], message=message, type=check_id)
        child.text = details or None
    elif status == "warn":  # JUnit has no warning: say it in the output so CI logs show it
        ET.SubElement(case, "system-out").text = f"warning: {message}\n{details}".rstrip()


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _duration(run: dict[str, Any]) -> str:
    try:
        seconds = (datetime.fromisoformat(run["finished_at"]) - datetime.fromisoformat(run["started_at"])).total_seconds()
    except (KeyError, TypeError, ValueError):
        return "0"
    return f"{max(seconds, 0):.3f}"
