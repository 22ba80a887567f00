"""Alembic migrations of the history database, run by History.migrate (never edit one that shipped)."""
