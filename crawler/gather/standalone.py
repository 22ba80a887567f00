"""Render one page at one device outside Scrapy, with the crawler's own gather code (tests, doctor)."""
from __future__ import annotations

from typing import Any

from ..config import AuditConfig
from ..devices import device_info
from .collect import CONTEXT_DEFAULTS, gather_options, gather_render, prepare_page
from .script import script_options


async def render_page(browser, url: str, profile: dict[str, Any], config: AuditConfig,
                      screenshot: str | None = None) -> dict[str, Any]:
    options = gather_options(config, script_options(config))
    options["screenshot"] = screenshot
    context = await browser.new_context(**profile["context"], **CONTEXT_DEFAULTS)
    try:
        page = await context.new_page()
        await prepare_page(page, options)
        response = await page.goto(url, timeout=config.timeout * 1000)
        artifacts = await gather_render(page, options)
    finally:
        await context.close()
    artifacts.update(url=url, http_status=response.status if response else None, device=device_info(profile))
    return artifacts
