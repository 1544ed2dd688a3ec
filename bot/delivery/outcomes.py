"""What a failed send means for the message: Telegram's refusals turned into decisions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)


class Verdict(Enum):
    RATE_LIMITED = "rate_limited"  # 429: wait retry_after, then send again
    UNREACHABLE = "unreachable"  # 403 or chat gone: stop sending to the chat
    MOVED = "moved"  # the group became a supergroup: move the chat, send again
    REFUSED = "refused"  # 400: sending again can't help; recorded
    RETRY = "retry"  # network error or 5xx: try again later, a bounded number of times
    UNCONFIRMED = "unconfirmed"  # the request left and no answer came: don't risk a duplicate


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    error: str
    retry_after: float = 0.0
    new_chat_id: int | None = None


_GONE = ("chat not found", "user not found", "peer_id_invalid", "bot was kicked")


def retry_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait, in seconds."""
    wait = exc.retry_after  # a timedelta (bot/__init__.py opts in), or PTB's older int
    seconds = wait.total_seconds() if hasattr(wait, "total_seconds") else float(wait)
    return max(seconds, 0.0)


def classify(exc: BaseException) -> Outcome:
    """The decision for an exception raised by a Bot API send."""
    error = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, RetryAfter):
        return Outcome(Verdict.RATE_LIMITED, error, retry_after=retry_seconds(exc))
    if isinstance(exc, Forbidden):
        return Outcome(Verdict.UNREACHABLE, error)
    if isinstance(exc, ChatMigrated):
        return Outcome(Verdict.MOVED, error, new_chat_id=int(exc.new_chat_id))
    if isinstance(exc, BadRequest):  # before NetworkError: BadRequest subclasses it
        if any(sign in str(exc).lower() for sign in _GONE):
            return Outcome(Verdict.UNREACHABLE, error)
        return Outcome(Verdict.REFUSED, error)
    if isinstance(exc, TimedOut) and isinstance(exc.__cause__, httpx.ReadTimeout):
        # Written and waited for: Telegram most likely has it. Connect and pool timeouts
        # (the request never left) are retried like any network error.
        return Outcome(Verdict.UNCONFIRMED, error)
    if isinstance(exc, NetworkError):
        return Outcome(Verdict.RETRY, error)
    return Outcome(Verdict.RETRY, error)  # an unexpected error: bounded retries, then recorded
