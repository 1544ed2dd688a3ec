"""Bot API objects (users, chats, members, incoming entities) shaped so PTB parses them."""

from __future__ import annotations

import re
from typing import Any

from bot.botapi.text import utf16_length

# TDLib's bot command pattern: /cmd or /cmd@bot_name, not glued to a word, '/', '<' or '>'.
_BOT_COMMAND = re.compile(
    r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>])", re.UNICODE
)
_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_URL_TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def user_json(user_id: int, first_name: str, *, username: str | None = None) -> dict[str, Any]:
    """A human User as Telegram sends it in updates."""
    user: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "en",
    }
    if username:
        user["username"] = username
    return user


def chat_json(chat_id: int, chat_type: str, *, title: str = "", user: dict | None = None) -> dict:
    """A Chat: private chats carry the user's names, groups a title."""
    if chat_type == "private":
        chat: dict[str, Any] = {"id": chat_id, "type": "private"}
        chat["first_name"] = (user or {}).get("first_name", "Test")
        if user and user.get("username"):
            chat["username"] = user["username"]
        return chat
    return {"id": chat_id, "type": chat_type, "title": title or f"Test group {abs(chat_id)}"}


def channel_admin_rights(can_post: bool) -> dict[str, Any]:
    """The rights only a channel's administrators have."""
    return {"can_post_messages": can_post, "can_edit_messages": can_post}


def chat_full_info_json(chat: dict[str, Any]) -> dict[str, Any]:
    """getChat's ChatFullInfo: the chat plus the fields PTB requires."""
    return {
        **chat,
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


def chat_member_json(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember of the given status (creator, administrator, member, left, kicked)."""
    member: dict[str, Any] = {"user": user, "status": status}
    if status == "creator":
        member["is_anonymous"] = False
    elif status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
        )
    elif status == "kicked":
        member["until_date"] = 0
    return member


def incoming_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram attaches to a user's plain text: bot commands and bare URLs."""
    found: list[tuple[int, int, str]] = []
    for match in _BOT_COMMAND.finditer(text):
        found.append((match.start(), match.end(), "bot_command"))
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING_PUNCTUATION:
            end -= 1
        found.append((match.start(), end, "url"))
    found.sort()
    return [
        {
            "type": kind,
            "offset": utf16_length(text[:start]),
            "length": utf16_length(text[start:end]),
        }
        for start, end, kind in found
    ]
