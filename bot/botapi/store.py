"""The message store: what the bot sent (and its earlier versions) and the files it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.botapi.markup import Button, button_rows, inline_buttons
from bot.botapi.text import parse_html


@dataclass(frozen=True)
class SentFile:
    """A file the bot uploaded or a user sent; `content` is empty for files sent by URL."""

    file_id: str
    file_unique_id: str
    filename: str | None
    mime_type: str | None
    content: bytes = field(repr=False)
    url: str | None = None

    def as_document(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.filename:
            document["file_name"] = self.filename
        if self.mime_type:
            document["mime_type"] = self.mime_type
        return document


@dataclass(frozen=True)
class MessageVersion:
    """A message as it was before an edit."""

    text: str
    html: str
    entities: list[dict[str, Any]]
    reply_markup: dict[str, Any] | None


@dataclass
class SentMessage:
    """A message the bot sent, as the user sees it now (edits update it in place)."""

    chat_id: int
    message_id: int
    text: str  # as the user sees it: tags removed, entities decoded, trimmed
    html: str  # the raw text as sent
    parse_mode: str | None
    reply_markup: dict[str, Any] | None  # inline_keyboard JSON as sent
    reply_to_message_id: int | None
    disable_preview: bool
    edited: bool = False
    entities: list[dict[str, Any]] = field(default_factory=list)
    edits: list[MessageVersion] = field(default_factory=list)  # earlier versions, oldest first
    deleted: bool = False
    document: SentFile | None = None
    date: int = 0
    message_thread_id: int | None = None  # the forum topic it went to (None: General)

    def buttons(self) -> list[Button]:
        """(text, callback_data, url) of every inline button, row by row."""
        return inline_buttons(self.reply_markup)

    def button_rows(self) -> list[list[Button]]:
        """The inline buttons as the keyboard lays them out."""
        return button_rows(self.reply_markup)

    def links(self) -> list[str]:
        """hrefs of the <a> tags in the html, then the URLs of url buttons."""
        hrefs: list[str] = []
        if (self.parse_mode or "").lower() == "html":
            hrefs = list(parse_html(self.html).hrefs)
        return hrefs + [url for _, _, url in self.buttons() if url]
