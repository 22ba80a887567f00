"""Wall time of one shared crawl (`audit --redis`) with 1 and with 2 workers on this machine, the page sets
compared, and what an agency's nightly load needs in machine-hours at the measured seconds per page-device."""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(Path(__file__).resolve().parent)]

from shapes import make_site  # noqa: E402
from redis_server import RedisServer  # noqa: E402
from crawler.config import DEFAULT_DEVICES  # noqa: E402
from crawler.demo.server import SiteServer  # noqa: E402

DEVICES = len(DEFAULT_DEVICES) + 1  # the phones and the desktop profile
SITES, PAGES_PER_SITE = 300, 2000  # the nightly load of the agency in issue 15


def shared_crawl(server: SiteServer, redis_url: str, out: Path, workers: int, pages: int) -> tuple[float, list[str]]:
    command = [sys.executable, "-m", "crawler.cli", "audit", f"{server.url}/p0.html", "--redis", redis_url,
               "--out", str(out), "--max-pages", str(pages), "--max-depth", str(pages), "--no-sitemaps",
               "--fail-on", "never", "--quiet"]
    started = time.monotonic()
    running = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(workers)]
    for worker in running:
        _, err = worker.communicate(timeout=3600)
        if worker.returncode != 0:
            raise SystemExit(f"a worker failed: {err.decode()}")
    seconds = time.monotonic() - started
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return seconds, sorted(page["url"] for page in report["pages"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        make_site(site, "grid", args.pages)
        with SiteServer(site) as server, RedisServer(Path(tmp)) as redis_server:
            one = shared_crawl(server, redis_server.url, Path(tmp) / "one", 1, args.pages)
            two = shared_crawl(server, redis_server.url, Path(tmp) / "two", 2, args.pages)
    per_page_device = one[0] / (args.pages * DEVICES)
    print(f"{args.pages} grid pages x {DEVICES} devices, concurrency 4 per worker, one machine")
    print(f"1 worker:  {one[0]:.1f} s   ({per_page_device:.3f} s per page-device)")
    print(f"2 workers: {two[0]:.1f} s   ({two[0] / one[0]:.2f}x the time of 1 worker)")
    print(f"same page set: {one[1] == two[1]} ({len(one[1])} pages)")
    hours = SITES * PAGES_PER_SITE * DEVICES * per_page_device / 3600
    print(f"{SITES} sites x {PAGES_PER_SITE} pages x {DEVICES} devices at {per_page_device:.3f} s: "
          f"{hours:.0f} machine-hours a night on machines like this one ({hours / 8:.0f} such machines for an 8-hour night)")


if __name__ == "__main__":
    main()
