"""Crontab lines -> APScheduler triggers (five fields, or six with seconds first)."""
from __future__ import annotations

from apscheduler.triggers.cron import CronTrigger


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A 5-field crontab line, or 6 fields with seconds first (for tests and frequent checks)."""
    fields = expression.split()
    if len(fields) == 6:
        second, minute, hour, day, month, day_of_week = fields
        return CronTrigger(second=second, minute=minute, hour=hour, day=day, month=month,
                           day_of_week=day_of_week, timezone=timezone)
    return CronTrigger.from_crontab(expression, timezone=timezone)
