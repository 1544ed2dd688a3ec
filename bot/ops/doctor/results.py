"""One row of the doctor's table."""

from __future__ import annotations

from dataclasses import dataclass

DEPLOY_DOC = "docs/deploy.md"  # where fixes point for the web server and backups


@dataclass(frozen=True)
class CheckResult:
    """What one check found; `fix` says what to do when it failed (never a secret)."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


def passed(name: str, detail: str) -> CheckResult:
    return CheckResult(name, True, detail)


def failed(name: str, detail: str, fix: str) -> CheckResult:
    return CheckResult(name, False, detail, fix)
