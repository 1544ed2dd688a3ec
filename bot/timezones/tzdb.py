"""The tz database's own tables, read from the tzdata package: zones, links and countries.

Missing files (a system without the tzdata package) give empty tables: names still resolve
through zoneinfo, only links and countries are lost.
"""

from __future__ import annotations

import functools
import logging
from importlib import resources
from zoneinfo import available_timezones

log = logging.getLogger(__name__)

# Areas whose zone names end in a real place ("Asia/Karachi"); others are legacy or technical.
PLACE_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


def _read(name: str) -> str:
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        log.warning("tzdata's %s is missing: city and country names are limited", name)
        return ""


def _rows(name: str) -> list[list[str]]:
    return [
        line.split("\t") for line in _read(name).splitlines() if line and not line.startswith("#")
    ]


@functools.cache
def zone_names() -> frozenset[str]:
    """Every zone name zoneinfo can load (links included)."""
    return frozenset(available_timezones())


@functools.cache
def links() -> dict[str, str]:
    """Old or alternative name -> the zone it points to ("Asia/Calcutta" -> "Asia/Kolkata")."""
    found: dict[str, str] = {}
    for line in _read("tzdata.zi").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L":
            found[parts[2]] = parts[1]
    return found


@functools.cache
def country_names() -> dict[str, str]:
    """ISO 3166 code -> the tz database's English name ("GB" -> "Britain (UK)")."""
    return {row[0]: row[1] for row in _rows("iso3166.tab") if len(row) >= 2}


@functools.cache
def country_zones() -> dict[str, list[str]]:
    """ISO 3166 code -> its zones, the most populous part first (zone.tab's order)."""
    zones: dict[str, list[str]] = {}
    for row in _rows("zone.tab"):
        if len(row) >= 3:
            zones.setdefault(row[0], []).append(row[2])
    return zones


@functools.cache
def listed_zones() -> frozenset[str]:
    """The zones zone.tab offers for some country ("Europe/Amsterdam", even though a link)."""
    return frozenset(zone for zones in country_zones().values() for zone in zones)
