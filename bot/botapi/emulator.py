"""The Bot API methods the bot calls, answered as Telegram answers them, for any number of chats.

`BotApi` keeps what Telegram keeps (chats, users, members, forum topics, the messages the bot
sent and their edits, files, commands, pending updates), checks every parameter with Telegram's
rules (HTML parsing and lengths in bot.botapi.text, buttons in bot.botapi.markup, commands in
bot.botapi.commands) and refuses what Telegram refuses with its error texts. It lets a caller
play a user (`user_says`, `user_sends_document`, `press`) and tells a `listener` what the bot
showed. `newsbrief chat` serves it to the bot in-process; the test fake (tests/fakes) adds an
HTTP server's scripting and fault injection on top.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.botapi.commands import scope_key, validate_commands
from bot.botapi.errors import BotApiError, bad_request
from bot.botapi.markup import parse_reply_markup
from bot.botapi.objects import (
    channel_admin_rights,
    chat_full_info_json,
    chat_json,
    chat_member_json,
    incoming_entities,
    user_json,
)
from bot.botapi.params import Upload, get_bool, get_float, get_int, get_json
from bot.botapi.store import MessageVersion, SentFile, SentMessage
from bot.botapi.text import FormattedText, format_text
from bot.botapi.updates import UpdateQueue

DOWNLOAD_MAX_BYTES = 20 * 2**20  # bots can download files up to 20 MB
CALLBACK_ANSWER_MAX_LENGTH = 200
GROUP_USER_ID = 4242  # who speaks in a group when the caller does not say
_CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
        "upload_document", "choose_sticker", "find_location", "record_video_note",
        "upload_video_note",
    }
)  # fmt: skip
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass(frozen=True)
class MessageShown:
    """The bot sent a message, or edited one (`edited`)."""

    message: SentMessage
    edited: bool


@dataclass(frozen=True)
class MessageDeleted:
    chat_id: int
    message_id: int


@dataclass(frozen=True)
class CallbackAnswered:
    """The bot answered a button press: a toast, or an alert the user must dismiss."""

    text: str
    alert: bool


Event = MessageShown | MessageDeleted | CallbackAnswered


class BotApi:
    """One bot's Bot API. `open_private_chats`: a send to a user never seen before reaches them
    (as if they had started the bot) rather than failing with "chat not found"."""

    def __init__(
        self,
        *,
        bot_id: int,
        bot_username: str,
        bot_first_name: str,
        can_join_groups: bool = True,
        open_private_chats: bool = True,
        listener: Callable[[Event], None] | None = None,
    ) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.can_join_groups = can_join_groups
        self.open_private_chats = open_private_chats
        self._listener = listener
        self.messages: list[SentMessage] = []
        self.commands: list[dict[str, Any]] | None = None
        self.webhook: dict[str, Any] = {}
        self.menu_button: dict[str, Any] | None = None

        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._updates = UpdateQueue(on_change=self._bump)
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, dict[str, Any]] = {}
        # Telegram `language_code` per user (their app's language); "en" when not set.
        self.user_languages: dict[int, str] = {}
        self._members: dict[int, set[int]] = {}  # users seen in each chat
        self._bot_status: dict[int, str] = {}  # bot's status in groups: member/administrator/...
        self._admins: dict[int, tuple[int | None, list[int]]] = {}
        self._bot_can_post: dict[int, bool] = {}  # channels: may the bot (an admin) post?
        self._cannot_post: dict[int, set[int]] = {}  # channels: admins without "Post messages"
        # Forum topics of each forum supergroup: thread id -> the "topic created" service message.
        self._threads: dict[int, dict[int, dict[str, Any]]] = {}
        self._last_message_id: dict[int, int] = {}
        self._sent: dict[tuple[int, int], SentMessage] = {}
        self._incoming: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, SentFile] = {}
        self._file_paths: dict[str, str] = {}
        self._callback_queries: dict[str, dict[str, Any] | None] = {}
        self._commands_by_scope: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._forbidden: dict[int, str] = {}
        self._migrated: dict[int, int] = {}
        self._methods: dict[str, tuple[str, Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "logOut": self._true,
                "close": self._true,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "setChatMenuButton": self._set_chat_menu_button,
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
            }.items()
        }

    # ------------------------------------------------------------------- calls

    def method_name(self, method: str) -> str:
        """The method's name as the Bot API spells it (names are case-insensitive)."""
        return self._methods.get(method.lower(), (method, None))[0]

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """The result of one Bot API method; raises BotApiError as Telegram would refuse it."""
        handler = self._methods.get(method.lower(), (method, None))[1]
        if handler is None:
            raise BotApiError(404, "Not Found")
        return await handler(params)

    async def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body) of one request, as Telegram answers it."""
        try:
            return 200, {"ok": True, "result": await self.call(method, params)}
        except BotApiError as error:
            return error.code, error.payload()

    def file_at(self, path: str) -> bytes | None:
        """The bytes a file download URL (…/file/bot<token>/<path>) serves, or None."""
        file_id = self._file_paths.get(path)
        return self._files[file_id].content if file_id is not None else None

    def end_polls(self) -> None:
        """Answer every waiting getUpdates now, and every later one at once (shutting down)."""
        self._updates.close()

    # ------------------------------------------------------------ playing the user

    def add_private_chat(self, user_id: int, first_name: str) -> None:
        """A user who has started the bot: their private chat exists before they say a word."""
        user = self._introduce(user_id, first_name, None)
        self._ensure_chat(user_id, "private", user, "")

    def user_says(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
        username: str | None = None,
        message_thread_id: int | None = None,
    ) -> int:
        """Queue a text message from a user (with bot_command/url entities); return update_id.

        `message_thread_id` sends it inside that forum topic.
        """
        message = self._incoming_message(chat_id, user_id, chat_type, first_name, username)
        message["text"] = text
        if message_thread_id is not None:
            self._put_in_thread(message, message_thread_id)
        entities = incoming_entities(text)
        if entities:
            message["entities"] = entities
        return self._enqueue("message", message)

    def user_sends_document(
        self,
        chat_id: int,
        filename: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "Test",
    ) -> int:
        """Queue a message with a document; getFile and the file URL serve its bytes."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._store_file(filename, mime, content)
        message = self._incoming_message(chat_id, user_id, chat_type, first_name, None)
        message["document"] = stored.as_document()
        if caption:
            message["caption"] = caption
        return self._enqueue("message", message)

    def press(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        *,
        user_id: int | None = None,
        forged: bool = False,
    ) -> str | None:
        """Press the inline button with this callback_data; the callback query id, or None if
        that bot message has no such button (unless `forged`: a modified client can send any
        data under any bot message)."""
        sent = self._sent.get((chat_id, message_id))
        if sent is None or sent.deleted:
            return None
        if not forged and data not in [callback for _, callback, _ in sent.buttons()]:
            return None
        chat = self._chats[chat_id]
        presser = user_id if user_id is not None else self._default_user(chat_id, chat["type"])
        query_id = str(next(self._ids) + 10**17)
        self._callback_queries[query_id] = None
        query = {
            "id": query_id,
            "from": self._user(presser),
            "message": self._message_json(sent),
            "chat_instance": str(-chat_id if chat_id < 0 else chat_id * 7919),
            "data": data,
        }
        self._enqueue("callback_query", query)
        return query_id

    @property
    def updates_taken(self) -> int:
        """The highest update_id the bot has fetched with getUpdates."""
        return self._updates.taken

    @property
    def last_update_id(self) -> int:
        """The update_id of the latest update queued (0 before the first)."""
        return self._updates.last_id

    # ------------------------------------------------------------ the store

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Every message the bot sent to this chat, in order."""
        return [message for message in self.messages if message.chat_id == chat_id]

    @property
    def documents(self) -> list[SentFile]:
        """Every file the bot sent, in order."""
        return [m.document for m in self.messages if m.document is not None]

    def answered(self, callback_query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for this query, or None if not answered."""
        return self._callback_queries.get(callback_query_id)

    async def changed(self, deadline: float) -> bool:
        """Wait for any change (a message, an edit, an update put or fetched...) until the
        loop time `deadline`; False once the deadline has passed."""
        changed = self._changed
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        try:
            await asyncio.wait_for(changed.wait(), remaining)
        except TimeoutError:
            pass
        return True

    # --------------------------------------------------------------- methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": self.can_join_groups,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        allowed = get_json(params, "allowed_updates")
        return await self._updates.poll(
            offset=get_int(params, "offset") or 0,
            limit=get_int(params, "limit") or 100,
            wait=get_float(params, "timeout") or 0.0,
            allowed_updates=allowed if isinstance(allowed, list) else None,
        )

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if get_bool(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = {"url": url, "params": params} if url else {}
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        if get_bool(params, "drop_pending_updates"):
            self._updates.clear()
        self.webhook = {}
        return True

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
            "max_connections": 40,
        }

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = validate_commands(get_json(params, "commands"))
        self._commands_by_scope[scope_key(params)] = commands
        self.commands = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._commands_by_scope.get(scope_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands_by_scope.pop(scope_key(params), None)
        return True

    async def _set_chat_menu_button(self, params: dict[str, Any]) -> bool:
        button = get_json(params, "menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "commands",
            "web_app",
            "default",
        ):
            raise bad_request("can't parse menu button JSON object")
        if get_int(params, "chat_id") is not None:
            self._chat_id(params)
        self.menu_button = button
        return True

    async def _get_chat_menu_button(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.menu_button or {"type": "default"}

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        raw = params.get("text")
        formatted = format_text(
            "" if raw is None else str(raw),
            params.get("parse_mode"),
            get_json(params, "entities"),
        )
        markup = parse_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        thread = self._thread_target(chat_id, params, reply_to)
        self._check_delivery(chat_id, send=True)
        sent = self._record_message(chat_id, params, formatted, markup, reply_to, "text", thread)
        self._tell(MessageShown(sent, edited=False))
        return self._message_json(sent)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        document = self._document_param(params)
        caption = params.get("caption")
        formatted = format_text(
            "" if caption is None else str(caption),
            params.get("parse_mode"),
            get_json(params, "caption_entities"),
            caption=True,
        )
        markup = parse_reply_markup(params.get("reply_markup"))
        reply_to = self._reply_target(chat_id, params)
        thread = self._thread_target(chat_id, params, reply_to)
        self._check_delivery(chat_id, send=True)
        sent = self._record_message(chat_id, params, formatted, markup, reply_to, "caption", thread)
        sent.document = document
        self._tell(MessageShown(sent, edited=False))
        return self._message_json(sent)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self._message_to_edit(params)
        if sent.document is not None:
            raise bad_request("there is no text in the message to edit")
        raw = params.get("text")
        formatted = format_text(
            "" if raw is None else str(raw),
            params.get("parse_mode"),
            get_json(params, "entities"),
        )
        markup = parse_reply_markup(params.get("reply_markup"))
        self._check_delivery(sent.chat_id, send=False)
        entities = list(formatted.entities)
        if (formatted.text, entities, markup) == (sent.text, sent.entities, sent.reply_markup):
            raise bad_request(_NOT_MODIFIED)
        self._remember_version(sent)
        sent.text, sent.entities, sent.reply_markup = formatted.text, entities, markup
        sent.html = "" if raw is None else str(raw)
        sent.parse_mode = params.get("parse_mode") or None
        sent.disable_preview = _preview_disabled(params)
        self._tell(MessageShown(sent, edited=True))
        return self._message_json(sent)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self._message_to_edit(params)
        markup = parse_reply_markup(params.get("reply_markup"))
        self._check_delivery(sent.chat_id, send=False)
        if markup == sent.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        self._remember_version(sent)
        sent.reply_markup = markup
        self._tell(MessageShown(sent, edited=True))
        return self._message_json(sent)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat_id = self._chat_id(params)
        message_id = get_int(params, "message_id")
        key = (chat_id, message_id or 0)
        sent = self._sent.get(key)
        if sent is not None and not sent.deleted:
            sent.deleted = True
        elif self._incoming.pop(key, None) is None:
            raise bad_request("message to delete not found")
        self._tell(MessageDeleted(chat_id, message_id or 0))
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callback_queries or self._callback_queries[query_id] is not None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = str(params.get("text") or "")
        if len(text) > CALLBACK_ANSWER_MAX_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = params
        self._tell(CallbackAnswered(text, get_bool(params, "show_alert")))
        return True

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        chat_id = self._chat_id(params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._check_delivery(chat_id, send=False)
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None or stored.url is not None:
            raise bad_request("invalid file_id")
        if len(stored.content) > DOWNLOAD_MAX_BYTES:
            raise bad_request("file is too big")
        path = next(p for p, file_id in self._file_paths.items() if file_id == stored.file_id)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": path,
        }

    async def _get_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        return chat_full_info_json(self._chats[self._chat_id(params)])

    async def _get_chat_member(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        user_id = get_int(params, "user_id")
        if user_id is None:
            raise bad_request("user_id is empty")
        return self._member_json(chat_id, user_id)

    async def _get_chat_administrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat_id = self._chat_id(params)
        if self._chats[chat_id]["type"] == "private":
            raise bad_request("there are no administrators in the private chat")
        creator, admins = self._admins.get(chat_id, (None, []))
        ids = ([creator] if creator is not None else []) + [a for a in admins if a != creator]
        return [self._member_json(chat_id, user_id) for user_id in ids]

    # ------------------------------------------------------------- internals

    def _check_delivery(self, chat_id: int, *, send: bool) -> None:
        """Refusals after validation: a bot blocked or kicked, a channel it may not post in."""
        if chat_id in self._forbidden:
            raise BotApiError(403, self._forbidden[chat_id])
        if self._chats.get(chat_id, {}).get("type") == "channel":
            status = self._bot_status.get(chat_id, "left")
            if status in ("left", "kicked"):
                raise BotApiError(403, "Forbidden: bot is not a member of the channel chat")
            if status != "administrator" or not self._bot_can_post.get(chat_id, False):
                raise bad_request("need administrator rights in the channel chat")

    def _tell(self, event: Event) -> None:
        self._bump()
        if self._listener is not None:
            self._listener(event)

    def _bump(self) -> None:
        """Wake everyone waiting in `changed` to look again."""
        self._changed.set()
        self._changed = asyncio.Event()

    def _enqueue(self, kind: str, payload: dict[str, Any]) -> int:
        return self._updates.put(kind, payload)

    def _enqueue_member_change(self, chat_id: int, by_user_id: int, old: str, new: str) -> int:
        chat = self._chats.get(chat_id) or self._ensure_chat(chat_id, "private", None, "")
        bot = self._bot_user()
        return self._enqueue(
            "my_chat_member",
            {
                "chat": chat,
                "from": self._user(by_user_id),
                "date": int(time.time()),
                "old_chat_member": chat_member_json(bot, old),
                "new_chat_member": chat_member_json(bot, new),
            },
        )

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    def _user(self, user_id: int) -> dict[str, Any]:
        if user_id not in self._users:
            self._users[user_id] = user_json(user_id, "Test")
            self._users[user_id]["language_code"] = self.user_languages.get(user_id, "en")
        return self._users[user_id]

    def _introduce(self, user_id: int, first_name: str, username: str | None) -> dict[str, Any]:
        """The user as they now call themselves; their private chat follows the new names."""
        known = self._users.get(user_id, {})
        user = user_json(user_id, first_name, username=username or known.get("username"))
        user["language_code"] = self.user_languages.get(user_id, "en")
        self._users[user_id] = user
        if user_id in self._chats:
            self._chats[user_id] = chat_json(user_id, "private", user=user)
        return user

    def _default_user(self, chat_id: int, chat_type: str) -> int:
        return chat_id if chat_type == "private" else GROUP_USER_ID

    def _ensure_chat(
        self, chat_id: int, chat_type: str, user: dict[str, Any] | None, title: str
    ) -> dict[str, Any]:
        if chat_id not in self._chats:
            if (chat_type == "private") != (chat_id > 0):
                raise ValueError(f"chat {chat_id}: private chats have positive ids, groups not")
            self._chats[chat_id] = chat_json(chat_id, chat_type, title=title, user=user)
        return self._chats[chat_id]

    def _incoming_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str,
        first_name: str,
        username: str | None,
    ) -> dict[str, Any]:
        sender = user_id if user_id is not None else self._default_user(chat_id, chat_type)
        user = self._introduce(sender, first_name, username)
        chat = self._ensure_chat(chat_id, chat_type, user, "")
        self._members.setdefault(chat_id, set()).add(sender)
        if chat["type"] == "private" and self._forbidden.pop(chat_id, None):
            # A user who writes to the bot has unblocked it, and Telegram says so.
            self._enqueue_member_change(chat_id, sender, "kicked", "member")
        message_id = self._new_message_id(chat_id)
        message = {"message_id": message_id, "from": user, "chat": chat, "date": int(time.time())}
        self._incoming[(chat_id, message_id)] = message
        return message

    def _new_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def _store_file(self, filename: str | None, mime: str | None, content: bytes) -> SentFile:
        number = next(self._ids)
        stored = SentFile(
            file_id=f"BQACAgIAAxkBAAI{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            filename=filename,
            mime_type=mime,
            content=content,
        )
        self._files[stored.file_id] = stored
        extension = (filename or "").rpartition(".")[2] if "." in (filename or "") else "bin"
        self._file_paths[f"documents/file_{number}.{extension[:10]}"] = stored.file_id
        return stored

    def _document_param(self, params: dict[str, Any]) -> SentFile:
        document = params.get("document")
        if isinstance(document, str) and document.startswith("attach://"):
            document = params.get(document[len("attach://") :])
        if isinstance(document, Upload):
            return self._store_file(document.filename, document.content_type, document.content)
        if not isinstance(document, str) or not document:
            raise bad_request("there is no document in the request")
        if document in self._files:
            return self._files[document]
        if document.startswith(("http://", "https://")):
            number = next(self._ids)
            return SentFile(
                f"BQACAgIAAxkBAAU{number:08d}", f"AgAU{number:06d}", None, None, b"", url=document
            )
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _chat_id(self, params: dict[str, Any]) -> int:
        """Resolve chat_id like Telegram: unknown groups are "chat not found", migrated ones 400."""
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        text = str(raw).strip()
        if text.startswith("@"):
            for chat in self._chats.values():
                if chat.get("username", "").lower() == text[1:].lower():
                    return int(chat["id"])
            raise bad_request("chat not found")
        try:
            chat_id = int(text)
        except ValueError as exc:
            raise bad_request("chat not found") from exc
        if chat_id in self._migrated:
            raise BotApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        if chat_id not in self._chats:
            if chat_id <= 0 or not self.open_private_chats:
                raise bad_request("chat not found")
            # A private chat never introduced: as if that user had started the bot.
            self._ensure_chat(chat_id, "private", self._user(chat_id), "")
        return chat_id

    def _reply_target(self, chat_id: int, params: dict[str, Any]) -> int | None:
        reply = get_json(params, "reply_parameters") or {}
        if not isinstance(reply, dict):
            raise bad_request("can't parse reply parameters JSON object")
        message_id = reply.get("message_id") or get_int(params, "reply_to_message_id")
        if not message_id:
            return None
        message_id = int(message_id)
        key = (chat_id, message_id)
        exists = key in self._incoming or (key in self._sent and not self._sent[key].deleted)
        if exists:
            return message_id
        if reply.get("allow_sending_without_reply") or get_bool(
            params, "allow_sending_without_reply"
        ):
            return None
        raise bad_request("message to be replied not found")

    def _thread_target(
        self, chat_id: int, params: dict[str, Any], reply_to: int | None
    ) -> int | None:
        """The forum topic a send goes to: the one named, else the replied-to message's."""
        thread = get_int(params, "message_thread_id")
        if thread:
            if thread not in self._threads.get(chat_id, {}):
                raise bad_request("message thread not found")
            return thread
        if reply_to is None:
            return None
        key = (chat_id, reply_to)
        if key in self._sent:
            return self._sent[key].message_thread_id
        replied = self._incoming.get(key, {})
        return replied.get("message_thread_id") if replied.get("is_topic_message") else None

    def _put_in_thread(self, message: dict[str, Any], thread_id: int) -> None:
        created = self._threads.get(message["chat"]["id"], {}).get(thread_id)
        if created is None:
            raise ValueError(f"no forum topic {thread_id} in chat {message['chat']['id']}")
        message.update(message_thread_id=thread_id, is_topic_message=True, reply_to_message=created)

    def _record_message(
        self,
        chat_id: int,
        params: dict[str, Any],
        formatted: FormattedText,
        markup: dict[str, Any] | None,
        reply_to: int | None,
        text_param: str,
        thread: int | None = None,
    ) -> SentMessage:
        raw = params.get(text_param)
        sent = SentMessage(
            chat_id=chat_id,
            message_id=self._new_message_id(chat_id),
            text=formatted.text,
            html="" if raw is None else str(raw),
            parse_mode=params.get("parse_mode") or None,
            reply_markup=markup,
            reply_to_message_id=reply_to,
            disable_preview=_preview_disabled(params),
            entities=list(formatted.entities),
            date=int(time.time()),
            message_thread_id=thread,
        )
        self.messages.append(sent)
        self._sent[(chat_id, sent.message_id)] = sent
        return sent

    def _message_to_edit(self, params: dict[str, Any]) -> SentMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat_id = self._chat_id(params)
        message_id = get_int(params, "message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        sent = self._sent.get((chat_id, message_id))
        if sent is None or sent.deleted:
            if (chat_id, message_id) in self._incoming:
                raise bad_request("message can't be edited")
            raise bad_request("message to edit not found")
        return sent

    def _remember_version(self, sent: SentMessage) -> None:
        sent.edits.append(MessageVersion(sent.text, sent.html, sent.entities, sent.reply_markup))
        sent.edited = True

    def _message_json(self, sent: SentMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "from": self._bot_user(),
            "chat": self._chats[sent.chat_id],
            "date": sent.date,
        }
        kind = "caption" if sent.document is not None else "text"
        if sent.document is not None:
            message["document"] = sent.document.as_document()
        if sent.text or kind == "text":
            message[kind] = sent.text
        if sent.entities:
            message[f"{kind}_entities" if kind == "caption" else "entities"] = sent.entities
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        if sent.edited:
            message["edit_date"] = int(time.time())
        if sent.disable_preview and kind == "text":
            message["link_preview_options"] = {"is_disabled": True}
        if sent.message_thread_id is not None:
            message.update(message_thread_id=sent.message_thread_id, is_topic_message=True)
        if sent.reply_to_message_id is not None:
            key = (sent.chat_id, sent.reply_to_message_id)
            if key in self._incoming:
                message["reply_to_message"] = self._incoming[key]
            elif key in self._sent:
                message["reply_to_message"] = self._message_json(self._sent[key])
        return message

    def _member_json(self, chat_id: int, user_id: int) -> dict[str, Any]:
        creator, admins = self._admins.get(chat_id, (None, []))
        if user_id == self.bot_id:
            user = self._bot_user()
            status = self._bot_status.get(chat_id, "member")
        else:
            user = self._user(user_id)
            status = "member" if user_id in self._members.get(chat_id, set()) else "left"
        if user_id == creator:
            status = "creator"
        elif user_id in admins:
            status = "administrator"
        member = chat_member_json(user, status)
        if status == "administrator" and self._chats.get(chat_id, {}).get("type") == "channel":
            can_post = (
                self._bot_can_post.get(chat_id, False)
                if user_id == self.bot_id
                else user_id not in self._cannot_post.get(chat_id, set())
            )
            member.update(channel_admin_rights(can_post))
        return member


def _preview_disabled(params: dict[str, Any]) -> bool:
    options = get_json(params, "link_preview_options")
    if isinstance(options, dict) and options.get("is_disabled"):
        return True
    return get_bool(params, "disable_web_page_preview")
