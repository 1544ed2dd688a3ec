"""Lists shown a page at a time (/topics, /sources), with ◀ ▶ buttons that edit the message.

A chat may follow 50 topics and add 100 sources: as one message that is more text than Telegram
takes and more buttons than fit a keyboard. Each page holds `PAGE_SIZE` items, so its text and
its buttons stay within limits whatever the items hold. The page buttons' data is defined here
(prefix, encoding, parsing); handlers.pages answers them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.briefings import Button

PAGE_SIZE = 10
PAGE_PREFIX = "pg"
# Which list a page button turns: the letter goes in the button's data.
LISTS = {"t": "topics", "s": "sources"}
PAGE_PATTERN = rf"^{PAGE_PREFIX}:[{''.join(LISTS)}]:\d{{1,4}}$"
_PAGE_DATA = re.compile(PAGE_PATTERN)

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    number: int  # from 0
    count: int  # how many pages the list has (at least 1)
    start: int  # the index in the whole list of this page's first item


def page_of(items: Sequence[T], number: int, size: int = PAGE_SIZE) -> Page[T]:
    """Page `number` of the list, moved into range (a list may shrink under an old button)."""
    count = max(1, -(-len(items) // size))
    number = max(0, min(number, count - 1))
    start = number * size
    return Page(items[start : start + size], number, count, start)


def page_holding(index: int, size: int = PAGE_SIZE) -> int:
    """The page that shows the item at `index`."""
    return max(0, index) // size


def page_data(list_key: str, number: int) -> str:
    assert list_key in LISTS
    return f"{PAGE_PREFIX}:{list_key}:{number}"


def parse_page_data(data: str | None) -> tuple[str, int] | None:
    """(list key, page number) from a page button's data; None for anything else."""
    if data is None or not _PAGE_DATA.match(data):
        return None
    _, key, number = data.split(":")
    return key, int(number)


def page_buttons(list_key: str, page: Page[T]) -> list[Button]:
    """The ◀ ▶ row under a page; empty when the list fits on one."""
    if page.count <= 1:
        return []
    row = []
    if page.number > 0:
        row.append(Button("◀ Previous", callback_data=page_data(list_key, page.number - 1)))
    if page.number < page.count - 1:
        row.append(Button("Next ▶", callback_data=page_data(list_key, page.number + 1)))
    return row


def page_label(page: Page[T]) -> str:
    """ " · page 2 of 5", or "" for a one-page list (plain text)."""
    return f" · page {page.number + 1} of {page.count}" if page.count > 1 else ""
