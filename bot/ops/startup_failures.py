"""What went wrong when the bot could not start (or stopped on an error), in one line an
operator can act on: which setting, and what to do. Never a traceback: tracebacks carry
secrets (PTB's InvalidToken text holds the whole token) and bury the one fact that matters.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from sqlalchemy import exc as sql_errors
from telegram import error as tg_errors

from bot.settings import Settings

CONFIGURATION = 2  # exit status: fix a setting, restarting will not help
FAILURE = 1  # exit status: may pass (network, database down); a supervisor may restart


@dataclass(frozen=True)
class Failure:
    line: str
    status: int


def explain(exc: BaseException, settings: Settings) -> Failure:
    """The one line and the exit status for `exc`, raised while starting or running."""
    api = settings.telegram_api_url
    if isinstance(exc, tg_errors.InvalidToken):
        if "not found" in _causes(exc).lower():
            return Failure(
                f"the Bot API at {api} does not know this bot (HTTP 404): check "
                "TELEGRAM_API_URL (normally https://api.telegram.org/bot) and TELEGRAM_BOT_TOKEN",
                CONFIGURATION,
            )
        return Failure(
            "Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped): copy the current token "
            "from @BotFather (/mybots → API Token) into TELEGRAM_BOT_TOKEN",
            CONFIGURATION,
        )
    if isinstance(exc, tg_errors.NetworkError):
        return Failure(
            f"cannot reach the Telegram Bot API at {api} ({_first_line(exc)}): check "
            "TELEGRAM_API_URL and this machine's network",
            FAILURE,
        )
    if isinstance(exc, OSError) and exc.errno in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
        return Failure(
            f"cannot listen on {settings.reader_listen} ({exc.strerror}): set "
            "NEWSBRIEF_READER_LISTEN to a free host:port of this machine",
            CONFIGURATION,
        )
    if isinstance(exc, sql_errors.ArgumentError | sql_errors.NoSuchModuleError):
        return Failure(
            f"DATABASE_URL is not a database address ({_first_line(exc)}): use "
            "sqlite:///newsbrief.db or postgresql+psycopg://user:password@host/dbname",
            CONFIGURATION,
        )
    if isinstance(exc, sql_errors.OperationalError):
        return Failure(
            f"cannot open the database at DATABASE_URL ({_first_line(exc.orig or exc)}): "
            "check that it runs and that the address and credentials are right",
            FAILURE,
        )
    return Failure(
        f"stopped by an unexpected error ({type(exc).__name__}: {_first_line(exc)}); "
        "run with NEWSBRIEF_LOG_LEVEL=DEBUG to log its traceback",
        FAILURE,
    )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def _causes(exc: BaseException) -> str:
    seen: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 10:
        seen.append(str(current))
        current = current.__cause__ or current.__context__
    return " | ".join(seen)
