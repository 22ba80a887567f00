"""Shared fixtures: fixture sites on 127.0.0.1, one Chromium per session, render one page as the crawler does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import async_playwright

from checks.registry import run_all
from crawler.browser import find_browser
from crawler.config import AuditConfig
from crawler.demo.server import SiteServer
from crawler.devices import desktop_profile, resolve_device
from crawler.gather.standalone import render_page

TESTS = Path(__file__).parent
SITE = TESTS / "site"
ARTIFACTS = TESTS / "artifacts"


@pytest.fixture(scope="session")
def site_url():
    with SiteServer(SITE) as server:
        yield server.url + "/"


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser():
    async with async_playwright() as p:
        instance = await p.chromium.launch(**find_browser().launch_options())
        yield instance
        await instance.close()


def profile_for(device: str) -> dict:
    return desktop_profile() if device == "Desktop" else resolve_device(device)


@pytest.fixture
def render(browser, tmp_path):
    """`await render(url, device="Pixel 7", config=None)` -> that render's artifacts dict."""

    async def _render(url: str, device: str = "Pixel 7", config: AuditConfig | None = None) -> dict:
        config = config or AuditConfig(start_urls=[url])
        shot = tmp_path / f"{len(list(tmp_path.iterdir()))}.jpg"
        return await render_page(browser, url, profile_for(device), config, screenshot=str(shot))

    return _render


@pytest.fixture
def run_checks():
    """`run_checks(renders, url, config=None)` -> report.json `results` entries for every device."""

    def _run(renders: dict, url: str, config: AuditConfig | None = None) -> list[dict]:
        return run_all(renders, url, config.check_config() if config else {})

    return _run


def load_artifacts(relative: str) -> dict:
    """A recorded artifacts JSON file under tests/artifacts/."""
    return json.loads((ARTIFACTS / relative).read_text(encoding="utf-8"))
