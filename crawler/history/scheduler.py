"""Run each site at its [schedule] cron times until stopped (SIGTERM or Ctrl-C stop it cleanly)."""
from __future__ import annotations

import logging
import signal
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler

from ..config import load_config
from ..cron import cron_trigger
from .sites import run_site

log = logging.getLogger("mobicrawl.scheduler")


def build_scheduler(configs: list[Path], reports_dir: Path, keep: int | None = None,
                    history_at: str | None = None, share: bool = False) -> BlockingScheduler:
    scheduler = BlockingScheduler()
    for path in configs:
        config = load_config(path)
        if config.schedule is None:
            log.info("%s has no [schedule]: skipped", path)
            continue
        trigger = cron_trigger(config.schedule.cron, config.schedule.timezone)
        # one job per site, never two runs of it at once; a missed time runs once, not many times
        scheduler.add_job(run_site, trigger, args=[path, reports_dir, keep, history_at], kwargs={"share": share},
                          id=config.site_name, name=config.site_name, max_instances=1, coalesce=True,
                          misfire_grace_time=300)
        log.info("%s: %s (%s)", config.site_name, config.schedule.cron, config.schedule.timezone)
    return scheduler


def serve(configs: list[Path], reports_dir: Path, keep: int | None = None, history_at: str | None = None,
          share: bool = False) -> int:
    reports_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=reports_dir / "scheduler.log", level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    scheduler = build_scheduler(configs, reports_dir, keep, history_at, share)
    if not scheduler.get_jobs():
        log.error("no site config has a [schedule] table")
        return 2
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=True))
    try:
        scheduler.start()
    except KeyboardInterrupt:
        pass
    log.info("scheduler stopped")
    return 0
