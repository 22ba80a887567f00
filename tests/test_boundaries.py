"""What crosses module boundaries: declared once, documented truly, imports kept light, the check list loud."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from checks import registry
from checks.artifacts import RenderArtifacts
from checks.base import CheckContext, CheckMeta, ResultRecord, Status
from crawler.page_record import page_record
from crawler.records import PageItem, PageRecord

ROOT = Path(__file__).parent.parent

HEAVY = ("playwright", "apscheduler", "scrapy")


def test_reading_a_config_loads_neither_the_browser_nor_the_scheduler(tmp_path):
    config = tmp_path / "site.toml"
    config.write_text('[site]\nstart_urls = ["http://127.0.0.1/"]\ndevices = ["Nokia 3310 Ultra"]\n',
                      encoding="utf-8")
    code = (f"import sys; from crawler.config import load_config; load_config({str(config)!r}); "
            f"import json; print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [], "device names are resolved where the audit starts, not in the parser"


def test_a_typo_in_the_check_list_fails_loudly(monkeypatch):
    monkeypatch.setattr(registry, "CHECK_MODULES", (*registry.CHECK_MODULES, "viewport_metaa"))
    with pytest.raises(ModuleNotFoundError, match="viewport_metaa"):
        registry.all_checks()


# ---- the declared types and what is written down about them --------------------------------

def _entries(doc: str) -> dict[str, str]:
    """docs/ARTIFACTS.md's field list: {field: its text (continuation lines included)}."""
    block = doc.split("```", 2)[1]
    entries: dict[str, str] = {}
    names: list[str] = []
    for line in block.splitlines()[1:]:
        if line.startswith(" ") and names:
            for name in names:
                entries[name] += " " + line.strip()
            continue
        left, _, text = line.partition("  ")
        names = [name.strip() for name in left.split(",") if name.strip()]
        for name in names:
            entries[name] = text.strip()
    return entries


def _braced_keys(text: str) -> set[str]:
    """The top-level keys of the first {...} group in `text`: "{a, b: [{c}], d}" -> {a, b, d}."""
    start = text.index("{") + 1
    depth, keys, current = 0, [], ""
    for char in text[start:]:
        if depth == 0 and char in ",}":
            keys.append(current.split(":")[0].strip())
            current = ""
            if char == "}":
                break
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
        current += char
    return set(keys)


def _typed_dict(tp) -> type | None:
    """The TypedDict a field holds, directly or as list items."""
    if typing.is_typeddict(tp):
        return tp
    args = typing.get_args(tp)
    if typing.get_origin(tp) is list and args and typing.is_typeddict(args[0]):
        return args[0]
    return None


def test_artifacts_doc_lists_exactly_the_declared_fields():
    fields = typing.get_type_hints(RenderArtifacts)
    documented = _entries((ROOT / "docs" / "ARTIFACTS.md").read_text(encoding="utf-8"))
    assert set(documented) == set(fields)
    for name, tp in fields.items():
        if shape := _typed_dict(tp):
            assert _braced_keys(documented[name]) == set(shape.__annotations__), f"{name} in docs/ARTIFACTS.md"


def test_every_in_page_module_is_a_declared_artifact_and_the_helpers_doc_is_true():
    js = ROOT / "crawler" / "gather" / "js"
    modules = {path.stem for path in js.glob("*.js")} - {"common"}
    assert modules <= set(RenderArtifacts.__annotations__)
    helpers = set(re.findall(r"^\s*H\.(\w+) =", (js / "common.js").read_text(encoding="utf-8"), re.M))
    doc = (ROOT / "docs" / "ARTIFACTS.md").read_text(encoding="utf-8")
    assert set(re.findall(r"`H\.(\w+)`", doc)) == helpers


def test_each_check_declares_artifacts_that_exist_and_its_evidence_is_a_page_field():
    for check in registry.all_checks():
        assert check.meta.requires, f"{check.meta.id} declares no required artifact"
        assert set(check.meta.requires) <= set(RenderArtifacts.__annotations__)
        if check.meta.evidence_field:
            assert check.meta.evidence_field in PageRecord.__annotations__
    with pytest.raises(ValueError, match="unknown artifacts: lay_out"):
        registry.register(CheckMeta(id="x", title="x", failure_title="x", description="x", requires=("lay_out",)))


def test_a_missing_artifact_skips_and_a_failed_module_is_an_error():
    check = registry.get("tap-targets")
    phone = {"name": "Pixel 7", "width": 412, "height": 839, "is_mobile": True, "device_scale_factor": 2.625}
    context = CheckContext(url="http://127.0.0.1/", device=phone, renders={})
    missing = registry.run_check(check, {"device": phone, "error": None}, context)
    assert missing.status == Status.SKIP and "no layout artifact" in missing.message
    broken = registry.run_check(check, {"device": phone, "error": None, "layout": {"__error": "boom\nat x"}}, context)
    assert broken.status == Status.ERROR and broken.message == "layout.js failed: boom"


def test_a_recorded_page_is_judged_into_exactly_the_declared_record():
    saved = json.loads((ROOT / "tests" / "artifacts" / "layout" / "tap-targets.json").read_text(encoding="utf-8"))
    renders = saved["renders"]
    page = {"kind": "page", "id": 1, "url": "http://127.0.0.1/", "final_url": "http://127.0.0.1/", "http_status": 200,
            "depth": 0, "content_type": "text/html", "error": None, "audited": True, "not_html": False,
            "start": True, "devices": list(renders)}
    assert set(page) == set(PageItem.__annotations__)
    record = page_record(page, renders, {})
    assert set(record) == set(PageRecord.__annotations__)
    assert all(set(result) == set(ResultRecord.__annotations__) for result in record["results"])


def test_status_order_and_findings_are_one_list():
    assert [str(s) for s in Status] == ["pass", "warn", "fail", "error", "skip"]
    assert sorted(Status, key=lambda s: s.rank) == [Status.SKIP, Status.PASS, Status.WARN, Status.ERROR, Status.FAIL]
    assert {s for s in Status if s.is_finding} == {Status.WARN, Status.FAIL, Status.ERROR}
