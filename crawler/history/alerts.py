"""Alerts on regressions: a webhook (Slack, Teams or Google Chat) and email over SMTP. Never fail a run."""
from __future__ import annotations

import json
import logging
import os
import smtplib
import time
import urllib.request
from email.message import EmailMessage
from typing import Any

log = logging.getLogger("mobicrawl.alerts")
TRIES = 3


def alert_text(site: str, since: dict[str, Any], report_path: str) -> str:
    worse = since["worse"]
    kinds: dict[str, int] = {}
    for change in worse:
        kinds[change["kind"]] = kinds.get(change["kind"], 0) + 1
    lines = [f"mobicrawl: {len(worse)} thing(s) got worse on {site} since the last crawl",
             ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))]
    lines += [f"- {c['url']}" + (f" [{c['device']}, {c['check']}]" if c.get("check") else "") + f": {c['text']}"
              for c in worse[:10]]
    if len(worse) > 10:
        lines.append(f"... and {len(worse) - 10} more")
    lines.append(f"Report: {report_path}")
    return "\n".join(lines)


def webhook_body(fmt: str, text: str) -> dict[str, Any]:
    if fmt == "teams":  # an Office 365 connector card, which Teams' incoming webhooks accept
        return {"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": text.splitlines()[0],
                "text": text.replace("\n", "<br>")}
    return {"text": text}  # Slack and Google Chat both take a plain text message


def _retry(action, what: str) -> bool:
    for attempt in range(1, TRIES + 1):
        try:
            action()
            return True
        except Exception as exc:  # a failed alert is logged, never fatal
            log.warning("%s failed (try %d of %d): %s", what, attempt, TRIES, exc)
            time.sleep(0.5 * attempt)
    return False


def send_webhook(url: str, fmt: str, text: str) -> bool:
    def post():
        request = urllib.request.Request(url, data=json.dumps(webhook_body(fmt, text)).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=15) as response:
            response.read()
    return _retry(post, f"webhook alert to {url.split('?')[0]}")


def send_email(email, subject: str, text: str) -> bool:
    def send():
        message = EmailMessage()
        message["Subject"], message["From"], message["To"] = subject, email.sender, ", ".join(email.to)
        message.set_content(text)
        with smtplib.SMTP(email.smtp_host, email.smtp_port, timeout=20) as smtp:
            if email.starttls:
                smtp.starttls()
            if email.user:
                smtp.login(email.user, os.environ.get(email.password_env or "", ""))
            smtp.send_message(message)
    return _retry(send, f"email alert through {email.smtp_host}")


def send_alerts(alerts, site: str, since: dict[str, Any], report_path: str) -> bool | None:
    """None when nothing is owed (too few regressions), else whether every channel got through."""
    if alerts is None or len(since["worse"]) < alerts.min_regressions:
        return None
    text = alert_text(site, since, report_path)
    sent = True
    if alerts.webhook_url:
        sent &= send_webhook(alerts.webhook_url, alerts.webhook_format, text)
    if alerts.email:
        sent &= send_email(alerts.email, text.splitlines()[0], text)
    return sent
