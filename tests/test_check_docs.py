"""Every registered check says how to fix what it finds and has its guide in docs/checks/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.registry import all_checks

ROOT = Path(__file__).parent.parent
SECTIONS = ("**What it checks.**", "**Why it matters on phones.**", "**The rule**", "**How to fix.**", "**Known limits.**")


@pytest.mark.parametrize("check", all_checks(), ids=lambda check: check.meta.id)
def test_each_check_has_a_fix_and_a_guide(check):
    meta = check.meta
    assert meta.fix and meta.fix.endswith(".") and len(meta.fix) < 300, "one or two sentences"
    assert meta.help_url == f"docs/checks/{meta.id}.md"
    guide = (ROOT / meta.help_url).read_text(encoding="utf-8")
    assert guide.startswith(f"# {meta.id}:")
    for section in SECTIONS:
        assert section in guide, f"{meta.help_url} lacks {section}"
    fix_part = guide.split("**How to fix.**")[1].split("**Known limits.**")[0]
    assert re.search(r"before", fix_part) and re.search(r"after", fix_part) and "```" in fix_part


def test_no_guide_without_a_check():
    ids = {check.meta.id for check in all_checks()}
    assert {path.stem for path in (ROOT / "docs" / "checks").glob("*.md")} == ids


VI_SECTIONS = ("**Kiểm tra gì.**", "**Vì sao quan trọng trên điện thoại.**", "**Quy tắc**", "**Cách khắc phục.**",
               "**Giới hạn đã biết.**")


@pytest.mark.parametrize("check", all_checks(), ids=lambda check: check.meta.id)
def test_each_guide_has_a_vietnamese_translation_with_the_same_examples(check):
    english = (ROOT / check.meta.help_url).read_text(encoding="utf-8")
    vietnamese = (ROOT / "docs" / "checks" / "vi" / f"{check.meta.id}.md").read_text(encoding="utf-8")
    assert vietnamese.startswith(f"# {check.meta.id}:")
    for section in VI_SECTIONS:
        assert section in vietnamese, f"vi/{check.meta.id}.md lacks {section}"
    assert english.count("```") == vietnamese.count("```") and english.count("\n- ") == vietnamese.count("\n- ")


def test_no_vietnamese_guide_without_a_check():
    ids = {check.meta.id for check in all_checks()}
    assert {path.stem for path in (ROOT / "docs" / "checks" / "vi").glob("*.md")} == ids
