"""Alerts on regressions: a webhook (Slack, Teams or Google Chat) and email over SMTP. Never fail a run."""
from __future__ import annotations

import asyncio
import logging
import os
from email.message import EmailMessage
from typing import Any, Awaitable, Callable, Iterable

import aiohttp
import aiosmtplib

from ..redact import mask, url_origin, url_secrets
from ..i18n import DEFAULT
from .diff_text import alert_text

log = logging.getLogger("mobicrawl.alerts")
TRIES = 3


def webhook_body(fmt: str, text: str) -> dict[str, Any]:
    if fmt == "teams":  # an Office 365 connector card, which Teams' incoming webhooks accept
        return {"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": text.splitlines()[0],
                "text": text.replace("\n", "<br>")}
    return {"text": text}  # Slack and Google Chat both take a plain text message


async def _retry(action: Callable[[], Awaitable[None]], what: str, deadline: float,
                 secrets: Iterable[str] = ()) -> str | None:
    """None once the action got through; else why the last try failed, with no secret in it.

    Each try has a total deadline, from connecting to the last byte: a server that answers one
    byte at a time cannot hold the run."""
    problem = None
    for attempt in range(1, TRIES + 1):
        try:
            async with asyncio.timeout(deadline):
                await action()
            return None
        except TimeoutError:
            problem = f"no complete answer within {deadline:g} s"
        except Exception as exc:  # a failed alert is logged, never fatal
            problem = mask(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__, secrets)
        log.warning("%s failed (try %d of %d): %s", what, attempt, TRIES, problem)
        if attempt < TRIES:  # a pause before the next try, shorter when the deadline is short
            await asyncio.sleep(min(0.5, deadline / 4) * attempt)
    return f"{what} failed: {problem}"


async def send_webhook(url: str, fmt: str, text: str, deadline: float) -> str | None:
    async def post():
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=webhook_body(fmt, text)) as response:
                response.raise_for_status()
                await response.read()
    return await _retry(post, f"webhook alert to {url_origin(url)}", deadline, url_secrets(url))


async def send_email(email, subject: str, text: str, deadline: float) -> str | None:
    password = os.environ.get(email.password_env or "", "") if email.user else None

    async def send():
        message = EmailMessage()
        message["Subject"], message["From"], message["To"] = subject, email.sender, ", ".join(email.to)
        message.set_content(text)
        await aiosmtplib.send(message, hostname=email.smtp_host, port=email.smtp_port, start_tls=email.starttls,
                              username=email.user, password=password, timeout=deadline)
    return await _retry(send, f"email alert through {email.smtp_host}", deadline, [password or ""])


async def _send_all(alerts, text: str) -> list[str]:
    """Every channel at once: a hung webhook does not delay the email."""
    sends = []
    if alerts.webhook_url:
        sends.append(send_webhook(alerts.webhook_url, alerts.webhook_format, text, alerts.timeout))
    if alerts.email:
        sends.append(send_email(alerts.email, text.splitlines()[0], text, alerts.timeout))
    return [failure for failure in await asyncio.gather(*sends) if failure]


def send_alerts(alerts, site: str, since: dict[str, Any], report_path: str, lang: str = DEFAULT) -> list[str] | None:
    """None when nothing is owed (too few regressions), else one line per channel that failed (none: all sent)."""
    if alerts is None or len(since["worse"]) < alerts.min_regressions:
        return None
    return asyncio.run(_send_all(alerts, alert_text(site, since, report_path, lang)))
