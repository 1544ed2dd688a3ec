"""Paged lists: every item on exactly one page, old buttons land in range, forged data refused."""

from __future__ import annotations

from bot.list_pages import PAGE_SIZE, page_buttons, page_holding, page_of, parse_page_data


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
    back, forward = page_buttons("t", middle)
    assert back.text.startswith("◀") and forward.text.endswith("▶")
    assert parse_page_data(back.callback_data) == ("t", 0)
    assert parse_page_data(forward.callback_data) == ("t", 2)
    assert page_buttons("s", page_of([1, 2], 0)) == []
    for forged in ("pg:t:99999999999999999999", "pg:x:1", "pg:t:-1", "pg:t:1:2", None, ""):
        assert parse_page_data(forged) is None
