"""Coordinates -> IANA zone, offline, with timezonefinder's bundled polygons.

Loading the polygons takes about a second, so it happens on first use, in a worker thread,
once per process; lookups after that take microseconds.
"""

from __future__ import annotations

import asyncio
import math
import threading
from typing import Any

from bot.timezones.lookup import canonical


class BadLocation(ValueError):
    """Coordinates that aren't on Earth (or aren't numbers)."""


class ZoneLocator:
    """Finds the zone at a point; thread-safe, loads its data lazily."""

    def __init__(self) -> None:
        self._finder: Any = None
        self._lock = threading.Lock()

    def zone_at_sync(self, latitude: float, longitude: float) -> str | None:
        """The zone at this point (the sea has "Etc/GMT±N" zones); blocks while loading."""
        _check(latitude, longitude)
        with self._lock:
            if self._finder is None:
                from timezonefinder import TimezoneFinder  # slow import: only when needed

                self._finder = TimezoneFinder()
            zone = self._finder.timezone_at(lng=longitude, lat=latitude)
        return canonical(zone) if zone else None

    async def zone_at(self, latitude: float, longitude: float) -> str | None:
        """Like zone_at_sync, off the event loop."""
        return await asyncio.to_thread(self.zone_at_sync, latitude, longitude)


def _check(latitude: float, longitude: float) -> None:
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (latitude, longitude)):
        raise BadLocation("a location needs two finite numbers")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise BadLocation(f"({latitude}, {longitude}) is not on Earth")


_LOCATOR = ZoneLocator()  # the polygons are read-only data: one copy per process is enough


async def zone_at(latitude: float, longitude: float) -> str | None:
    """The IANA zone at this point, or None; raises BadLocation for impossible coordinates."""
    return await _LOCATOR.zone_at(latitude, longitude)
