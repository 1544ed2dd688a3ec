"""The doctor's table: ✓/✗, the check, what it found, and for a failure the fix below it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ops.doctor.results import CheckResult

_MAX_DETAIL = 300  # details quote the web (feed errors): bounded so one row stays a row


def render_table(results: Sequence[CheckResult]) -> str:
    width = max((len(r.name) for r in results), default=0)
    lines = []
    for result in results:
        mark = "✓" if result.ok else "✗"
        lines.append(f"{mark} {result.name.ljust(width)}  {_one_line(result.detail)}")
        if not result.ok and result.fix:
            lines.append(f"  {' ' * width}  fix: {_one_line(result.fix)}")
    failures = sum(not r.ok for r in results)
    lines.append("")
    lines.append(
        f"All {len(results)} checks passed."
        if not failures
        else f"{failures} of {len(results)} checks failed."
    )
    return "\n".join(lines)


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _MAX_DETAIL else flat[: _MAX_DETAIL - 1] + "…"
