"""Channels managed from a private chat: connect one, switch which chat you manage, disconnect.

A channel can't talk to the bot, so its administrators manage it from their private chats:
`/connect @channel` checks with Telegram that the bot may post there and that the user is one
of its administrators who may post there too, then links the two. While a user manages a
channel, the topic and settings commands in their private chat change the channel; the channel
receives the digests.
Rights are checked again when a link is used after a while, so a demoted admin loses it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.briefings import Message
from bot.briefings.render import clean_text
from bot.clock import Clock
from bot.i18n import _
from bot.usecases.chats import Chats
from storage import Chat, Database
from storage import channel_links as links

log = logging.getLogger(__name__)
MAX_CHANNELS_PER_USER = 20
RECHECK = timedelta(minutes=10)  # how long a confirmed admin right is trusted
MAX_REF_CHARS = 200
OWN_CHAT_WORDS = ("me", "myself", "mine", "here", "my chat", "own", "my own chat")
_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t|telegram)\.me/(?P<rest>[^\s?#]+)(?:[?#]\S*)?", re.IGNORECASE
)
_ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


class ChannelError(ValueError):
    """Why a channel can't be connected or managed; the text is meant for the user."""


class ChannelLost(ChannelError):
    """The link was used and no longer holds (rights gone, bot removed): it was removed."""


@dataclass(frozen=True)
class Connected:
    """One of a user's channels, and whether their commands change it now."""

    chat: Chat
    managing: bool


def channel_ref(text: str) -> str | int | None:
    """What to ask Telegram for: "@name" from @name, name or a t.me link; an int from an id or
    a t.me/c/ post link; None when the text names no channel."""
    text = (text or "").strip()[:MAX_REF_CHARS]
    if link := _LINK.fullmatch(text):
        parts = link["rest"].strip("/").split("/")
        if parts[0] == "c" and len(parts) >= 2 and parts[1].isdigit():
            return int(f"-100{parts[1]}")  # a private channel's post link: t.me/c/<id>/<post>
        text = parts[0]
    if re.fullmatch(r"-?\d{1,20}", text):
        number = int(text)
        return number if number < 0 else int(f"-100{number}")  # ids are shown without -100
    name = text.removeprefix("@")
    return f"@{name}" if _USERNAME.fullmatch(name) else None


def broadcast_form(message: Message) -> Message:
    """The message as a channel gets it: its links, and no buttons that would act for
    everyone who reads the channel (a press would come from any subscriber)."""
    rows = [[b for b in row if b.url] for row in message.buttons]
    return Message(message.html, [row for row in rows if row], message.article_ids)


def title_of(chat: Chat) -> str:
    """The channel's name as the bot may show it (untrusted text, bounded)."""
    return clean_text(chat.title, 60) or f"channel {chat.id}"


def channel_name(chat: Chat) -> str | None:
    """The channel's name when a command acts on a channel; None for any other chat."""
    return title_of(chat) if chat.kind == ChatType.CHANNEL else None


async def _rights_problem(bot: Bot, channel_id: int, user_id: int, name: str) -> str | None:
    """What stops the user managing the channel through the bot, or None."""
    try:
        me = await bot.get_chat_member(channel_id, bot.id)
        member = await bot.get_chat_member(channel_id, user_id)
    except (BadRequest, Forbidden):
        return _("I'm not in “{name}” any more — add me as an administrator who can post.").format(
            name=name
        )
    if me.status not in _ADMINS:
        return _(
            "I'm not an administrator of “{name}” yet. Add me as an admin with the right to "
            "post messages, then try again."
        ).format(name=name)
    if not getattr(me, "can_post_messages", False):
        return _(
            "I'm an administrator of “{name}” but may not post messages there. Give me the "
            "“Post messages” right, then try again."
        ).format(name=name)
    if member.status not in _ADMINS:
        return _(
            "Only administrators of “{name}” can manage it from here, and you aren't one."
        ).format(name=name)
    # Through the bot they choose what is posted: only an admin who may post themselves.
    if member.status != ChatMemberStatus.OWNER and not getattr(member, "can_post_messages", False):
        return _(
            "You're an administrator of “{name}” without the right to post messages there, "
            "so you can't choose what I post. Ask its owner for the “Post messages” right."
        ).format(name=name)
    return None


class Channels:
    """Connecting channels to the people who manage them, and which one each manages now."""

    def __init__(self, db: Database, clock: Clock, chats: Chats) -> None:
        self.db = db
        self.clock = clock
        self.chats = chats

    async def connect(self, bot: Bot, user_id: int, text: str) -> Chat:
        """Link the channel `text` names to the user and manage it from now on.

        Raises ChannelError (with advice) unless it is a channel, the bot is an administrator
        allowed to post there and the user is one of its administrators.
        """
        ref = channel_ref(text)
        if ref is None:
            raise ChannelError(
                _(
                    "That doesn't look like a channel. Send its @username (for example "
                    "/connect @mychannel), its t.me link or its id — or forward me one of its "
                    "posts."
                )
            )
        try:
            found = await bot.get_chat(ref)
        except (BadRequest, Forbidden) as exc:
            raise ChannelError(
                _(
                    "I can't see that channel. Add me to it as an administrator with the right to "
                    "post messages (channel info → Administrators → Add admin), then try again."
                )
            ) from exc
        name = clean_text(found.title, 60) or str(found.id)
        if found.type != ChatType.CHANNEL:
            raise ChannelError(
                _(
                    "“{name}” is a group, not a channel. In a group, talk to me there: its admins "
                    "can /subscribe and change /settings in the group itself."
                ).format(name=name)
            )
        problem = await _rights_problem(bot, found.id, user_id, name)
        if problem:
            raise ChannelError(problem)
        mine = await self.db.run(links.links_of, user_id)
        if len(mine) >= MAX_CHANNELS_PER_USER and found.id not in {c.id for _, c in mine}:
            raise ChannelError(
                _(
                    "You have connected {n} channels, the most I keep for one person. "
                    "/disconnect one first."
                ).format(n=len(mine))
            )
        chat = await self.chats.ensure_chat(found.id, ChatType.CHANNEL, found.title)
        await self.db.run(links.link_channel, user_id, chat.id, self.clock.now())
        return chat

    async def manage(self, bot: Bot, user_id: int, text: str) -> Chat | None:
        """Switch what the user's commands change: a connected channel (connected first if it
        isn't yet), or their own chat for "me" (returns None). Raises ChannelError."""
        if " ".join(text.lower().split()) in OWN_CHAT_WORDS:
            await self.db.run(links.set_managing, user_id, None)
            return None
        found = await self.find_connected(bot, user_id, text)
        if found is not None:
            return await self.manage_id(user_id, found.chat.id)
        return await self.connect(bot, user_id, text)

    async def find_connected(self, bot: Bot, user_id: int, text: str) -> Connected | None:
        """The user's connected channel that `text` names: by title, @username, link or id."""
        mine = await self.channels_of(user_id)
        wanted = " ".join(text.lower().split())
        by_title = [c for c in mine if " ".join((c.chat.title or "").lower().split()) == wanted]
        if len(by_title) == 1:
            return by_title[0]
        ref = channel_ref(text)
        if isinstance(ref, str) and mine:
            try:
                ref = (await bot.get_chat(ref)).id
            except (BadRequest, Forbidden):
                return None
        return next((c for c in mine if c.chat.id == ref), None)

    async def manage_id(self, user_id: int, channel_id: int | None) -> Chat | None:
        """Manage this connected channel (None: the user's own chat); raises ChannelError when the
        channel isn't connected to the user."""
        link = await self.db.run(links.set_managing, user_id, channel_id)
        if channel_id is None:
            return None
        if link is None:
            raise ChannelError(_("That channel isn't connected any more. /connect it again."))
        found = await self.db.run(links.managed_link, user_id)
        assert found is not None
        return found[1]

    async def disconnect(self, user_id: int, channel_id: int) -> bool:
        """Forget the user's link to the channel (its topics and digests stay); False if none."""
        return await self.db.run(links.unlink_channel, user_id, channel_id)

    async def channels_of(self, user_id: int) -> list[Connected]:
        """The user's connected channels, oldest first."""
        rows = await self.db.run(links.links_of, user_id)
        return [Connected(chat, link.managing) for link, chat in rows]

    async def managed_channel(self, bot: Bot, user_id: int) -> Chat | None:
        """The channel the user's private-chat commands change now, or None (their own chat).

        A link not confirmed for RECHECK is checked with Telegram first; when the user is no
        longer an admin, or the bot can no longer post, the link is removed and ChannelLost
        raised. When Telegram can't be reached, the link is trusted as it was.
        """
        found = await self.db.run(links.managed_link, user_id)
        if found is None:
            return None
        link, chat = found
        name = title_of(chat)
        problem = None
        if not chat.active:
            problem = _("I'm no longer in “{name}”.").format(name=name)
        elif self.clock.now() - link.checked_at >= RECHECK:
            try:
                problem = await _rights_problem(bot, chat.id, user_id, name)
            except NetworkError as exc:  # BadRequest and Forbidden are answered inside
                log.warning(
                    "channel %s: could not check rights (%s); trusting the link", chat.id, exc
                )
                return chat
            if problem is None:
                await self.db.run(links.note_checked, user_id, chat.id, self.clock.now())
        if problem is None:
            return chat
        await self.db.run(links.unlink_channel, user_id, chat.id)
        raise ChannelLost(
            problem
            + " "
            + _("I've disconnected it, so your commands here change your own chat again.")
        )
