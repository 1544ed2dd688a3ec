"""Lists shown a page at a time (/topics, /sources), with ◀ ▶ buttons that edit the message.

A chat may follow 50 topics and add 100 sources: as one message that is more text than Telegram
takes and more buttons than fit a keyboard. Each page holds `PAGE_SIZE` items, so its text and
its buttons stay within limits whatever the items hold. The page buttons are declared in
bot.buttons.catalog (LIST_PAGE); handlers.pages answers them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.briefings import Button
from bot.buttons.catalog import LIST_PAGE
from bot.i18n import _, pgettext

PAGE_SIZE = 10

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


def page_buttons(listing: str, chat_id: int, page: Page[T]) -> list[Button]:
    """The ◀ ▶ row under a page of `listing` ("topics" or "sources") of `chat_id`; empty when the
    list fits on one."""
    if page.count <= 1:
        return []
    row = []
    if page.number > 0:
        data = LIST_PAGE.data(chat=chat_id, listing=listing, page=page.number - 1)
        row.append(Button(pgettext("button", "◀ Previous"), callback_data=data))
    if page.number < page.count - 1:
        data = LIST_PAGE.data(chat=chat_id, listing=listing, page=page.number + 1)
        row.append(Button(pgettext("button", "Next ▶"), callback_data=data))
    return row


def page_label(page: Page[T]) -> str:
    """ " · page 2 of 5", or "" for a one-page list (plain text)."""
    if page.count <= 1:
        return ""
    return " · " + _("page {number} of {count}").format(number=page.number + 1, count=page.count)
