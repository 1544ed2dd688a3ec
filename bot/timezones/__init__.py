"""Where a chat is, as an IANA time zone: from a zone name, a city or country, or coordinates.

Everything is offline: names come from the tz database itself (its zone, link and country
tables) plus a curated list of big cities that are not zone names; coordinates go through
timezonefinder's bundled polygons.
"""

from bot.timezones.location import BadLocation, zone_at
from bot.timezones.lookup import UnknownZone, find_zone

__all__ = ["BadLocation", "UnknownZone", "find_zone", "zone_at"]
