"""Scheduled crawls: the history database, run-to-run diffs, alerts and the scheduler."""
