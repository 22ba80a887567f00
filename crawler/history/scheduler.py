"""Run each site at its [schedule] cron times until stopped (SIGTERM or Ctrl-C stop it cleanly)."""
from __future__ import annotations

import logging
import signal
from pathlib import Path

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from ..config import load_config
from .sites import run_site

log = logging.getLogger("mobicrawl.scheduler")


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A 5-field crontab line, or 6 fields with seconds first (for tests and frequent checks)."""
    fields = expression.split()
    if len(fields) == 6:
        second, minute, hour, day, month, day_of_week = fields
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=day_of_week, timezone=timezone)
    return CronTrigger.from_crontab(expression, timezone=timezone)


def build_scheduler(configs: list[Path], reports_dir: Path, keep: int | None = None) -> BlockingScheduler:
    scheduler = BlockingScheduler()
    for path in configs:
        config = load_config(path)
        if config.schedule is None:
            log.info("%s has no [schedule]: skipped", path)
            continue
        trigger = cron_trigger(config.schedule.cron, config.schedule.timezone)
        # one job per site, never two runs of it at once; a missed time runs once, not many times
        scheduler.add_job(run_site, trigger, args=[path, reports_dir, keep], id=config.site_name,
                          name=config.site_name, max_instances=1, coalesce=True, misfire_grace_time=300)
        log.info("%s: %s (%s)", config.site_name, config.schedule.cron, config.schedule.timezone)
    return scheduler


def serve(configs: list[Path], reports_dir: Path, keep: int | None = None) -> int:
    reports_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(filename=reports_dir / "scheduler.log", level=logging.INFO,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    scheduler = build_scheduler(configs, reports_dir, keep)
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
