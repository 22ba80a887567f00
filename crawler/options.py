"""Numeric command-line options, checked once for every subcommand before anything runs."""
from __future__ import annotations

import argparse
import math

from .errors import ConfigError

# option dest -> (lowest value, whether that value itself is allowed)
LOWEST = {
    "max_pages": (1, True), "max_depth": (0, True), "concurrency": (1, True), "timeout": (0, False),
    "settle": (0, True), "keep": (1, True), "parallel": (1, True),
}


class OneLineParser(argparse.ArgumentParser):
    """Usage errors are one line (exit 2), like every other bad input."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def check_option_values(args: argparse.Namespace) -> None:
    for dest, (lowest, allowed) in LOWEST.items():
        value = getattr(args, dest, None)
        if value is None:
            continue
        flag = "--" + dest.replace("_", "-")
        if not math.isfinite(value):
            raise ConfigError(f"{flag} must be a finite number, not {value}")
        if value < lowest or (value == lowest and not allowed):
            bound = "at least" if allowed else "more than"
            raise ConfigError(f"{flag} must be {bound} {lowest}, not {value}")
