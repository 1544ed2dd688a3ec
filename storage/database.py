"""Engine set-up (SQLite with WAL, or PostgreSQL); storage work runs off the event loop."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from storage import migrations

P = ParamSpec("P")
T = TypeVar("T")


def make_engine(url: str) -> Engine:
    """An engine for a SQLite file (the embedded default) or a `postgresql+psycopg://` URL."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_pre_ping=True
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:
            # WAL lets the reader page and the poller read while a digest writes.
            cur = dbapi_conn.cursor()
            if parsed.database not in (None, "", ":memory:"):
                cur.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL survives a killed process (only power loss can undo the
                # last commits) and skips an fsync per commit: the outbox commits per message.
                cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5)


class Database:
    """Owns the engine; runs blocking session work in a small thread pool, never on the loop."""

    def __init__(self, url: str, *, workers: int = 4) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="db")

    def migrate(self, *, auto: bool = True) -> str:
        """Bring the schema to this code's revision (auto) or check that it is there (not auto:
        raises migrations.SchemaBehind); raises migrations.SchemaNewer on a newer database.
        Returns the revision in place."""
        if auto:
            migrations.upgrade(self.engine)
        else:
            migrations.ensure_current(self.engine)
        return migrations.head_revision()

    def call_sync(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        with Session(self.engine, expire_on_commit=False) as session:
            result = fn(session, *args, **kwargs)
            session.commit()
            return result

    async def run(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> T:
        """Run `fn(session, *args)` in one transaction, committed when it returns."""
        loop = asyncio.get_running_loop()
        # The caller's context variables (the chat's language) ride into the thread, so an
        # error raised there speaks the chat's language; run_in_executor alone drops them.
        context = contextvars.copy_context()
        return await loop.run_in_executor(
            self._pool, lambda: context.run(self.call_sync, fn, *args, **kwargs)
        )

    async def run_plain(self, fn: Callable[[], T]) -> T:
        """Run a blocking call that manages its own connections (migrations) in the pool."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, contextvars.copy_context().run, fn)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.engine.dispose()
