"""Alembic revisions, oldest first: 0001 and 0002 are the schema of the hand-written migrations' versions 1 and 2."""
