"""Checks: pure functions that judge the artifacts of one page render."""
