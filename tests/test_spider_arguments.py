"""Spider arguments (`-a max_pages=2`, Scrapyd's schedule.json) are [site] keys, checked as the config file's are."""
from __future__ import annotations

import pytest

from crawler.config import spider_overrides
from crawler.errors import ConfigError


def test_spider_arguments_are_typed_site_keys():
    assert spider_overrides({"max_pages": "2", "devices": "Pixel 7, iPhone 13", "settle": "0.5",
                             "obey_robots": "false"}) == {"max_pages": 2, "devices": ["Pixel 7", "iPhone 13"],
                                                          "settle": 0.5, "obey_robots": False}


@pytest.mark.parametrize("arguments, message", [
    ({"bogus": "1"}, "bogus: unknown spider argument"),
    ({"max_pages": "two"}, "max_pages: must be an integer, not 'two'"),
    ({"max_pages": "0"}, "max_pages: is out of range"),
    ({"use_sitemaps": "maybe"}, "use_sitemaps: must be true or false"),
])
def test_a_bad_or_unknown_spider_argument_is_an_error(arguments, message):
    with pytest.raises(ConfigError, match=message):
        spider_overrides(arguments)
