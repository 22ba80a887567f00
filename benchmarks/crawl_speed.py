"""Speed and memory of a whole audit next to a bare Playwright loop over the same pages and devices.

    python benchmarks/crawl_speed.py [--pages 300] [--sizes 100,300] [--concurrency 4] [--settle 0]

Prints pages per minute, seconds per page and device, and the peak memory (RSS) of the whole process
tree, for mobicrawl and for the floor: a loop that only loads each page at each device, same browser,
same concurrency. Run sizes that differ to see whether memory stays flat as the page count grows.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.demo.server import SiteServer  # noqa: E402

BARE_LOOP = textwrap.dedent('''
    import asyncio, sys
    from playwright.async_api import async_playwright
    sys.path.insert(0, sys.argv[1])
    from crawler.browser import find_browser
    from crawler.config import DEFAULT_DEVICES
    from crawler.devices import audit_profiles

    async def main(base, count, concurrency):
        profiles = audit_profiles(list(DEFAULT_DEVICES))
        urls = [f"{base}/p{i}.html" for i in range(count)]
        async with async_playwright() as p:
            browser = await p.chromium.launch(**find_browser().launch_options())
            contexts = [await browser.new_context(**prof["context"]) for prof in profiles]
            gate = asyncio.Semaphore(concurrency)
            async def load(context, url):
                async with gate:
                    page = await context.new_page()
                    await page.goto(url, wait_until="load")
                    await page.close()
            await asyncio.gather(*(load(c, u) for u in urls for c in contexts))
            await browser.close()
    asyncio.run(main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
''')


def make_site(folder: Path, count: int) -> None:
    """A shop-like site: each page links to the next five, so a breadth-first crawl finds them all."""
    style = "body{font:16px/1.5 sans-serif;margin:0 auto;max-width:960px;padding:1rem}nav a{margin:0 .5rem}"
    (folder / "s.css").write_text(style)
    for i in range(count):
        links = " ".join(f'<a href="p{j}.html">Product {j}</a>' for j in range(i + 1, min(i + 6, count)))
        body = "".join(f"<p>Paragraph {k} of product {i}: a fine thing at a fair price.</p>" for k in range(12))
        (folder / f"p{i}.html").write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Product {i}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="s.css">'
            f"</head><body><nav>{links}</nav><h1>Product {i}</h1>{body}<button>Add to cart</button></body></html>")
    (folder / "index.html").write_text('<a href="p0.html">start</a>')


def measure(command: list[str], ok=(0,)) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of the process tree of `command`."""
    started = time.monotonic()
    child = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while child.poll() is None:
        try:
            tree = [child, *child.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    if child.returncode not in ok:
        sys.exit(f"benchmark command failed ({child.returncode}): {' '.join(command)}\n{child.stderr.read().decode()}")
    return time.monotonic() - started, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300", help="page counts to run, comma separated")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--settle", type=float, default=None,
                        help="mobicrawl's settle cap in seconds (default: its own default; 0 = load event only)")
    args = parser.parse_args()
    devices = 3
    print(f"{'run':<28}{'pages':>6}{'seconds':>9}{'pages/min':>11}{'s/page/device':>15}{'peak MiB':>10}")
    for count in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            make_site(Path(tmp), count)
            with SiteServer(tmp) as server:
                bare = measure([sys.executable, "-c", BARE_LOOP, str(ROOT), server.url, str(count),
                                str(args.concurrency)])
                audit_cmd = [sys.executable, "-m", "crawler.cli", "audit", f"{server.url}/p0.html", "--quiet",
                             "--out", f"{tmp}/run", "--max-pages", str(count), "--max-depth", str(count),
                             "--concurrency", str(args.concurrency), "--fail-on", "never", "--no-sitemaps"]
                if args.settle is not None:
                    audit_cmd += ["--settle", str(args.settle)]
                audit = measure(audit_cmd, ok=(0, 1))
        for name, (seconds, peak) in (("bare Playwright loop", bare), ("mobicrawl audit", audit)):
            print(f"{name:<28}{count:>6}{seconds:>9.1f}{count / seconds * 60:>11.0f}"
                  f"{seconds / (count * devices):>15.3f}{peak:>10.0f}")
        print(f"{'mobicrawl / bare':<28}{'':>6}{audit[0] / bare[0]:>8.2f}x")


if __name__ == "__main__":
    main()
