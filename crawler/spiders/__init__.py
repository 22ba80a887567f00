"""Spiders of the mobicrawl project."""
