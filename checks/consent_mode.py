"""Google consent mode v2 as a Google beacon encodes it: `gcs` (ad and analytics storage) and `gcd` (all four)."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

SIGNALS = ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization")
GRANTED, DENIED = "granted", "denied"
# gcd: "11", then per signal a letter and a digit. The letter says the state from the default and the
# update commands; "l" is a signal the page never set, left out like gcs's "-".
GCD_LETTERS = {**dict.fromkeys("tnrv", GRANTED), **dict.fromkeys("pqmu", DENIED)}
GCS = re.compile(r"^G1([01-])([01-])$")
GCD = re.compile(r"^\d\d([a-z])\d([a-z])\d([a-z])\d([a-z])")


def consent_mode(url: str) -> dict[str, str] | None:
    """{signal: "granted" | "denied"} for the signals a beacon encodes; None when it encodes none."""
    parts = urlsplit(url)
    # Floodlight puts its fields in the path, each after a ";": /activity;src=1;gcs=G111;ord=2?
    fields = dict(pair.split("=", 1) for pair in parts.path.split(";")[1:] if "=" in pair)
    fields.update({key: values[0] for key, values in parse_qs(parts.query).items()})
    state: dict[str, str] = {}
    if found := GCS.match(fields.get("gcs", "")):
        state.update({signal: GRANTED if flag == "1" else DENIED
                      for signal, flag in zip(SIGNALS[:2], found.groups(), strict=True) if flag != "-"})
    if found := GCD.match(fields.get("gcd", "")):
        state.update({signal: GCD_LETTERS[letter] for signal, letter in zip(SIGNALS, found.groups(), strict=True)
                      if letter in GCD_LETTERS})
    return state or None


def denied(state: dict[str, str] | None) -> list[str]:
    return [signal for signal, value in (state or {}).items() if value == DENIED]
