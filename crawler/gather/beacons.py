"""Answer analytics beacons locally (so an audit never pollutes the site's analytics) and, offline,
answer vendor script hosts with local stubs that send the same beacons as the real scripts."""
from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.async_api import Error as PlaywrightError

from checks.pixel_catalog import answered_url_sources, catalog, is_beacon, script_vendor

PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
STUBS = {"meta": "fbevents.js", "ga4": "gtag.js", "google-ads": "gtag.js", "gtm": "gtm.js", "tiktok": "tiktok.js"}


@lru_cache(maxsize=None)
def _stub_file(name: str) -> str:
    return resources.files("crawler.demo").joinpath("vendor_stubs", name).read_text(encoding="utf-8")


def _gtm_container_data(url: str) -> str:
    """A container starts with its tags as Google writes them: compact JSON, "<" and "/" escaped."""
    container_id = parse_qs(urlsplit(url).query).get("id", [""])[0]
    tags = json.loads(_stub_file("gtm_containers.json")).get(container_id, [])
    data = json.dumps({"resource": {"version": "1", "tags": tags}}, separators=(",", ":"))
    return "var data = " + data.replace("<", "\\u003C").replace("/", "\\/") + ";\n"


def stub_source(vendor_key: str, url: str) -> str:
    name = STUBS.get(vendor_key)
    if not name:
        return "/* mobicrawl: no local stub for this vendor */"
    return (_gtm_container_data(url) if vendor_key == "gtm" else "") + _stub_file(name)


async def install_routes(page, *, vendors: list[dict[str, Any]], send_beacons: bool, stub_scripts: bool) -> set[str]:
    """Route only beacon endpoints (and, with stub_scripts, vendor scripts); returns the live set of
    URLs answered locally."""
    known = catalog(vendors)
    answered: set[str] = set()
    sources = answered_url_sources(known, beacons=not send_beacons, scripts=stub_scripts)
    if not sources:
        return answered

    async def answer(route, request) -> None:
        url = request.url
        vendor = script_vendor(url, known) if stub_scripts else None
        if vendor is not None:
            answered.add(url)
            await route.fulfill(status=200, content_type="text/javascript", body=stub_source(vendor.key, url))
        elif not send_beacons and is_beacon(url, known):
            answered.add(url)
            if request.resource_type == "image":
                await route.fulfill(status=200, content_type="image/gif", body=PIXEL_GIF)
            else:
                await route.fulfill(status=204, body="")
        else:
            await route.fallback()

    # One regex, so the browser pauses only these requests; a predicate pauses every request.
    try:
        pattern = re.compile("|".join(f"(?:{source})" for source in sources))
        await page.route(pattern, answer)
        return answered
    except re.error:  # a [[vendors]] regex with global flags such as (?i) cannot be joined
        pass
    except PlaywrightError:  # a [[vendors]] regex that JavaScript cannot compile, such as (?P<name>...)
        await page.unroute(pattern)
    await page.route(lambda url: any(re.search(source, url) for source in sources), answer)
    return answered
