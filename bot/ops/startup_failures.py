"""What went wrong when the bot could not start (or stopped on an error), in one line an
operator can act on: which setting, and what to do. Never a traceback: tracebacks carry
secrets (PTB's InvalidToken text holds the whole token) and bury the one fact that matters.
Telegram or the database out of reach at start-up is no such failure: it is waited for.
"""

from __future__ import annotations

import errno
import logging
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import exc as sql_errors
from telegram import error as tg_errors

from bot.ops.logs import print_failure
from bot.settings import Settings

log = logging.getLogger(__name__)

CONFIGURATION = 2  # exit status: fix a setting, restarting will not help
FAILURE = 1  # exit status: may pass (network, database down); a supervisor may restart


class StartRefused(Exception):
    """`run` must not start; the message is the one line that says why and what to do."""


@dataclass(frozen=True)
class Failure:
    line: str
    status: int
    # Something this process needs cannot be reached (yet): start-up tries again later.
    unreachable: bool = False


FIRST_DELAY = 1.0
MAX_DELAY = 60.0


def keep_trying(start: Callable[[], int], settings: Settings, started: threading.Event) -> int:
    """Run `start` (the whole start-up and the run) and return its status. While Telegram or
    the database cannot be reached, try again after 1, 2, 4 … 60 s, a WARNING line each time,
    for NEWSBRIEF_START_RETRY_SECONDS (unset: for ever, as a supervised service should);
    anything else ends in the one line of `explain` and its exit status. Once `started` is
    set, nothing is retried: an error while stopping must not start the bot again."""
    budget = settings.start_retry_seconds
    give_up_at = None if budget is None else time.monotonic() + budget
    delay = FIRST_DELAY
    attempt = 1
    while True:
        try:
            return start()
        except StartRefused as exc:
            print_failure(str(exc))
            return CONFIGURATION
        except Exception as exc:  # one line that names the setting; the traceback only at DEBUG
            log.debug("newsbrief stopped on an error", exc_info=exc)
            failure = explain(exc, settings)
        out_of_time = give_up_at is not None and time.monotonic() + delay > give_up_at
        if not failure.unreachable or started.is_set() or out_of_time:
            print_failure(failure.line)
            return failure.status
        log.warning("%s; attempt %d failed, next try in %g s", failure.line, attempt, delay)
        with _stop_requested() as stop:
            if stop.wait(delay):
                log.info("stopped while waiting to start")
                return 0
        attempt += 1
        delay = min(delay * 2, MAX_DELAY)


@contextmanager
def _stop_requested() -> Iterator[threading.Event]:
    """An event SIGTERM or SIGINT sets, so a stop between attempts is quiet and at once."""
    stop = threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    for sig in previous:
        signal.signal(sig, lambda *_: stop.set())
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def sqlite_location_problem(url: str) -> str | None:
    """Why a SQLite DATABASE_URL cannot work here (None: it can), before anything opens it:
    a missing directory, or a file or directory this user may not write."""
    from storage.single_process import sqlite_path

    path = sqlite_path(url)
    if path is None:
        return None
    if not path.parent.is_dir():
        return (
            f"DATABASE_URL names {path}, but the directory {path.parent} does not exist: "
            "create it, or point DATABASE_URL at a file in an existing directory"
        )
    for target in (path, path.parent):  # SQLite writes its journal beside the file
        if target.exists() and not os.access(target, os.W_OK):
            return (
                f"DATABASE_URL names {path}, but {target} is read-only for this user: make it "
                "writable by the user newsbrief runs as, or point DATABASE_URL elsewhere"
            )
    return None


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
            unreachable=True,
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
    if isinstance(exc, sql_errors.DBAPIError) and getattr(exc.orig, "sqlstate", None) == "25006":
        return Failure(  # read_only_sql_transaction: a standby, or a read-only role or database
            "the database at DATABASE_URL is read-only (a standby server, or "
            "default_transaction_read_only is on): point DATABASE_URL at the primary, or let "
            "its user write",
            CONFIGURATION,
        )
    if isinstance(exc, sql_errors.OperationalError):
        return _database_failure(exc.orig or exc)
    return Failure(
        f"stopped by an unexpected error ({type(exc).__name__}: {_first_line(exc)}); "
        "run with NEWSBRIEF_LOG_LEVEL=DEBUG to log its traceback",
        FAILURE,
    )


# A PostgreSQL server that answers but cannot take us *yet*; any other answer is a setting.
_SERVER_NOT_READY = (
    "starting up",
    "shutting down",
    "in recovery mode",
    "too many clients",
    "connection slots are reserved",
)


def _database_failure(error: BaseException) -> Failure:
    """Unreachable (refused, timed out, name not resolved: try again) or misconfigured
    (the server answered no: unknown role or database, wrong password; a SQLite file that
    cannot be written: fix a setting)."""
    text = str(error)
    reason = _first_line(error)
    if isinstance(error, sqlite3.Error):
        if "locked" in text:
            return Failure(f"the SQLite database is busy ({reason})", FAILURE, unreachable=True)
        return Failure(
            f"cannot use the SQLite database at DATABASE_URL ({reason}): make the file and its "
            "directory writable by the user newsbrief runs as, or point DATABASE_URL elsewhere",
            CONFIGURATION,
        )
    answered = "FATAL:" in text  # libpq's words for the server's refusal to connect
    if answered and not any(phrase in text for phrase in _SERVER_NOT_READY):
        return Failure(
            f"the database at DATABASE_URL refused newsbrief ({_server_says(text)}): fix the "
            "user, password or database name in DATABASE_URL (or create them on the server)",
            CONFIGURATION,
        )
    return Failure(
        f"cannot reach the database at DATABASE_URL ({reason}): check that it runs and that "
        "its host and port are right",
        FAILURE,
        unreachable=True,
    )


def _server_says(text: str) -> str:
    return text.split("FATAL:", 1)[1].strip().splitlines()[0][:200]


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
