"""The default time zone and digest time, said the way an operator checks them."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.ops.doctor.results import CheckResult, passed
from bot.settings import Settings


def check_schedule(settings: Settings, now: datetime | None = None) -> CheckResult:
    """The default time zone and digest time (their format was checked when settings loaded)."""
    zone = ZoneInfo(settings.timezone)
    local = (now or datetime.now(zone)).astimezone(zone)
    digest = local.replace(
        hour=settings.digest_time.hour,
        minute=settings.digest_time.minute,
        second=0,
        microsecond=0,
    )
    if digest <= local:
        digest += timedelta(days=1)
    wait = int((digest - local).total_seconds() // 60)
    return passed(
        "Time zone, digest",
        f"{settings.timezone} (now {local:%H:%M} there, UTC{local:%z}); new chats' digest at "
        f"{settings.digest_time:%H:%M}, next in {wait // 60} h {wait % 60} min",
    )
