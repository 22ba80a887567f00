"""Speed and memory of a whole audit next to a bare Playwright loop over the same pages and devices.

    python benchmarks/crawl_speed.py [--shapes light,grid,heavy] [--pages 60] [--concurrency 4]
                                     [--rounds 2] [--memory-sizes 100,2000]

For each page shape (a light article, a shop's category page with a 12-product image grid, a heavy
page of ~3,000 elements, 200 links and 40 images) it runs, side by side on one site server: a bare
loop that only loads each page at each device (same browser and flags, same Playwright device
descriptors, same concurrency, load event only) and `mobicrawl audit` over the same pages, `--rounds`
times each, in turns (bare then audit, audit then bare, ...: a machine whose speed drifts during the
runs weighs on both alike). It prints each run's wall seconds, seconds per page and device, peak
memory (RSS) of its whole process tree and CPU seconds; the ratio over all rounds and per round; and
the median of each part of a render (from the `timing` artifact). `--memory-sizes` runs the grid
shape once at each of those page counts to show whether memory stays flat.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

from shapes import SHAPES, make_site  # noqa: E402
from crawler.config import DEFAULT_DEVICES  # noqa: E402
from crawler.demo.server import SiteServer  # noqa: E402

DEVICES = len(DEFAULT_DEVICES) + 1  # the phones and the desktop profile
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
# The parts of a render, in the order they happen (the `timing` artifact's keys, docs/ARTIFACTS.md).
PARTS = ("navigation_ms", "settle_ms", "script_ms", "screenshot_ms", "interaction_ms", "consent_ms", "gather_ms",
         "handoff_ms")


def measure(command: list[str], ok=(0,)) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, peak RSS (MiB) and CPU seconds by kind of process (python, driver, chromium) of the
    process tree of `command`."""
    started = time.monotonic()
    child = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu = 0, {}
    while child.poll() is None:
        try:
            tree = [child, *child.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            for process in tree:
                times = process.cpu_times()
                cpu[process.pid] = (_kind(process), times.user + times.system)
        except psutil.Error:
            pass
        time.sleep(0.1)
    if child.returncode not in ok:
        sys.exit(f"benchmark command failed ({child.returncode}): {' '.join(command)}\n{child.stderr.read().decode()}")
    by_kind: dict[str, float] = {}
    for kind, seconds in cpu.values():
        by_kind[kind] = by_kind.get(kind, 0) + seconds
    return time.monotonic() - started, peak / 2**20, by_kind


def _kind(process: psutil.Process) -> str:
    name = process.name()
    if "chrom" in name:
        return "chromium"
    return "driver" if name.startswith("node") else "python"


def render_medians(run_dirs: list[Path]) -> dict[str, float]:
    """The median of each timing part over every render of the runs."""
    parts: dict[str, list[int]] = {part: [] for part in PARTS}
    for saved in (saved for run_dir in run_dirs for saved in (run_dir / "artifacts").glob("*.json")):
        for render in json.loads(saved.read_text(encoding="utf-8"))["renders"].values():
            for part, value in (render.get("timing") or {}).items():
                parts.setdefault(part, []).append(value)
    return {part: statistics.median(values) for part, values in parts.items() if values}


Measured = tuple[float, float, dict[str, float]]


def side_by_side(shape: str, count: int, concurrency: int, rounds: int) -> tuple[list[Measured], list[Measured],
                                                                                 dict[str, float]]:
    """`rounds` runs of each on one site, in turns (bare first, then the audit first, ...) so that a
    machine that speeds up or slows down during the runs weighs on both alike."""
    bare_runs: list[Measured] = []
    audit_runs: list[Measured] = []
    with tempfile.TemporaryDirectory() as tmp:
        make_site(Path(tmp), shape, count)
        run_dirs = [Path(tmp) / f"run{turn}" for turn in range(rounds)]
        with SiteServer(tmp) as server:
            bare = [sys.executable, "-c", BARE_LOOP, str(ROOT), server.url, str(count), str(concurrency)]
            for turn, run_dir in enumerate(run_dirs):
                audit = [sys.executable, "-m", "crawler.cli", "audit", f"{server.url}/p0.html", "--quiet",
                         "--out", str(run_dir), "--max-pages", str(count), "--max-depth", str(count),
                         "--concurrency", str(concurrency), "--fail-on", "never", "--no-sitemaps"]
                pair = [(bare, bare_runs, (0,)), (audit, audit_runs, (0, 1))]
                for command, runs, ok in pair if turn % 2 == 0 else pair[::-1]:
                    runs.append(measure(command, ok))
            return bare_runs, audit_runs, render_medians(run_dirs)


def row(name: str, count: int, measured: Measured) -> str:
    seconds, peak, cpu = measured
    return (f"{name:<30}{count:>6}{seconds:>9.1f}{seconds / (count * DEVICES):>15.3f}{peak:>10.0f}   "
            + " ".join(f"{kind} {cpu.get(kind, 0):.1f}" for kind in ("python", "driver", "chromium")))


def ratios(audit_runs: list[Measured], bare_runs: list[Measured]) -> str:
    """Time over all rounds and per round, and the higher peak memory of each."""
    per_round = ", ".join(f"{a[0] / b[0]:.2f}x" for a, b in zip(audit_runs, bare_runs, strict=True))
    total = sum(a[0] for a in audit_runs) / sum(b[0] for b in bare_runs)
    memory = max(a[1] for a in audit_runs) / max(b[1] for b in bare_runs)
    return f"time {total:.2f}x (rounds: {per_round})   memory {memory:.2f}x"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default="light,grid,heavy", help=f"comma list of {','.join(SHAPES)}")
    parser.add_argument("--pages", type=int, default=60, help="pages per shape")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each per shape, in turns")
    parser.add_argument("--memory-sizes", default="", help="page counts for the memory run (grid shape), e.g. 100,2000")
    args = parser.parse_args()
    print(f"{'run':<30}{'pages':>6}{'seconds':>9}{'s/page/device':>15}{'peak MiB':>10}   CPU seconds")
    for shape in filter(None, args.shapes.split(",")):
        bare_runs, audit_runs, medians = side_by_side(shape, args.pages, args.concurrency, args.rounds)
        for bare, audit in zip(bare_runs, audit_runs, strict=True):
            print(row(f"{shape}: bare Playwright loop", args.pages, bare))
            print(row(f"{shape}: mobicrawl audit", args.pages, audit))
        print(f"{shape}: mobicrawl / bare  {ratios(audit_runs, bare_runs)}")
        print(f"{shape}: median ms per render  " + "  ".join(f"{part[:-3]} {medians[part]:.0f}"
                                                           for part in PARTS if part in medians))
    for count in (int(size) for size in args.memory_sizes.split(",") if size):
        bare_runs, audit_runs, _ = side_by_side("grid", count, args.concurrency, rounds=1)
        print(row("memory: bare Playwright loop", count, bare_runs[0]))
        print(row("memory: mobicrawl audit", count, audit_runs[0]))
        print(f"memory at {count} pages: mobicrawl / bare  {ratios(audit_runs, bare_runs)}")


if __name__ == "__main__":
    main()
