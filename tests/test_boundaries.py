"""What crosses module boundaries: imports stay light, the check list fails loudly."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from checks import registry

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
