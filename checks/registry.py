"""The single list of checks: the CLI, the runner and the reports all read it."""
from __future__ import annotations

import importlib
import traceback
from typing import Any, cast

from .artifacts import DeviceInfo, RenderArtifacts
from .base import AuditFn, Check, CheckContext, CheckMeta, CheckResult, ResultRecord, Status, result
from .text import Sentences

# Modules are imported in this order; report columns follow it.
CHECK_MODULES = (
    "viewport_meta",
    "content_width",
    "font_size",
    "tap_targets",
    "plugins",
    "interstitial",
    "offers_visible",
    "tracking_pixels",
)

_CHECKS: dict[str, Check] = {}
SAY = Sentences(
    "runner",
    severity="The site config sets this check's severity to {level} (it would be {status}).",
    mobile_only="Applies to mobile devices only.",
    not_rendered="The page did not render at this device: {error}",
    broke="The check broke: {error} ({where})",
    no_artifact="This render has no {name} artifact.",
    script_failed="{name}.js failed: {error}",
)


def register(meta: CheckMeta):
    """Decorator: `@register(META)` over a check module's `audit(artifacts, context)`."""

    unknown = set(meta.requires) - RenderArtifacts.__annotations__.keys()
    if unknown:
        raise ValueError(f"check {meta.id!r} requires unknown artifacts: {', '.join(sorted(unknown))}")

    def wrap(audit: AuditFn) -> AuditFn:
        if meta.id in _CHECKS and _CHECKS[meta.id].audit is not audit:
            raise ValueError(f"check id {meta.id!r} registered twice")
        _CHECKS[meta.id] = Check(meta, audit)
        return audit

    return wrap


def all_checks() -> list[Check]:
    for name in CHECK_MODULES:
        importlib.import_module(f"{__package__}.{name}")
    return list(_CHECKS.values())


def get(check_id: str) -> Check:
    all_checks()
    return _CHECKS[check_id]


def applies(check: Check, device: DeviceInfo) -> bool:
    """A phone-only check has no result at all on the desktop profile (not even a skip)."""
    return check.meta.applies_to != "mobile" or device.get("is_mobile", True)


def with_severity(result: CheckResult, level: str | None) -> CheckResult:
    """A site's `[checks.severity]` override: the check's warnings and failures get that status, and say so."""
    if not level or result.status not in (Status.WARN, Status.FAIL) or result.status == level:
        return result
    return CheckResult(Status(level), [*result.sentences, SAY.severity(level=level, status=str(result.status))],
                       result.items)


def run_check(check: Check, artifacts: RenderArtifacts, context: CheckContext) -> CheckResult:
    """Run one check on one render; a check that raises becomes an `error` result."""
    if not applies(check, context.device):
        return result(Status.SKIP, SAY.mobile_only())
    if artifacts.get("error"):
        # the check could not judge the page: never a pass, and --fail-on sees it
        return result(Status.ERROR, SAY.not_rendered(error=artifacts["error"]))
    if unusable := _unusable_artifact(check, artifacts):
        return unusable
    try:
        return check.audit(artifacts, context)
    except Exception as exc:  # a broken check must never stop the crawl
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return result(Status.ERROR, SAY.broke(error=f"{type(exc).__name__}: {exc}",
                                              where=f"{where.filename.rsplit('/', 1)[-1]}:{where.lineno}"))


def _unusable_artifact(check: Check, artifacts: RenderArtifacts) -> CheckResult | None:
    """A required artifact the render lacks is a `skip` (an older run, a render cut short); one whose
    in-page module threw is an `error`, as a broken check is."""
    for name in check.meta.requires:
        value = artifacts.get(name)
        if value is None:
            return result(Status.SKIP, SAY.no_artifact(name=name))
        if isinstance(value, dict) and "__error" in value:
            return result(Status.ERROR, SAY.script_failed(name=name, error=str(value["__error"]).splitlines()[0]))
    return None


def run_all(renders: dict[str, RenderArtifacts], url: str, config: dict[str, Any]) -> list[ResultRecord]:
    """The site's checks on every render of one page (each where it applies), as report.json `results` entries."""
    site = config.get("checks") or {}
    checks = [check for check in all_checks() if check.meta.id not in site.get("disable", ())]
    results = []
    for device_name, artifacts in renders.items():
        device = artifacts.get("device") or cast(DeviceInfo, {"name": device_name})
        context = CheckContext(url=url, device=device,
                               renders=renders, config=config)
        for check in (check for check in checks if applies(check, context.device)):
            judged = with_severity(run_check(check, artifacts, context), site.get("severity", {}).get(check.meta.id))
            results.append(judged.to_record(check.meta.id, device_name))
    return results
