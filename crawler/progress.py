"""Extension: one live line while crawling (a bar, pages done, queued, findings, time left); off unless asked for."""
from __future__ import annotations

import time

from rich.console import Console
from rich.live import Live
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured


class Progress:
    def __init__(self, stats):
        self.stats = stats
        self.started = time.monotonic()
        self.live = Live(get_renderable=self.line, console=Console(stderr=True), refresh_per_second=4,
                         transient=True)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("MOBICRAWL_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.live.start, signal=signals.engine_started)
        crawler.signals.connect(extension.stop, signal=signals.engine_stopped)
        return extension

    def line(self) -> Table:
        done = self.stats.get_value("mobicrawl/pages_done", 0)
        queued = self.stats.get_value("mobicrawl/queued", 0)
        findings = self.stats.get_value("mobicrawl/pages_with_findings", 0)
        elapsed = time.monotonic() - self.started
        waiting = max(queued - done, 0)
        text = Text.assemble(
            ("mobicrawl ", "bold"), f"{done} pages done, {waiting} queued, ",
            (f"{findings} with findings", "yellow" if findings else "green"),
            f"  [{elapsed:.0f}s{time_left(done, waiting, elapsed)}]")
        row = Table.grid(padding=(0, 1))
        row.add_row(ProgressBar(total=max(done + waiting, 1), completed=done, width=20), text)
        return row

    def stop(self) -> None:
        self.live.stop()


def time_left(done: int, waiting: int, elapsed: float) -> str:
    """", about 2 min left" at the pace so far, once a few pages tell the pace; more pages may still be found."""
    if done < 3 or not waiting:
        return ""
    seconds = waiting * elapsed / done
    return f", about {seconds / 60:.0f} min left" if seconds >= 90 else f", about {seconds:.0f} s left"
