"""Telegram's pace: how far apart messages to one chat go, and how long to wait after failures."""

from __future__ import annotations

from datetime import timedelta

PRIVATE_GAP = timedelta(seconds=1)  # about one message a second to a private chat
GROUP_GAP = timedelta(seconds=3)  # 20 a minute to a group or channel
MAX_BACKOFF = timedelta(minutes=5)


def chat_gap(chat_id: int) -> timedelta:
    """Time between two messages to this chat (groups and channels have negative ids)."""
    return GROUP_GAP if chat_id < 0 else PRIVATE_GAP


def backoff(failed_tries: int) -> timedelta:
    """Wait before the next try after `failed_tries` failures: 1 s, 2 s, 4 s … at most 5 min."""
    return min(timedelta(seconds=2 ** max(failed_tries - 1, 0)), MAX_BACKOFF)
