"""A Bot API for one private chat, answered in-process: the person at the terminal is the user.

It keeps what Telegram keeps for a chat (messages and their buttons, pending updates, the
user's files), answers the methods the bot calls with Telegram-shaped JSON, refuses what
Telegram refuses (bad HTML, over-long texts, invalid buttons, unknown chats), and reports
everything the bot shows to a listener (the terminal screen).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import mimetypes
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.terminal.html_text import HtmlError, read_html, read_plain

BOT_ID = 7000000001
BOT_USERNAME = "newsbrief_terminal_bot"
USER_ID = 1001  # the person at the terminal; their private chat has the same id
CALLBACK_DATA_MAX_BYTES = 64
FILE_MAX_BYTES = 20 * 2**20  # bots download and upload at most this through the terminal
MAX_POLL_SECONDS = 50.0
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_ANSWERS = frozenset(
    {
        "sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup",
        "deleteMessage", "answerCallbackQuery",
    }
)  # fmt: skip


def local_token() -> str:
    """A token for one terminal session: the bot's id and a random secret, unknown to Telegram."""
    return f"{BOT_ID}:{secrets.token_urlsafe(24)}"


class ApiError(Exception):
    """A refusal as the Bot API words it; becomes {"ok": false, ...} with this status."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    file_id: str
    file_name: str
    mime_type: str
    content: bytes


@dataclass
class BotMessage:
    """A message the bot sent, as it stands now (edits replace html, text and buttons)."""

    message_id: int
    html: str  # what the bot sent, parse_mode HTML ("" for a plain-text message)
    text: str  # what Telegram stores as message.text (or caption)
    buttons: list[list[Button]]
    date: int
    reply_to: int | None = None
    document: Document | None = None
    edited: bool = False
    deleted: bool = False
    markup: dict[str, Any] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class MessageShown:
    """The bot sent a message, or edited one (`edited`)."""

    message: BotMessage
    edited: bool


@dataclass(frozen=True)
class Notice:
    """An answer to a button press (a toast, or an alert the user must dismiss)."""

    text: str
    alert: bool


@dataclass(frozen=True)
class MessageDeleted:
    message_id: int


@dataclass(frozen=True)
class Undelivered:
    """The bot wrote to a chat that is not this terminal's (from a shared database)."""

    chat_id: int
    method: str


Event = MessageShown | Notice | MessageDeleted | Undelivered


class LocalBotApi:
    """The Bot API as one private chat with `first_name` sees it; `listener` sees the bot."""

    def __init__(self, first_name: str, listener: Callable[[Event], None]) -> None:
        self.first_name = first_name[:64] or "You"
        self.language_code = "en"  # the person's Telegram language (newsbrief chat --lang)
        self._listener = listener
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._updates: list[dict[str, Any]] = []
        self._messages: dict[int, BotMessage] = {}
        self._incoming: dict[int, dict[str, Any]] = {}
        self._files: dict[str, Document] = {}
        self._commands: list[dict[str, Any]] = []
        self._fetched = 0  # highest update_id the bot has taken with getUpdates
        self._answers = 0  # answers (sends, edits, button answers) to this chat so far
        self._answers_before: dict[int, int] = {}  # update_id -> answers when it was queued
        self._changed = asyncio.Event()
        self._closed = False
        self._methods = {
            "getMe": self._get_me,
            "logOut": self._true,
            "close": self._true,
            "getUpdates": self._get_updates,
            "setWebhook": self._true,
            "deleteWebhook": self._true,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._true,
            "setChatMenuButton": self._true,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "getChat": self._get_chat,
            "getChatMember": self._get_chat_member,
            "getChatAdministrators": self._get_chat_administrators,
        }
        self._by_lower = {name.lower(): name for name in self._methods}

    # ------------------------------------------------------------ the person

    def user_says(self, text: str) -> int:
        """Queue a text message from the person (commands marked like Telegram); its update_id."""
        message = self._incoming_message()
        message["text"] = text
        command = _COMMAND.match(text)
        if command:
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_length(command.group())}
            ]
        return self._enqueue("message", message)

    def user_sends_file(self, file_name: str, content: bytes) -> int:
        """Queue a message with a document (the bot can getFile and download it)."""
        mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        document = self._store_file(file_name, mime, content[:FILE_MAX_BYTES])
        message = self._incoming_message()
        message["document"] = _document_json(document)
        return self._enqueue("message", message)

    def press(self, message_id: int, callback_data: str) -> int | None:
        """Press a button on a bot message; None if the message no longer has that button."""
        message = self._messages.get(message_id)
        if message is None or message.deleted:
            return None
        if callback_data not in [b.callback_data for row in message.buttons for b in row]:
            return None
        query = {
            "id": str(next(self._query_ids) + 10**15),
            "from": self._user(),
            "message": self._message_json(message),
            "chat_instance": str(USER_ID * 7919),
            "data": callback_data,
        }
        return self._enqueue("callback_query", query)

    def close(self) -> None:
        """Answer a waiting getUpdates at once (shutting down)."""
        self._closed = True
        self._bump()

    async def settled(self, update_id: int, *, within: float = 20.0, quiet: float = 0.3) -> bool:
        """Wait until the bot has taken this update and answered, then fell quiet for `quiet` s.

        False if no answer came within `within` seconds (the bot may answer later still).
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while self._fetched < update_id or self._answers == self._answers_before[update_id]:
            if not await self._wait(deadline - loop.time()):
                return False
        seen, last = self._answers, loop.time()
        while (remaining := last + quiet - loop.time()) > 0:
            await self._wait(remaining)
            if self._answers != seen:
                seen, last = self._answers, loop.time()
        return True

    def file_content(self, path: str) -> bytes | None:
        """The bytes behind a getFile path (the file URL), or None."""
        stored = self._files.get(path.rsplit("/", 1)[-1])
        return stored.content if stored else None

    # ------------------------------------------------------------ the bot

    async def call(
        self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes, str]]
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API request: (HTTP status, JSON body) as Telegram would."""
        name = self._by_lower.get(method.lower())
        if name is None:
            return 404, ApiError(404, "Not Found").payload()
        try:
            result = await self._methods[name]({**params, **files})
        except ApiError as error:
            return error.code, error.payload()
        if name in _ANSWERS:
            self._answers += 1
            self._bump()
        return 200, {"ok": True, "result": result}

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _int(params.get("offset")) or 0
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        limit = min(max(_int(params.get("limit")) or 100, 1), 100)
        wait = min(max(_float(params.get("timeout")), 0.0), MAX_POLL_SECONDS)
        deadline = asyncio.get_running_loop().time() + wait
        while not self._updates and not self._closed:
            if not await self._wait(deadline - asyncio.get_running_loop().time()):
                break
        taken = self._updates[:limit]
        if taken:
            self._fetched = max(self._fetched, taken[-1]["update_id"])
            self._bump()
        return taken

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = _json(params, "commands")
        if not isinstance(commands, list):
            raise bad_request("commands must be an array")
        self._commands = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._commands

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"type": "commands"}

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        self._own_chat(params, "sendMessage")
        html, text = _text_of(params, "text")
        message = BotMessage(
            message_id=next(self._message_ids),
            html=html,
            text=text,
            buttons=_buttons(_json(params, "reply_markup")),
            date=int(time.time()),
            reply_to=self._reply_target(params),
            markup=_inline_markup(_json(params, "reply_markup")),
        )
        self._messages[message.message_id] = message
        self._listener(MessageShown(message, edited=False))
        return self._message_json(message)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        self._own_chat(params, "sendDocument")
        upload = params.get("document")
        if isinstance(upload, tuple):
            name, content, mime = upload
            document = self._store_file(name or "file", mime, content)
        elif isinstance(upload, str) and upload in self._files:
            document = self._files[upload]
        else:
            raise bad_request("there is no document in the request")
        html, text = _text_of(params, "caption", optional=True)
        message = BotMessage(
            message_id=next(self._message_ids),
            html=html,
            text=text,
            buttons=_buttons(_json(params, "reply_markup")),
            date=int(time.time()),
            reply_to=self._reply_target(params),
            document=document,
            markup=_inline_markup(_json(params, "reply_markup")),
        )
        self._messages[message.message_id] = message
        self._listener(MessageShown(message, edited=False))
        return self._message_json(message)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message_to_edit(params, "editMessageText")
        html, text = _text_of(params, "text")
        buttons = _buttons(_json(params, "reply_markup"))
        if (html, text, buttons) == (message.html, message.text, message.buttons):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        message.html, message.text, message.buttons = html, text, buttons
        message.markup = _inline_markup(_json(params, "reply_markup"))
        message.edited = True
        self._listener(MessageShown(message, edited=True))
        return self._message_json(message)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message_to_edit(params, "editMessageReplyMarkup")
        buttons = _buttons(_json(params, "reply_markup"))
        if buttons == message.buttons:
            raise bad_request("message is not modified")
        message.buttons = buttons
        message.markup = _inline_markup(_json(params, "reply_markup"))
        message.edited = True
        self._listener(MessageShown(message, edited=True))
        return self._message_json(message)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._message_to_edit(params, "deleteMessage")
        message.deleted = True
        self._listener(MessageDeleted(message.message_id))
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        text = read_plain(str(params.get("text") or "")).plain
        if len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        if text:
            self._listener(Notice(text, alert=_bool(params, "show_alert")))
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._own_chat(params, "sendChatAction")
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            **_document_json(stored),
            "file_path": f"documents/{stored.file_id}",
        }

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        self._own_chat(params, "getChat")
        return {
            **self._chat(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    async def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        self._own_chat(params, "getChatMember")
        user_id = _int(params.get("user_id"))
        if user_id == BOT_ID:
            return {"user": self._bot_user(), "status": "member"}
        if user_id == USER_ID:
            return {"user": self._user(), "status": "member"}
        raise bad_request("user not found")

    async def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        self._own_chat(params, "getChatAdministrators")
        raise bad_request("there are no administrators in the private chat")

    # ------------------------------------------------------------ internals

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._answers_before[update_id] = self._answers
        self._updates.append({"update_id": update_id, kind: payload})
        self._bump()
        return update_id

    def _bump(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, seconds: float) -> bool:
        """Wait for any change for up to `seconds`; False when the time was already up."""
        if seconds <= 0:
            return False
        try:
            await asyncio.wait_for(self._changed.wait(), seconds)
        except TimeoutError:
            pass
        return True

    def _own_chat(self, params: dict[str, Any], method: str) -> None:
        chat_id = _int(params.get("chat_id"))
        if chat_id is None:
            raise bad_request("chat_id is empty")
        if chat_id != USER_ID:
            self._listener(Undelivered(chat_id, method))
            raise bad_request("chat not found")

    def _message_to_edit(self, params: dict[str, Any], method: str) -> BotMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        self._own_chat(params, method)
        message_id = _int(params.get("message_id"))
        message = self._messages.get(message_id or 0)
        if message is None or message.deleted:
            if message_id in self._incoming:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return message

    def _reply_target(self, params: dict[str, Any]) -> int | None:
        reply = _json(params, "reply_parameters")
        target = reply.get("message_id") if isinstance(reply, dict) else None
        target = _int(target if target is not None else params.get("reply_to_message_id"))
        if target is None:
            return None
        known = target in self._incoming or (
            target in self._messages and not self._messages[target].deleted
        )
        if known:
            return target
        options = reply if isinstance(reply, dict) else params
        if _bool(options, "allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")

    def _store_file(self, name: str, mime: str, content: bytes) -> Document:
        if len(content) > FILE_MAX_BYTES:
            raise bad_request("file is too big")
        document = Document(f"TERMINAL{next(self._file_ids):06d}", name[:255], mime, content)
        self._files[document.file_id] = document
        return document

    def _incoming_message(self) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "from": self._user(),
            "chat": self._chat(),
            "date": int(time.time()),
        }
        self._incoming[message["message_id"]] = message
        return message

    def _user(self) -> dict[str, Any]:
        return {
            "id": USER_ID,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }

    def _chat(self) -> dict[str, Any]:
        return {"id": USER_ID, "type": "private", "first_name": self.first_name}

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "newsbrief", "username": BOT_USERNAME}

    def _message_json(self, message: BotMessage, *, nested: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "from": self._bot_user(),
            "chat": self._chat(),
            "date": message.date,
        }
        if message.document is not None:
            body["document"] = _document_json(message.document)
            if message.text:
                body["caption"] = message.text
        else:
            body["text"] = message.text
        if message.markup:
            body["reply_markup"] = message.markup
        if message.edited:
            body["edit_date"] = int(time.time())
        if message.reply_to is not None and not nested:
            if message.reply_to in self._incoming:
                body["reply_to_message"] = self._incoming[message.reply_to]
            elif message.reply_to in self._messages:
                replied = self._messages[message.reply_to]
                body["reply_to_message"] = self._message_json(replied, nested=True)
        return body


def _text_of(params: dict[str, Any], key: str, *, optional: bool = False) -> tuple[str, str]:
    """(html, text) of a text or caption parameter, checked like Telegram checks it."""
    raw = params.get(key)
    if raw is None or raw == "":
        if optional:
            return "", ""
        raise bad_request("message text is empty")
    source = str(raw)
    if str(params.get("parse_mode") or "").upper() != "HTML":
        plain = read_plain(source).plain
        if len(plain) > 4096:
            raise bad_request("message is too long")
        return "", plain
    try:
        return source, read_html(source, ansi=False).plain
    except HtmlError as exc:
        raise bad_request(str(exc)) from exc


def _inline_markup(raw: Any) -> dict[str, Any] | None:
    return raw if isinstance(raw, dict) and "inline_keyboard" in raw else None


def _buttons(raw: Any) -> list[list[Button]]:
    """The inline keyboard's buttons; raises like Telegram for buttons it would refuse."""
    markup = _inline_markup(raw)
    if markup is None:
        return []
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array')
    buttons: list[list[Button]] = []
    for row in rows:
        buttons.append([_button(raw_button) for raw_button in row])
    return [row for row in buttons if row]


def _button(raw: Any) -> Button:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be a String')
    data, url = raw.get("callback_data"), raw.get("url")
    if data is not None:
        size = len(str(data).encode("utf-8", "surrogatepass"))
        if not isinstance(data, str) or not 1 <= size <= CALLBACK_DATA_MAX_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if url is not None and not re.match(r"(?i)(https?|tg)://[^\s/?#]+", str(url)):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid")
    if data is None and url is None:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    return Button(raw["text"], data, str(url) if url is not None else None)


def _document_json(document: Document) -> dict[str, Any]:
    return {
        "file_id": document.file_id,
        "file_unique_id": document.file_id.lower(),
        "file_name": document.file_name,
        "mime_type": document.mime_type,
        "file_size": len(document.content),
    }


def _json(params: dict[str, Any], name: str) -> Any:
    """A parameter that carries a JSON object or array: decoded when it came as a string."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value) if value else None
        except ValueError as exc:
            raise bad_request(f"can't parse {name} JSON object") from exc
    return value


def _bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float:
    try:
        return float(value or 0)
    except (TypeError, ValueError):
        return 0.0


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
