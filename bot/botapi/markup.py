"""Validation of `reply_markup` the way the Bot API server and Telegram reject it."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from bot.botapi.errors import bad_request
from bot.botapi.text import check_url

CALLBACK_DATA_MAX_BYTES = 64
# Every field that gives an inline button something to do; a button needs one of them.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def parse_reply_markup(raw: Any) -> dict[str, Any] | None:
    """Decode and check a reply_markup parameter; raise BotApiError as Telegram would.

    Inline buttons: callback_data must be 1-64 bytes of UTF-8 (else BUTTON_DATA_INVALID),
    URLs must be http(s)/tg links with a real host, and a button must do something.
    """
    if raw is None or raw == "":
        return None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError as exc:
            raise bad_request("can't parse reply keyboard markup JSON object") from exc
    if not isinstance(raw, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in raw:
        _check_inline_keyboard(raw["inline_keyboard"])
    elif "keyboard" in raw:
        rows = raw["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
    elif not ("remove_keyboard" in raw or "force_reply" in raw):
        raise bad_request("object expected as reply markup")
    return raw


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    for row in rows:
        if not isinstance(row, list):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if "url" in button:
        url = str(button["url"])
        try:
            check_url(url)
        except ValueError as exc:
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: {exc}") from exc
    if "callback_data" in button:
        data = button["callback_data"]
        size = len(str(data).encode("utf-8", "surrogatepass"))
        if not isinstance(data, str) or not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")


class Button(NamedTuple):
    """An inline button as the user sees it: a label, and data to send back or a link."""

    text: str
    callback_data: str | None
    url: str | None


def button_rows(markup: dict[str, Any] | None) -> list[list[Button]]:
    """The inline keyboard's buttons, row by row (empty rows left out, as Telegram shows it)."""
    if not markup:
        return []
    rows = [
        [
            Button(button.get("text", ""), button.get("callback_data"), button.get("url"))
            for button in row
        ]
        for row in markup.get("inline_keyboard", [])
    ]
    return [row for row in rows if row]


def inline_buttons(markup: dict[str, Any] | None) -> list[Button]:
    """(text, callback_data, url) of every inline button, row by row."""
    return [button for row in button_rows(markup) for button in row]
