"""Finding a time zone from what people type: cities, countries, zone names, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.timezones import UnknownZone, find_zone

TESTDATA = Path(__file__).parent / "testdata"


def _typed() -> list[tuple[str, str]]:
    lines = (TESTDATA / "place_names.tsv").read_text(encoding="utf-8").splitlines()
    return [
        (typed, zone)
        for typed, _, zone in (line.partition("\t") for line in lines)
        if typed and not typed.startswith("#")
    ]


@pytest.mark.parametrize(("typed", "zone"), _typed())
def test_what_people_type(typed: str, zone: str) -> None:
    if zone:
        assert find_zone(typed) == zone
    else:
        with pytest.raises(UnknownZone):
            find_zone(typed)


def test_a_country_with_several_zones_asks_for_a_city() -> None:
    with pytest.raises(UnknownZone, match="more than one time zone") as caught:
        find_zone("United States")
    assert "New York" in caught.value.suggestions and "Los Angeles" in caught.value.suggestions


def test_a_typo_gets_a_suggestion() -> None:
    with pytest.raises(UnknownZone, match="Did you mean Karachi") as caught:
        find_zone("Karachy")
    assert caught.value.suggestions == ["Karachi"]
    with pytest.raises(UnknownZone, match="New York"):
        find_zone("Nwe York")


def test_half_hour_offsets_point_to_a_city() -> None:
    with pytest.raises(UnknownZone, match="Delhi"):
        find_zone("UTC+5:30")


def test_long_input_is_refused_and_not_echoed_in_full() -> None:
    with pytest.raises(UnknownZone) as caught:
        find_zone("Karachi " * 50)
    assert len(str(caught.value)) < 300
