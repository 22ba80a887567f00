"""What an audit's crawl process loads: no HTTP server of Scrapy's, no database layer without a history."""
from __future__ import annotations

import subprocess
import sys

LOADED = """
import sys
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
import crawler.commands.audit, crawler.crawl, crawler.spiders.site
from crawler.config import config_from_dict

settings = Settings()
settings.setmodule("crawler.settings", priority="project")
extensions = build_component_list(settings.get_component_priority_dict_with_base("EXTENSIONS"))
config_from_dict({}, "test", {"start_urls": ["https://shop.test/"]}).to_dict()  # as run.json is written
print(" ".join(extensions))
print(" ".join(sorted(name for name in ("aiohttp", "sqlalchemy") if name in sys.modules)))
"""


def test_the_crawl_loads_neither_remote_control_nor_sqlalchemy():
    extensions, loaded = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True,
                                        check=True).stdout.splitlines()
    assert "scrapy.extensions.corestats.CoreStats" in extensions.split()  # Scrapy's others are kept
    assert "RemoteControl" not in extensions
    assert loaded == "", f"{loaded} loaded by an audit without a history"
