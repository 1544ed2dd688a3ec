"""A place as people write it -> an IANA zone: "Karachi", "new york", "Europe/Berlin", "UTC+5",
"Pakistan". Offline: the tz database's own names plus the curated aliases.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.i18n import _
from bot.timezones import aliases, tzdb
from bot.timezones.folding import fold_place

MAX_INPUT = 80
_OFFSET = re.compile(r"^(?:utc|gmt|z)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_NAME_CHARS = re.compile(r"^[A-Za-z0-9_+\-/]+$")


class UnknownZone(ValueError):
    """No zone for this text; the message is for the user, `suggestions` are place names."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


@dataclass(frozen=True)
class Place:
    """A name in the lookup table: how to show it, and its zone (None: a country with several)."""

    label: str
    zone: str | None
    country: str | None = None


def find_zone(text: str) -> str:
    """The IANA zone `text` names: a zone name (any case, spaces for "_"), a city, a country
    with one time, a common abbreviation ("PKT", "EST": with its summer time), or a whole-hour
    offset ("UTC+5"). Raises UnknownZone with advice.
    """
    raw = " ".join((text or "").split())
    if not raw or len(raw) > MAX_INPUT:
        raise UnknownZone(_advice(raw[:40]))
    zone = aliases.ABBREVIATIONS.get(raw.upper()) or _zone_name(raw) or _offset_zone(raw)
    if zone:
        return zone
    key = fold_place(raw)
    candidates = [key, fold_place(raw.split(",")[0])]
    for candidate in candidates:
        place = places().get(candidate)
        if place is None:
            continue
        if place.zone is not None:
            return place.zone
        cities = _cities_of(place.country or "")
        raise UnknownZone(
            _(
                "{place} has more than one time zone. Tell me your city, for example {cities}."
            ).format(place=place.label, cities=_(", ").join(cities)),
            cities,
        )
    close = difflib.get_close_matches(key, list(places()), n=3, cutoff=0.8)
    suggestions = list(dict.fromkeys(places()[k].label for k in close))
    raise UnknownZone(_advice(raw[:40], suggestions), suggestions)


def _advice(text: str, suggestions: list[str] | None = None) -> str:
    guess = (
        " " + _("Did you mean {places}?").format(places=_(" or ").join(suggestions))
        if suggestions
        else ""
    )
    return (
        _("I don't know the time zone “{text}”.").format(text=text)
        + guess
        + " "
        + _(
            "Send a city (Karachi, New York), a country, or an IANA name, Area/City, for "
            "example Asia/Karachi, Europe/Berlin or UTC."
        )
    )


def _zone_name(text: str) -> str | None:
    name = text.replace(" ", "_")
    if not _NAME_CHARS.match(name) or ".." in name or name.startswith("/"):
        return None
    exact = _zones_folded().get(name.lower())
    return canonical(exact) if exact else None


def _offset_zone(text: str) -> str | None:
    m = _OFFSET.match(text.strip().lower())
    if not m:
        return None
    sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
    if minutes:
        raise UnknownZone(
            _(
                "“{text}” is not a whole hour from UTC, so I need your city instead — for "
                "example Delhi (UTC+5:30), Kathmandu (UTC+5:45) or Adelaide."
            ).format(text=text)
        )
    if hours == 0:
        return "UTC"
    # The Etc zones count the other way round: Etc/GMT-5 is five hours ahead of UTC.
    zone = f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"
    if zone not in tzdb.zone_names():
        raise UnknownZone(
            _("“{text}” is not a real offset: clocks run from UTC-12 to UTC+14.").format(text=text)
        )
    return zone


def canonical(zone: str) -> str:
    """The current name of a renamed or legacy zone ("Asia/Calcutta" -> "Asia/Kolkata",
    "US/Eastern" -> "America/New_York"); a country's own zone and codes like "CET" stay as given.
    """
    target = tzdb.links().get(zone)
    if (
        target is None
        or zone in tzdb.listed_zones()  # tzdb merged it into a neighbour: keep the local name
        or zone.isupper()
        or target.split("/")[0] not in tzdb.PLACE_AREAS
    ):
        return zone
    return target


@functools.cache
def _zones_folded() -> dict[str, str]:
    return {zone.lower(): zone for zone in tzdb.zone_names()}


@functools.cache
def places() -> dict[str, Place]:
    """Folded name -> Place: zone cities, their old names, countries, then curated aliases."""
    table: dict[str, Place] = {}
    for zone in sorted(tzdb.zone_names()):
        area, _, rest = zone.partition("/")
        if area in tzdb.PLACE_AREAS and rest:
            city = rest.rsplit("/", 1)[-1].replace("_", " ")
            table.setdefault(fold_place(city), Place(city, canonical(zone)))
    for code, name in tzdb.country_names().items():
        place = _country(code, name)
        for spelling in _spellings(name):
            table.setdefault(fold_place(spelling), place)
    for spelling, code in aliases.COUNTRIES.items():
        table[fold_place(spelling)] = _country(code, spelling)
    for city, zone in aliases.CITIES.items():
        table[fold_place(city)] = Place(city, canonical(zone))
    table.pop("", None)
    return table


def _spellings(name: str) -> list[str]:
    """ "Britain (UK)" -> ["Britain (UK)", "Britain", "UK"]; "Antigua & Barbuda" -> + "and"."""
    found = [name, name.replace("&", "and")]
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:
        found += [m.group(1), m.group(2)]
    return found


def _country(code: str, name: str) -> Place:
    label = re.sub(r"\s*\(.*\)$", "", name)
    if code in aliases.MAIN_ZONE:
        return Place(label, aliases.MAIN_ZONE[code], code)
    zones = tzdb.country_zones().get(code, [])
    if zones and len({_offsets(z) for z in zones}) == 1:
        return Place(label, canonical(zones[0]), code)
    return Place(label, None, code)


@functools.cache
def _offsets(zone: str) -> tuple[object, object]:
    """A zone's UTC offsets in January and July this year: equal pairs keep the same time."""
    tz, year = ZoneInfo(zone), datetime.now(UTC).year
    return (
        datetime(year, 1, 15, 12, tzinfo=tz).utcoffset(),
        datetime(year, 7, 15, 12, tzinfo=tz).utcoffset(),
    )


def _cities_of(code: str) -> list[str]:
    if code in aliases.SUGGESTED_CITIES:
        return aliases.SUGGESTED_CITIES[code]
    zones = tzdb.country_zones().get(code, [])
    return [z.rsplit("/", 1)[-1].replace("_", " ") for z in zones[:4]]
