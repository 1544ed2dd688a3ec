"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real PTB Application.

Point PTB at it with `.base_url(tg.base_url).base_file_url(tg.base_file_url)`. It validates
like Telegram (HTML parsing, lengths, buttons, commands), answers with Telegram's errors, and
lets a test play the user (`user_says`, `press`, `user_sends_document`,
`user_forwards_channel_post`), the chats (`group_event`, `set_admins`, `make_forum`,
`create_forum_topic`, `add_channel`) and the network (`block`, `rate_limit`, `migrate`,
`fail_with`, `flood_limit`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import mimetypes
import socket
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .api_error import BotApiError, bad_request
from .bot_commands import scope_key, validate_commands
from .request_params import MAX_UPLOAD_BYTES, Upload, get_bool, get_float, get_int, get_json
from .request_params import read_params as _read_params
from .sent_messages import MessageVersion, SentFile, SentMessage
from .telegram_markup import parse_reply_markup
from .telegram_objects import (
    channel_admin_rights,
    chat_full_info_json,
    chat_json,
    chat_member_json,
    incoming_entities,
    user_json,
)
from .telegram_text import FormattedText, format_text
from .update_queue import UpdateQueue

DOWNLOAD_MAX_BYTES = 20 * 2**20  # bots can download files up to 20 MB
CALLBACK_ANSWER_MAX_LENGTH = 200
GROUP_USER_ID = 4242  # who speaks in a group when the test does not say
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
_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} "
    "{reason}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)
_STATUS_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


@dataclass
class _RateLimit:
    retry_after: int
    times: int
    chat_id: int | None


class FakeTelegram:
    """A Bot API server for one bot: `async with FakeTelegram() as tg:`.

    Injected outages, 429s and flood control apply to sends (sendMessage, sendDocument);
    `block`, kicks and deactivation also refuse edits and chat actions, like Telegram.
    """

    token: str = "123456:TEST-TOKEN"
    bot_username: str = "newsbrief_test_bot"
    bot_first_name: str = "NewsBrief"

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_username: str | None = None,
        flood_limit: float | None = None,
    ) -> None:
        if token is not None:
            self.token = token
        if bot_username is not None:
            self.bot_username = bot_username
        self.flood_limit = flood_limit  # messages per second overall, None = unlimited
        self.base_url = ""
        self.base_file_url = ""
        self.messages: list[SentMessage] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[tuple[str, int, str]] = []
        # time.monotonic() of every send that reached the server, refused or not: what
        # Telegram's flood control counts (see busiest_second).
        self.send_arrivals: list[float] = []
        self.commands: list[dict[str, Any]] | None = None
        self.webhook: dict[str, Any] = {}
        self.menu_button: dict[str, Any] | None = None

        self._ids = itertools.count(1)
        self._updates = UpdateQueue()
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
        self._failures: deque[int] = deque()
        self._rate_limits: list[_RateLimit] = []
        self._send_times: deque[float] = deque()
        self._cursor: dict[int, int] = {}
        self._edits_seen: dict[tuple[int, int], int] = {}
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
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

    # ----------------------------------------------------------------- lifecycle

    @property
    def bot_id(self) -> int:
        return int(self.token.split(":", 1)[0])

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Listen on a random port of 127.0.0.1 in the running event loop."""
        self._changed = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        # Cancel a handler when its client goes away, so an abandoned long poll ends at once.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self.base_url = f"http://127.0.0.1:{port}/bot"
        self.base_file_url = f"http://127.0.0.1:{port}/file/bot"

    async def close(self) -> None:
        """Answer pending long polls and stop listening."""
        self._updates.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ------------------------------------------------------------ playing the user

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
        """Inject a text message from a user (with bot_command/url entities); return update_id.

        `message_thread_id` sends it inside that forum topic (see `create_forum_topic`).
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
        """Inject a message with a document; getFile and the file URL serve its bytes."""
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
    ) -> str:
        """Press the inline button with this callback_data; return the callback query id.

        Raises AssertionError if no such button is on that bot message: users cannot press it
        — unless `forged`, as a modified client can send any data under any bot message.
        """
        sent = self._sent.get((chat_id, message_id))
        if sent is None or sent.deleted:
            raise AssertionError(f"no bot message {message_id} in chat {chat_id} to press on")
        if not forged and data not in [callback for _, callback, _ in sent.buttons()]:
            raise AssertionError(
                f"message {message_id} has no button with callback_data {data!r}; "
                f"buttons: {sent.buttons()}"
            )
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

    def group_event(
        self,
        chat_id: int,
        event: str = "added",
        *,
        by_user_id: int = GROUP_USER_ID,
        title: str | None = None,
        chat_type: str | None = None,
    ) -> int:
        """The bot is "added" to, "removed" from or "promoted" in a group (or a channel, with
        chat_type="channel": promoted means allowed to post); return the update_id.

        Sends my_chat_member like Telegram (plus new_chat_members when added).
        """
        kind = chat_type or ("supergroup" if chat_id <= -(10**12) else "group")
        chat = self._ensure_chat(chat_id, kind, self._user(by_user_id), title or "")
        if title:
            chat["title"] = title
        self._members.setdefault(chat_id, set()).add(by_user_id)
        old = self._bot_status.get(chat_id, "left")
        new = {"added": "member", "promoted": "administrator"}.get(event)
        if event == "removed":
            new = "kicked" if chat["type"] == "supergroup" else "left"
        if new is None:
            raise ValueError(f"unknown group event {event!r}")
        self._bot_status[chat_id] = new
        if chat["type"] == "channel":
            self._bot_can_post[chat_id] = new == "administrator"  # promoted with "Post messages"
        if new in ("member", "administrator"):
            self._forbidden.pop(chat_id, None)
        else:
            self._forbidden[chat_id] = f"Forbidden: bot was kicked from the {chat['type']} chat"
        update_id = self._enqueue_member_change(chat_id, by_user_id, old, new)
        if event == "added":
            message = self._incoming_message(chat_id, by_user_id, chat["type"], "Test", None)
            message["new_chat_members"] = [self._bot_user()]
            update_id = self._enqueue("message", message)
        return update_id

    def set_admins(self, chat_id: int, user_ids: list[int], *, creator: int | None = None) -> None:
        """Make these users (and the bot, if its id is listed) administrators of a group."""
        self._admins[chat_id] = (creator, list(user_ids))
        if self.bot_id in user_ids:
            self._bot_status[chat_id] = "administrator"

    def make_forum(self, chat_id: int, *, title: str = "") -> None:
        """The supergroup has topics turned on (`is_forum`); its General topic has no thread id."""
        chat = self._ensure_chat(chat_id, "supergroup", None, title)
        if chat["type"] != "supergroup":
            raise ValueError("only supergroups can be forums")
        chat["is_forum"] = True
        if title:
            chat["title"] = title
        self._threads.setdefault(chat_id, {})

    def create_forum_topic(
        self, chat_id: int, name: str, *, by_user_id: int = GROUP_USER_ID
    ) -> int:
        """A member opens a forum topic; returns its message_thread_id.

        Like Telegram, the thread id is the id of the "topic created" service message, the bot
        receives that message, and every message in the topic replies to it.
        """
        if not self._chats.get(chat_id, {}).get("is_forum"):
            raise ValueError(f"chat {chat_id} is not a forum (make_forum first)")
        message = self._incoming_message(chat_id, by_user_id, "supergroup", "Test", None)
        thread_id = message["message_id"]
        message.update(
            message_thread_id=thread_id,
            is_topic_message=True,
            forum_topic_created={"name": name[:128], "icon_color": 7322096},
        )
        self._threads[chat_id][thread_id] = message
        self._enqueue("message", message)
        return thread_id

    def rename_forum_topic(
        self, chat_id: int, thread_id: int, name: str, *, by_user_id: int = GROUP_USER_ID
    ) -> int:
        """A member renames the topic: the bot gets a "topic edited" service message in it."""
        message = self._incoming_message(chat_id, by_user_id, "supergroup", "Test", None)
        self._put_in_thread(message, thread_id)
        message["forum_topic_edited"] = {"name": name[:128]}
        self._threads[chat_id][thread_id]["forum_topic_created"]["name"] = name[:128]
        return self._enqueue("message", message)

    def delete_forum_topic(self, chat_id: int, thread_id: int) -> None:
        """An admin deletes the topic: sending into it is refused from now on."""
        self._threads.get(chat_id, {}).pop(thread_id, None)

    def add_channel(
        self,
        chat_id: int,
        *,
        title: str,
        username: str | None = None,
        admins: list[int] | None = None,
        creator: int | None = None,
        bot: str = "poster",
        cannot_post: list[int] | None = None,
    ) -> None:
        """A channel with these administrators. `bot`: "poster" (an admin who may post),
        "admin" (an admin without the right to post), "member" or "left". `cannot_post`: the
        administrators among `admins` who may not post messages."""
        if chat_id >= 0:
            raise ValueError("channels have negative ids")
        chat = self._ensure_chat(chat_id, "channel", None, title)
        chat["title"] = title
        if username:
            chat["username"] = username
        self._admins[chat_id] = (creator, list(admins or []))
        status = {"poster": "administrator", "admin": "administrator"}.get(bot, bot)
        if status not in ("administrator", "member", "left"):
            raise ValueError(f"unknown bot role {bot!r}")
        self._bot_status[chat_id] = status
        self._bot_can_post[chat_id] = bot == "poster"
        self._cannot_post[chat_id] = set(cannot_post or [])

    def user_forwards_channel_post(
        self, chat_id: int, channel_id: int, text: str, *, user_id: int | None = None
    ) -> int:
        """The user forwards a post of the channel to the bot; return update_id."""
        channel = self._chats[channel_id]
        message = self._incoming_message(chat_id, user_id, "private", "Test", None)
        message["text"] = text
        message["forward_origin"] = {
            "type": "channel",
            "chat": channel,
            "message_id": self._new_message_id(channel_id),
            "date": int(time.time()) - 60,
        }
        return self._enqueue("message", message)

    # ------------------------------------------------------- playing the network

    def block(self, chat_id: int, *, notify: bool = True) -> None:
        """The user blocks the bot: sends get 403, and (like Telegram) a my_chat_member update."""
        self._forbidden[chat_id] = "Forbidden: bot was blocked by the user"
        if notify and chat_id > 0:
            self._enqueue_member_change(chat_id, chat_id, "member", "kicked")

    def deactivate(self, chat_id: int) -> None:
        """The user deletes their account: sends get 403 "user is deactivated"."""
        self._forbidden[chat_id] = "Forbidden: user is deactivated"

    def rate_limit(self, retry_after: int, *, times: int = 1, chat_id: int | None = None) -> None:
        """The next `times` sends (to `chat_id`, or any chat) get 429 with this retry_after."""
        self._rate_limits.append(_RateLimit(retry_after, times, chat_id))

    def migrate(self, chat_id: int, new_chat_id: int) -> None:
        """The group becomes a supergroup: calls naming the old id get 400 with the new id."""
        old = self._chats.get(chat_id) or self._ensure_chat(chat_id, "group", None, "")
        self._migrated[chat_id] = new_chat_id
        self._ensure_chat(new_chat_id, "supergroup", None, old.get("title", ""))
        if chat_id in self._admins:
            self._admins[new_chat_id] = self._admins[chat_id]
        self._bot_status[new_chat_id] = self._bot_status.get(chat_id, "member")
        self._members[new_chat_id] = set(self._members.get(chat_id, set()))
        service = self._incoming_message(chat_id, GROUP_USER_ID, "group", "Test", None)
        service["migrate_to_chat_id"] = new_chat_id
        self._enqueue("message", service)
        service = self._incoming_message(new_chat_id, GROUP_USER_ID, "supergroup", "Test", None)
        service["migrate_from_chat_id"] = chat_id
        self._enqueue("message", service)

    def fail_with(self, status: int, times: int = 1) -> None:
        """The next `times` sends fail with this HTTP status (502/504 as nginx HTML pages)."""
        self._failures.extend([status] * times)

    # ------------------------------------------------------------ observing the bot

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Every message the bot sent to this chat, in order."""
        return [message for message in self.messages if message.chat_id == chat_id]

    def busiest_second(self) -> int:
        """The most sends that arrived within any sliding second (refused ones included)."""
        return busiest_window(self.send_arrivals)

    @property
    def documents(self) -> list[SentFile]:
        """Every file the bot sent, in order."""
        return [m.document for m in self.messages if m.document is not None]

    def answered(self, callback_query_id: str) -> dict[str, Any] | None:
        """The answerCallbackQuery parameters for this query, or None if not answered."""
        return self._callback_queries.get(callback_query_id)

    async def wait_for(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - the agreed test API, a deadline not a cancel
    ) -> list[SentMessage]:
        """Wait for `count` new messages to chat_id matching predicate.

        New means sent after the messages the last wait_for consumed or the last user_says
        for that chat. Raises AssertionError listing what was sent when time runs out.
        """
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            changed = self._changed
            sent = self.messages_to(chat_id)
            start = self._cursor.get(chat_id, 0)
            matched: list[SentMessage] = []
            for index in range(start, len(sent)):
                if predicate is None or predicate(sent[index]):
                    matched.append(sent[index])
                    if len(matched) == count:
                        self._cursor[chat_id] = index + 1
                        return matched
            if not await self._wait_changed(changed, deadline):
                raise AssertionError(self._describe_wait(chat_id, start, count, len(matched)))

    async def wait_for_edit(
        self,
        chat_id: int,
        message_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - the agreed test API, a deadline not a cancel
    ) -> SentMessage:
        """Wait until the message has an edit not yet returned by wait_for_edit; return it."""
        key = (chat_id, message_id)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            changed = self._changed
            sent = self._sent.get(key)
            if sent is not None and len(sent.edits) > self._edits_seen.get(key, 0):
                self._edits_seen[key] = len(sent.edits)
                return sent
            if not await self._wait_changed(changed, deadline):
                state = "unknown" if sent is None else f"{sent.text!r}, {len(sent.edits)} edits"
                raise AssertionError(
                    f"no edit of message {message_id} in chat {chat_id} within {timeout}s "
                    f"(message: {state}); errors: {self.errors[-5:]}"
                )

    # ------------------------------------------------------------------- HTTP

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        name, handler = self._methods.get(method.lower(), (method, None))
        if request.match_info["token"] != self.token:
            return self._error_response(name, {}, BotApiError(401, "Unauthorized"))
        try:
            params = await _read_params(request)
        except BotApiError as error:
            return self._error_response(name, {}, error)
        self.calls.append((name, params))
        if handler is None:
            return self._error_response(name, params, BotApiError(404, "Not Found"))
        try:
            result = await handler(params)
        except BotApiError as error:
            if request.transport is None or request.transport.is_closing():
                # The client left (an abandoned long poll): nobody receives this answer.
                raise web.HTTPServiceUnavailable() from error
            return self._error_response(name, params, error)
        return _json_response({"ok": True, "result": result}, 200)

    def _error_response(
        self, name: str, params: dict[str, Any], error: BotApiError
    ) -> web.Response:
        self.errors.append((name, error.code, error.description))
        self._bump()
        if error.code in (502, 504):
            page = _GATEWAY_PAGE.format(code=error.code, reason=error.description)
            return web.Response(status=error.code, text=page, content_type="text/html")
        return _json_response(error.payload(), error.code)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json_response(BotApiError(401, "Unauthorized").payload(), 401)
        file_id = self._file_paths.get(request.match_info["path"])
        if file_id is None:
            return _json_response(BotApiError(404, "Not Found").payload(), 404)
        stored = self._files[file_id]
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # --------------------------------------------------------------- methods

    async def _true(self, params: dict[str, Any]) -> bool:
        return True

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
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
        self._bump()
        return self._message_json(sent)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = self._message_to_edit(params)
        markup = parse_reply_markup(params.get("reply_markup"))
        self._check_delivery(sent.chat_id, send=False)
        if markup == sent.reply_markup:
            raise bad_request(_NOT_MODIFIED)
        self._remember_version(sent)
        sent.reply_markup = markup
        self._bump()
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
        self._bump()
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callback_queries or self._callback_queries[query_id] is not None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        if len(str(params.get("text") or "")) > CALLBACK_ANSWER_MAX_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = params
        self._bump()
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

    def _bump(self) -> None:
        """Wake every wait_for and wait_for_edit to look again."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_changed(self, changed: asyncio.Event, deadline: float) -> bool:
        """Wait for `changed` until the deadline; False once the deadline has passed."""
        remaining = deadline - asyncio.get_running_loop().time()
        if remaining <= 0:
            return False
        try:
            await asyncio.wait_for(changed.wait(), remaining)
        except TimeoutError:
            pass
        return True

    def _describe_wait(self, chat_id: int, start: int, count: int, matched: int) -> str:
        sent = self.messages_to(chat_id)[start:]
        shown = "\n".join(f"  #{m.message_id}: {m.text[:300]!r}" for m in sent) or "  (nothing)"
        return (
            f"expected {count} new matching message(s) to chat {chat_id}, got {matched}.\n"
            f"New messages to that chat:\n{shown}\nRecent errors: {self.errors[-5:]}"
        )

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
        self._cursor[chat_id] = len(self.messages_to(chat_id))
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
            if chat_id <= 0:
                raise bad_request("chat not found")
            # A private chat the test never introduced: as if that user had started the bot.
            self._ensure_chat(chat_id, "private", self._user(chat_id), "")
        return chat_id

    def _check_delivery(self, chat_id: int, *, send: bool) -> None:
        """Server-side refusals, after validation: outage, block, injected 429, flood control."""
        if send and self._failures:
            status = self._failures.popleft()
            raise BotApiError(status, _STATUS_REASONS.get(status, "Internal Server Error"))
        if chat_id in self._forbidden:
            raise BotApiError(403, self._forbidden[chat_id])
        if self._chats.get(chat_id, {}).get("type") == "channel":
            status = self._bot_status.get(chat_id, "left")
            if status in ("left", "kicked"):
                raise BotApiError(403, "Forbidden: bot is not a member of the channel chat")
            if status != "administrator" or not self._bot_can_post.get(chat_id, False):
                raise bad_request("need administrator rights in the channel chat")
        if not send:
            return
        self.send_arrivals.append(time.monotonic())
        for limit in self._rate_limits:
            if limit.times > 0 and limit.chat_id in (None, chat_id):
                limit.times -= 1
                raise _too_many_requests(limit.retry_after)
        if self.flood_limit is not None:
            now = time.monotonic()
            while self._send_times and now - self._send_times[0] >= 1.0:
                self._send_times.popleft()
            if len(self._send_times) >= self.flood_limit:
                raise _too_many_requests(max(1, math.ceil(self._send_times[0] + 1.0 - now)))
            self._send_times.append(now)

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
        self._bump()
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


def busiest_window(times: list[float], seconds: float = 1.0) -> int:
    """The most of `times` within any half-open window [t, t + seconds)."""
    ordered, most, first = sorted(times), 0, 0
    for last, at in enumerate(ordered):
        while at - ordered[first] >= seconds:
            first += 1
        most = max(most, last - first + 1)
    return most


def _too_many_requests(retry_after: int) -> BotApiError:
    return BotApiError(
        429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
    )


def _preview_disabled(params: dict[str, Any]) -> bool:
    options = get_json(params, "link_preview_options")
    if isinstance(options, dict) and options.get("is_disabled"):
        return True
    return get_bool(params, "disable_web_page_preview")


def _json_response(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
    )
