"""The Bot API for one private chat, answered in-process: the person at the terminal is the user.

The Bot API itself is bot.botapi's emulator — the same one the tests' fake Telegram stands on —
so the bot here is refused exactly what Telegram refuses (HTML, lengths, buttons...). This
adds what a terminal needs: one private chat that exists from the start, sends to any other
chat reported as undelivered, and a wait for the bot to have answered a line.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.botapi import BotApi, BotApiError, CallbackAnswered, MessageDeleted, MessageShown
from bot.botapi.emulator import DOWNLOAD_MAX_BYTES

BOT_ID = 7000000001
BOT_USERNAME = "newsbrief_terminal_bot"
USER_ID = 1001  # the person at the terminal; their private chat has the same id
FILE_MAX_BYTES = DOWNLOAD_MAX_BYTES  # the bot must be able to download what the person sends
_ANSWERS = frozenset(
    {
        "sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup",
        "deleteMessage", "answerCallbackQuery",
    }
)  # fmt: skip
_CHAT_NOT_FOUND = "Bad Request: chat not found"


def local_token() -> str:
    """A token for one terminal session: the bot's id and a random secret, unknown to Telegram."""
    return f"{BOT_ID}:{secrets.token_urlsafe(24)}"


@dataclass(frozen=True)
class Undelivered:
    """The bot wrote to a chat that is not this terminal's (from a shared database)."""

    chat_id: int
    method: str


Event = MessageShown | CallbackAnswered | MessageDeleted | Undelivered


class LocalBotApi:
    """The Bot API as one private chat with `first_name` sees it; `listener` sees the bot."""

    def __init__(self, first_name: str, listener: Callable[[Event], None]) -> None:
        self.first_name = first_name[:64] or "You"
        self._listener = listener
        self._api = BotApi(
            bot_id=BOT_ID,
            bot_username=BOT_USERNAME,
            bot_first_name="newsbrief",
            can_join_groups=False,
            open_private_chats=False,
            listener=listener,
        )
        self._api.add_private_chat(USER_ID, self.first_name)
        self.language_code = "en"  # the person's Telegram language (newsbrief chat --lang)
        self._answers = 0  # answers (sends, edits, button answers) to this chat so far
        self._answers_before: dict[int, int] = {}  # update_id -> answers when it was queued

    # ------------------------------------------------------------ the person

    def speaks(self, language_code: str) -> None:
        """The person's Telegram language (newsbrief chat --lang)."""
        self.language_code = language_code
        self._api.user_languages[USER_ID] = language_code

    def user_says(self, text: str) -> int:
        """Queue a text message from the person (commands marked like Telegram); its update_id."""
        return self._queued(self._api.user_says(USER_ID, text, first_name=self.first_name))

    def user_sends_file(self, file_name: str, content: bytes) -> int:
        """Queue a message with a document (the bot can getFile and download it)."""
        update_id = self._api.user_sends_document(
            USER_ID, file_name, content[:FILE_MAX_BYTES], first_name=self.first_name
        )
        return self._queued(update_id)

    def press(self, message_id: int, callback_data: str) -> int | None:
        """Press a button on a bot message; None if the message no longer has that button."""
        if self._api.press(USER_ID, message_id, callback_data) is None:
            return None
        return self._queued(self._api.last_update_id)

    def close(self) -> None:
        """Answer a waiting getUpdates at once (shutting down)."""
        self._api.end_polls()

    async def settled(self, update_id: int, *, within: float = 20.0, quiet: float = 0.3) -> bool:
        """Wait until the bot has taken this update and answered, then fell quiet for `quiet` s.

        False if no answer came within `within` seconds (the bot may answer later still).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while (
            self._api.updates_taken < update_id or self._answers == self._answers_before[update_id]
        ):
            if not await self._api.changed(deadline):
                return False
        seen, last = self._answers, loop.time()
        while last + quiet > loop.time():
            await self._api.changed(last + quiet)
            if self._answers != seen:
                seen, last = self._answers, loop.time()
        return True

    # ------------------------------------------------------------ the bot

    def method_name(self, method: str) -> str:
        return self._api.method_name(method)

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """One Bot API method's result; raises BotApiError as Telegram would refuse it."""
        name = self._api.method_name(method)
        try:
            result = await self._api.call(name, params)
        except BotApiError as error:
            chat_id = params.get("chat_id")
            if error.description == _CHAT_NOT_FOUND and chat_id not in (None, ""):
                self._listener(Undelivered(_as_int(chat_id), name))
            raise
        if name in _ANSWERS:
            self._answers += 1
        return result

    async def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) of one request, as Telegram answers it."""
        try:
            return 200, {"ok": True, "result": await self.call(method, params)}
        except BotApiError as error:
            return error.code, error.payload()

    def file_at(self, path: str) -> bytes | None:
        """The bytes behind a getFile path, or None."""
        return self._api.file_at(path)

    def _queued(self, update_id: int) -> int:
        self._answers_before[update_id] = self._answers
        return update_id


def _as_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
