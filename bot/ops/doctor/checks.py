"""All the checks together, each returning rows and never raising: a check that cannot run is
a failed row."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from bot.fetching.address_guard import Resolver
from bot.ops.doctor.database import check_database, check_disk
from bot.ops.doctor.reader_url import check_reader
from bot.ops.doctor.results import CheckResult, failed
from bot.ops.doctor.schedule import check_schedule
from bot.ops.doctor.sources import check_sources
from bot.ops.doctor.telegram_api import check_telegram
from bot.settings import Settings


async def run_checks(settings: Settings, *, resolver: Resolver | None = None) -> list[CheckResult]:
    """Every check, run concurrently; rows in a fixed order."""
    rows = await asyncio.gather(
        _safely("Telegram token", check_telegram(settings)),
        _safely("Database", asyncio.to_thread(check_database, settings.database_url)),
        _safely("Reader URL", check_reader(settings, resolver=resolver)),
        _safely("Time zone, digest", asyncio.to_thread(check_schedule, settings)),
        _safely("Free disk", asyncio.to_thread(check_disk, settings.database_url)),
        _safely("Sources", check_sources(settings)),
    )
    return [row for group in rows for row in group]


async def _safely(
    name: str, check: Awaitable[CheckResult | list[CheckResult]]
) -> list[CheckResult]:
    """The check's rows; a check that broke is a failed row, never a traceback."""
    try:
        found = await check
    except Exception as exc:
        return [failed(name, f"the check itself failed ({type(exc).__name__})", "report a bug")]
    return found if isinstance(found, list) else [found]
