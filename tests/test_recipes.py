"""The Dockerfile and the CI recipes, piece by piece: neither Docker nor a CI runner runs here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def _instruction(name: str) -> list[str]:
    return [line.split(None, 1)[1] for line in DOCKERFILE.splitlines() if line.startswith(name + " ")]


def test_the_image_runs_mobicrawl_as_a_user_that_is_not_root():
    assert json.loads(_instruction("ENTRYPOINT")[-1]) == ["mobicrawl"]
    assert _instruction("USER")[-1] not in ("root", "0")
    assert "MOBICRAWL_BROWSER=/usr/bin/chromium" in _instruction("ENV")


def test_the_image_installs_the_packages_the_set_up_installs():
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    for package in ("chromium", "fonts-noto-core"):
        assert re.search(rf"\b{package}\b", DOCKERFILE) and re.search(rf"\b{package}\b", setup)


@pytest.mark.parametrize("recipe", ["github-actions.yml", "gitlab-ci.yml"])
def test_ci_recipes_audit_a_preview_and_keep_the_run_folder_and_junit(recipe):
    text = (ROOT / "docs" / "ci" / recipe).read_text(encoding="utf-8")
    assert re.search(r"mobicrawl audit \"\$PREVIEW_URL\" --out mobicrawl-run", text)
    assert "mobicrawl-run/junit.xml" in text and "mobicrawl-run/" in text
    assert "\t" not in text  # YAML forbids tabs for indentation
