"""The button declaration: values round-trip, and nothing out of range or unknown parses."""

from __future__ import annotations

import pytest

from bot.buttons import BUTTONS, Int, OneOf, Press, Registry, Who, Word
from bot.buttons import catalog as b


def parsed(data: str) -> Press:
    press = BUTTONS.parse(data)
    assert press is not None, data
    return press


def test_values_round_trip_by_value() -> None:
    assert b.READ.data(article=42, page=3) == "rd:42:3"
    assert parsed("rd:42:3")["page"] == 3
    assert parsed(b.SETTINGS_TIME_STEP.data(chat=-5, minutes=-15))["minutes"] == -15
    assert parsed(b.SETTINGS_ZONE.data(chat=5, zone="America/New_York"))["zone"] == (
        "America/New_York"
    )
    assert parsed(b.MANAGE.data(chat=None))["chat"] is None
    assert parsed(b.DISCONNECT.data(chat=-1003000000001))["chat"] == -1003000000001


@pytest.mark.parametrize(
    "data",
    [
        "rd:99999999999999999999:0",
        "rd:9007199254740993:0",  # just past the largest id a button may carry
        "rd:-1:0",
        "rd:1",
        "rd:1:0:0",
        "rd:1:x",
        "set:d:8",
        "set:f:hourly",
        "set:z:Europe/Berlin;drop",
        "nope:1",
        "",
        None,
        "rd:١:0",  # Arabic-Indic digit: int() would take it, the pattern does not
    ],
)
def test_forged_or_malformed_data_parses_to_nothing(data: str | None) -> None:
    assert BUTTONS.parse(data) is None


def test_a_declaration_is_checked() -> None:
    registry = Registry()
    registry.button("ab", Who.ANYONE, n=Int(0, 9))
    with pytest.raises(ValueError, match="clashes"):
        registry.button("ab", Who.ADMINS)
    with pytest.raises(ValueError, match="clashes"):
        registry.button("ab:c", Who.ADMINS)
    with pytest.raises(ValueError, match="ref"):
        registry.button("cd", Who.ADMINS, stored=True, n=Int())
    kind = registry.button("ef", Who.ADMINS, w=Word(62))
    with pytest.raises(ValueError, match="64 bytes"):
        kind.data(w="x" * 62)
    with pytest.raises(ValueError):
        registry.button("gh", Who.ANYONE, c=OneOf(("a", "b"))).data(c="z")
    with pytest.raises(TypeError):
        kind.data()
