"""The progress line's time left: at the pace so far, once a few pages tell it."""
from __future__ import annotations

from crawler.progress import time_left


def test_time_left_is_said_once_the_pace_is_known():
    assert time_left(2, 50, 10) == ""  # two pages do not tell a pace
    assert time_left(10, 20, 30) == ", about 60 s left"
    assert time_left(10, 200, 60) == ", about 20 min left"
    assert time_left(40, 0, 120) == ""  # nothing waits: nothing to promise
