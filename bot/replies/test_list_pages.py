"""Paged lists: every item on exactly one page, old buttons land in range, forged data refused."""

from __future__ import annotations

from bot.buttons import BUTTONS
from bot.buttons.catalog import LIST_PAGE
from bot.replies.list_pages import PAGE_SIZE, page_buttons, page_holding, page_of


def test_every_item_is_on_exactly_one_page_and_page_holding_finds_it() -> None:
    items = list(range(47))
    first = page_of(items, 0)
    seen = [i for n in range(first.count) for i in page_of(items, n).items]
    assert seen == items and first.count == 5
    assert all(i in page_of(items, page_holding(i)).items for i in items)
    assert len(page_of(items, 0).items) == PAGE_SIZE


def test_an_old_button_past_the_end_shows_the_last_page() -> None:
    shrunk = page_of(list(range(12)), 4)
    assert (shrunk.number, shrunk.count, list(shrunk.items)) == (1, 2, [10, 11])
    assert page_of([], 3).count == 1


def test_page_buttons_round_trip_and_forged_data_is_refused() -> None:
    middle = page_of(list(range(30)), 1)
    back, forward = page_buttons("topics", -1001234567890, middle)
    assert back.text.startswith("◀") and forward.text.endswith("▶")
    for button, number in ((back, 0), (forward, 2)):
        press = BUTTONS.parse(button.callback_data)
        assert press is not None and press.kind is LIST_PAGE
        assert press.values == {"chat": -1001234567890, "listing": "topics", "page": number}
    assert page_buttons("sources", 5, page_of([1, 2], 0)) == []
    forgeries = (
        "pg:5:topics:99999999999999999999",
        "pg:5:groups:1",
        "pg:5:topics:-1",
        "pg:5:topics:1:2",
        "pg:topics:1",  # no chat: whose list would it be?
        "pg:t:1",
        None,
        "",
    )
    for forged in forgeries:
        assert BUTTONS.parse(forged) is None, forged
