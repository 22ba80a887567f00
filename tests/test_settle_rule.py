"""The settle rule's quiet window, without a browser: what a page loaded before its load event (or did
before a touch or click was acknowledged) does not hold the render; a request that ends after it does."""
from __future__ import annotations

import time

from crawler.gather.settle import EVENT_LAG_S, QUIET_S, quiet_in


class Network:
    """What the rule reads of a NetworkRecorder: when a request last started or ended, None while one is open."""

    def __init__(self, last: float | None):
        self.last = last

    def last_activity(self) -> float | None:
        return self.last


def test_a_page_whose_loads_ended_before_it_acted_waits_only_for_late_events():
    acted_at = time.monotonic()
    wait = quiet_in(Network(acted_at - 0.001), acted_at)
    assert 0 < wait <= EVENT_LAG_S < QUIET_S
    long_ago = acted_at - EVENT_LAG_S
    assert quiet_in(Network(long_ago - 0.001), long_ago) == 0


def test_a_request_that_ends_after_the_page_acted_opens_the_quiet_window():
    acted_at = time.monotonic() - 1
    ended_at = time.monotonic()
    assert EVENT_LAG_S < quiet_in(Network(ended_at), acted_at) <= QUIET_S
    assert quiet_in(Network(ended_at - QUIET_S), acted_at) == 0


def test_an_open_request_is_never_quiet():
    assert quiet_in(Network(None), time.monotonic() - 60) is None
