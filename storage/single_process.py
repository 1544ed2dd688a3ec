"""SQLite serves one process: an OS lock on a file beside the database, held while it runs.

A second process on the same file would poll Telegram too (409 Conflict) and send everything
twice. The lock is the kernel's (flock), so it goes with the process however that ends.
"""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url


class DatabaseInUse(Exception):
    """Another process holds the SQLite database; the message is one line for the operator."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL; None for PostgreSQL or an in-memory database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database).resolve()


RUN_REFUSAL = (
    "SQLite serves one process. To run more, move to PostgreSQL: newsbrief db copy --to "
    "postgresql+psycopg://USER@HOST/DBNAME, then set DATABASE_URL to it"
)


def hold_sqlite_lock(url: str, refusal: str = RUN_REFUSAL) -> IO[bytes] | None:
    """Take the database's lock for as long as the returned file stays open (None: no lock
    needed). Raises DatabaseInUse, saying `refusal`, when another process has it."""
    path = sqlite_path(url)
    if path is None:
        return None
    lock = (path.parent / f"{path.name}.lock").open("ab")
    try:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise DatabaseInUse(f"another newsbrief process is using {path}: {refusal}") from None
    return lock
