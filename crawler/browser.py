"""Find a Chromium that starts, and the headless launch options that keep it quiet offline."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "MOBICRAWL_BROWSER"
# Without these Chromium keeps calling home, and stalls on a closed network; the last keeps beacons visible.
QUIET_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-first-run",
    # Chromium puts a sandboxed srcdoc iframe (a shop platform's "customer events" pixels) in a process of
    # its own whose requests Playwright neither sees nor routes: they would escape the recording.
    "--disable-site-isolation-trials",
    # Background services that still call Google with the flags above: answered "no such host" without a
    # DNS lookup. Chromium's account check (accounts.google.com/ListAccounts) has no switch and stays:
    # mapping that host would also break pages that load Google sign-in.
    "--host-resolver-rules=" + ", ".join(f"MAP {host} ~NOTFOUND" for host in (
        "update.googleapis.com", "clients1.google.com", "clients2.google.com", "redirector.gvt1.com",
        "*.gvt1.com", "optimizationguide-pa.googleapis.com", "content-autofill.googleapis.com")),
]
SYSTEM_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "install one with `apt-get install chromium` (Debian/Ubuntu), or point --browser / "
    f"{ENV_VAR} at a Chromium or Chrome executable"
)


class BrowserNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class Browser:
    path: str
    source: str  # "--browser", "MOBICRAWL_BROWSER", "playwright", "system"

    def version(self) -> str:
        try:
            out = subprocess.run([self.path, "--version"], capture_output=True, text=True, timeout=20)
            return (out.stdout or out.stderr).strip() or "unknown version"
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unknown version ({exc})"

    def launch_options(self, headless: bool = True) -> dict:
        return {"executable_path": self.path, "headless": headless, "args": list(QUIET_ARGS)}


def _playwright_chromium() -> str | None:
    """Playwright's own downloaded Chromium, if `playwright install` ever worked here."""
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-*/headless_shell"):
        for candidate in sorted(root.glob(pattern), reverse=True):
            if os.access(candidate, os.X_OK):
                return str(candidate)
    return None


def find_browser(explicit: str | None = None) -> Browser:
    """--browser PATH, then $MOBICRAWL_BROWSER, then Playwright's Chromium, then a system one."""
    for value, source in ((explicit, "--browser"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if value:
            path = shutil.which(value) or value
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise BrowserNotFound(f"{source} names {value!r}, which is not an executable file; {INSTALL_HINT}")
            return Browser(path, source)
    if found := _playwright_chromium():
        return Browser(found, "playwright")
    for name in SYSTEM_BROWSERS:
        if found := shutil.which(name):
            return Browser(found, "system")
    raise BrowserNotFound(f"no Chromium or Chrome found; {INSTALL_HINT}")


async def probe(browser: Browser) -> str:
    """Start the browser and render a tiny page; returns what the page said, raises on failure."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        instance = await p.chromium.launch(**browser.launch_options(), timeout=30_000)
        try:
            page = await instance.new_page()
            await page.set_content("<title>ok</title><p id=t>rendered</p>")
            return await page.inner_text("#t")
        finally:
            await instance.close()


def main(argv: list[str] | None = None) -> int:
    """`python -m crawler.browser [--quiet]`: exit 0 when a browser is found (used by the set-up)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        browser = find_browser()
    except BrowserNotFound as exc:
        if "--quiet" not in argv:
            print(f"mobicrawl: {exc}", file=sys.stderr)
        return 1
    if "--quiet" not in argv:
        print(f"{browser.path} ({browser.source}): {browser.version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
