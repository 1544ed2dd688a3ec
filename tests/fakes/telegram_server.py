"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests of the real PTB Application.

Point PTB at it with `.base_url(tg.base_url).base_file_url(tg.base_file_url)`. The Bot API
itself (methods, validation, errors, the message store) is the product's emulator,
bot.botapi.BotApi, served by bot.botapi.BotApiServer; this adds only what a test needs on
top: scripting the chats (`group_event`, `set_admins`, `make_forum`, `create_forum_topic`,
`add_channel`, `user_forwards_channel_post`, `migrate`, `block`), injecting faults
(`rate_limit`, `fail_with`, `flood_limit`), recording requests (`calls`, `errors`,
`send_arrivals`) and waiting for what the bot sends (`wait_for`, `wait_for_edit`).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from bot.botapi import BotApi, BotApiError, BotApiServer, SentMessage
from bot.botapi.emulator import GROUP_USER_ID

_STATUS_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class _RateLimit:
    retry_after: int
    times: int
    chat_id: int | None


class FakeTelegram(BotApi):
    """A Bot API server for one bot: `async with FakeTelegram() as tg:`.

    Injected outages, 429s and flood control apply to sends (sendMessage, sendDocument);
    `block`, kicks and deactivation also refuse edits and chat actions, like Telegram.
    """

    default_token = "123456:TEST-TOKEN"

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_username: str | None = None,
        flood_limit: float | None = None,
    ) -> None:
        token = token or self.default_token
        super().__init__(
            bot_id=int(token.split(":", 1)[0]),
            bot_username=bot_username or "newsbrief_test_bot",
            bot_first_name="NewsBrief",
        )
        self.flood_limit = flood_limit  # messages per second overall, None = unlimited
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors: list[tuple[str, int, str]] = []
        # time.monotonic() of every send that reached the server, refused or not: what
        # Telegram's flood control counts (see busiest_second).
        self.send_arrivals: list[float] = []
        self._failures: deque[int] = deque()
        self._rate_limits: list[_RateLimit] = []
        self._send_times: deque[float] = deque()
        self._cursor: dict[int, int] = {}
        self._edits_seen: dict[tuple[int, int], int] = {}
        self._server = BotApiServer(
            self, token, on_request=self._record_call, on_refusal=self._record_error
        )

    # ----------------------------------------------------------------- lifecycle

    @property
    def token(self) -> str:
        """The one token the server answers; a test may rotate it (as BotFather's revoke does)."""
        return self._server.token

    @token.setter
    def token(self, value: str) -> None:
        self._server.token = value

    @property
    def base_url(self) -> str:
        return self._server.base_url

    @property
    def base_file_url(self) -> str:
        return self._server.base_file_url

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def start(self) -> None:
        """Listen on a random port of 127.0.0.1 in the running event loop."""
        self._changed = asyncio.Event()
        await self._server.start()

    async def close(self) -> None:
        """Answer pending long polls and stop listening."""
        self.end_polls()
        await self._server.stop()

    # ------------------------------------------------------------ playing the user

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
        query_id = super().press(chat_id, message_id, data, user_id=user_id, forged=forged)
        if query_id is None:
            sent = self._sent.get((chat_id, message_id))
            if sent is None or sent.deleted:
                raise AssertionError(f"no bot message {message_id} in chat {chat_id} to press on")
            raise AssertionError(
                f"message {message_id} has no button with callback_data {data!r}; "
                f"buttons: {sent.buttons()}"
            )
        return query_id

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

    # ------------------------------------------------------------ playing the chats

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

    def fail_with(self, status: int, times: int = 1) -> None:
        """The next `times` sends fail with this HTTP status (502/504 as nginx HTML pages)."""
        self._failures.extend([status] * times)

    def _check_delivery(self, chat_id: int, *, send: bool) -> None:
        """Injected outages first, then Telegram's own refusals, then 429s and flood control."""
        if send and self._failures:
            status = self._failures.popleft()
            raise BotApiError(status, _STATUS_REASONS.get(status, "Internal Server Error"))
        super()._check_delivery(chat_id, send=send)
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

    # ------------------------------------------------------------ observing the bot

    def busiest_second(self) -> int:
        """The most sends that arrived within any sliding second (refused ones included)."""
        return busiest_window(self.send_arrivals)

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
            sent = self.messages_to(chat_id)
            start = self._cursor.get(chat_id, 0)
            matched: list[SentMessage] = []
            for index in range(start, len(sent)):
                if predicate is None or predicate(sent[index]):
                    matched.append(sent[index])
                    if len(matched) == count:
                        self._cursor[chat_id] = index + 1
                        return matched
            if not await self.changed(deadline):
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
            sent = self._sent.get(key)
            if sent is not None and len(sent.edits) > self._edits_seen.get(key, 0):
                self._edits_seen[key] = len(sent.edits)
                return sent
            if not await self.changed(deadline):
                state = "unknown" if sent is None else f"{sent.text!r}, {len(sent.edits)} edits"
                raise AssertionError(
                    f"no edit of message {message_id} in chat {chat_id} within {timeout}s "
                    f"(message: {state}); errors: {self.errors[-5:]}"
                )

    # ------------------------------------------------------------- internals

    def _record_call(self, name: str, params: dict[str, Any]) -> None:
        self.calls.append((name, params))

    def _record_error(self, name: str, error: BotApiError) -> None:
        self.errors.append((name, error.code, error.description))
        self._bump()

    def _incoming_message(
        self,
        chat_id: int,
        user_id: int | None,
        chat_type: str,
        first_name: str,
        username: str | None,
    ) -> dict[str, Any]:
        message = super()._incoming_message(chat_id, user_id, chat_type, first_name, username)
        self._cursor[chat_id] = len(self.messages_to(chat_id))  # wait_for: only what follows
        return message

    def _describe_wait(self, chat_id: int, start: int, count: int, matched: int) -> str:
        sent = self.messages_to(chat_id)[start:]
        shown = "\n".join(f"  #{m.message_id}: {m.text[:300]!r}" for m in sent) or "  (nothing)"
        return (
            f"expected {count} new matching message(s) to chat {chat_id}, got {matched}.\n"
            f"New messages to that chat:\n{shown}\nRecent errors: {self.errors[-5:]}"
        )


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
