"""A shared location gives the time zone, offline."""

from __future__ import annotations

import math

import pytest

from bot.timezones import BadLocation, zone_at


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (24.8607, 67.0011, "Asia/Karachi"),  # Karachi
        (40.7128, -74.0060, "America/New_York"),
        (52.52, 13.405, "Europe/Berlin"),
        (28.6139, 77.2090, "Asia/Kolkata"),  # New Delhi
        (-33.8688, 151.2093, "Australia/Sydney"),
        (34.5553, 69.2075, "Asia/Kabul"),
    ],
)
async def test_cities_by_coordinates(latitude: float, longitude: float, zone: str) -> None:
    assert await zone_at(latitude, longitude) == zone


async def test_the_open_sea_has_an_offset_zone() -> None:
    assert await zone_at(0.0, -30.0) == "Etc/GMT+2"


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91, 0), (0, 181), (math.nan, 0), (0, math.inf)]
)
async def test_impossible_coordinates(latitude: float, longitude: float) -> None:
    with pytest.raises(BadLocation):
        await zone_at(latitude, longitude)
