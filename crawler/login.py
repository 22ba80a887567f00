"""Log in through a site's form (`[auth.login]`) and keep the session: cookies and local storage."""
from __future__ import annotations

import asyncio
from typing import Any, cast

from .auth import LoginForm
from .browser import Browser
from .errors import CrawlFailed

LOGIN_TIMEOUT_S = 30  # the whole login (open the form, fill it, submit, see the signed-in page) unless [site] timeout


async def log_in(browser: Browser, form: LoginForm, timeout_s: float = LOGIN_TIMEOUT_S) -> dict[str, Any]:
    """Fill and submit the form in a fresh browser; the session (Playwright storage state) once signed in."""
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(**browser.launch_options())
        try:
            context = await instance.new_context(ignore_https_errors=True)
            page = await context.new_page()
            page.set_default_timeout(timeout_s * 1000)
            step = "open the form"
            try:
                async with asyncio.timeout(timeout_s):
                    await page.goto(form.url)
                    step = f"fill in {form.user_selector}"
                    await page.fill(form.user_selector, form.user)
                    step = f"fill in {form.password_selector}"
                    await page.fill(form.password_selector, form.password or "")
                    step = f"click {form.submit_selector}"
                    await page.click(form.submit_selector)
                    if form.success_selector:
                        step = f"see {form.success_selector} on the signed-in page"
                        await page.wait_for_selector(form.success_selector, state="attached")
                    else:
                        step = "leave the login form's page"
                        await page.wait_for_url(lambda url: url.split("#")[0] != form.url)
                        await page.wait_for_load_state("load")
            except (PlaywrightError, TimeoutError) as exc:
                raise CrawlFailed(_failure(form, step, exc)) from None
            return cast(dict[str, Any], await context.storage_state())
        finally:
            await instance.close()


async def log_in_by_hand(browser: Browser, url: str, wait_for_enter) -> dict[str, Any]:
    """Open a visible browser at `url` for a person to log in; the session once they say so."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        instance = await playwright.chromium.launch(**browser.launch_options(headless=False))
        try:
            context = await instance.new_context(ignore_https_errors=True)
            await (await context.new_page()).goto(url)
            await asyncio.to_thread(wait_for_enter)
            return cast(dict[str, Any], await context.storage_state())
        finally:
            await instance.close()


def _failure(form: LoginForm, step: str, exc: BaseException) -> str:
    """One line that names the step that failed, never the password."""
    detail = str(getattr(exc, "message", "") or exc).splitlines()[0] if str(exc) else "its time was up"
    if form.password:
        detail = detail.replace(form.password, "***")
    return (f"could not log in at {form.url} as {form.user}: could not {step} ({detail}); "
            "check [auth.login]'s selectors and the password")
