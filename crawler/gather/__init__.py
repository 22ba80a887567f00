"""Gatherers: render a page at one device and collect its artifacts. They collect; they never judge."""
