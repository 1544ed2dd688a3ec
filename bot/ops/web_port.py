"""The web port's listener: a cap on connections, and deadlines for every stage of a request.

aiohttp accepts every connection and waits as long as a client likes for a request head, so a
few hundred clients that each send a byte now and then hold the port — and, past the process's
descriptor limit, the database and every outgoing connection too. This layer sits between the
listening socket and aiohttp:

- at most `max_connections` are open at once (see `connection_cap`: well below the descriptor
  limit, so the rest of the bot always finds descriptors);
- a connection must deliver a complete request head within `header_seconds` of connecting, and
  the next one within `idle_seconds` of its previous answer (keep-alive), else it is closed;
- a handler (the request body included) gets `request_seconds`, then the client gets a 503;
- when the cap is reached, the connection that has waited longest *without a request in
  progress* is closed to make room (as nginx reuses idle connections); only when every
  connection is inside a request is a newcomer turned away with a 503. A client that sends its
  request at once is therefore served even while slow clients fill the port.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Handler

log = logging.getLogger(__name__)

# Descriptors the rest of the bot may need at once: the database pool, the Telegram
# connection pools (replies and the outbox sender), the page fetcher's pool, the extraction
# processes' pipes and the log files.
RESERVED_DESCRIPTORS = 512
MIN_CONNECTIONS = 8
ACCEPT_BACKLOG = 64
SUMMARY_EVERY_SECONDS = 60.0
_SWEEP_SECONDS = 0.5
_BUSY_ANSWER = (
    b"HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\n"
    b"Content-Length: 17\r\nRetry-After: 5\r\n\r\nServer too busy.\n"
)


@dataclass(frozen=True)
class PortLimits:
    """How many connections the web port holds, and how long each stage may take."""

    max_connections: int
    header_seconds: float = 10.0
    idle_seconds: float = 30.0
    request_seconds: float = 30.0


def connection_cap(configured: int, descriptor_limit: int) -> int:
    """The connection cap: the configured one, but never more than half the descriptors nor
    more than leaves RESERVED_DESCRIPTORS for everything else."""
    room = min(descriptor_limit // 2, descriptor_limit - RESERVED_DESCRIPTORS)
    return max(MIN_CONNECTIONS, min(configured, room))


class _Connection(asyncio.Protocol):
    """Stands between the transport and aiohttp's handler, so the guard sees each connection
    open, close, and start or finish a request."""

    def __init__(self, guard: ConnectionGuard, inner: asyncio.Protocol) -> None:
        self._guard, self._inner = guard, inner
        self.transport: asyncio.Transport | None = None
        self.waiting_since = time.monotonic()
        self.served = 0  # requests answered on this connection
        self.busy = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self._guard._opened(self)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._guard._closed(self)
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()


class _Refused(asyncio.Protocol):
    """A connection the port has no room for: a short 503, then closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        transport.write(_BUSY_ANSWER)
        transport.close()


class ConnectionGuard:
    """Counts, times and (when full) evicts the web port's connections. `protocol_factory`
    wraps aiohttp's; `middleware` marks requests in progress and bounds their handlers."""

    def __init__(self, limits: PortLimits) -> None:
        self.limits = limits
        self._open: dict[asyncio.Transport, _Connection] = {}
        # Connections without a request in progress, longest-waiting first.
        self._waiting: OrderedDict[_Connection, None] = OrderedDict()
        self._sweeper: asyncio.Task[None] | None = None
        self._counts = {"evicted": 0, "refused": 0, "timed out": 0, "slow handlers": 0}
        self._unreported = dict(self._counts)  # for /metrics, since it last asked
        self._last_summary = time.monotonic()

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def protocol_factory(self, make_handler: Callable[[], asyncio.Protocol]):
        def make() -> asyncio.Protocol:
            if len(self._open) >= self.limits.max_connections and not self._evict_one():
                self._count("refused")
                return _Refused()
            return _Connection(self, make_handler())

        return make

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        conn = self._open.get(request.transport) if request.transport else None
        if conn is not None:
            conn.busy = True
            self._waiting.pop(conn, None)
        try:
            async with asyncio.timeout(self.limits.request_seconds):
                return await handler(request)
        except TimeoutError:
            self._count("slow handlers")
            return web.Response(status=503, text="The request took too long.\n")
        finally:
            if conn is not None:
                conn.busy = False
                conn.served += 1
                conn.waiting_since = time.monotonic()
                if conn.transport is not None and self._open.get(conn.transport) is conn:
                    self._waiting[conn] = None  # kept alive: waiting for its next request

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep(), name="web-port-sweeper")

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
            self._sweeper = None

    def _opened(self, conn: _Connection) -> None:
        assert conn.transport is not None
        self._open[conn.transport] = conn
        conn.waiting_since = time.monotonic()
        self._waiting[conn] = None

    def _closed(self, conn: _Connection) -> None:
        if conn.transport is not None:
            self._open.pop(conn.transport, None)
        self._waiting.pop(conn, None)

    def _evict_one(self) -> bool:
        """Close the connection that has waited longest for a request; False if none waits."""
        while self._waiting:
            conn, _ = self._waiting.popitem(last=False)
            if conn.transport is not None and not conn.transport.is_closing():
                conn.close()
                self._closed(conn)  # its slot is free now, before the loop reports the loss
                self._count("evicted")
                return True
        return False

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(_SWEEP_SECONDS)
            self.close_overdue(time.monotonic())
            self._summarise()

    def close_overdue(self, now: float) -> int:
        """Close every connection that has waited too long for its next request head."""
        overdue = [
            conn
            for conn in self._waiting
            if now - conn.waiting_since
            > (self.limits.idle_seconds if conn.served else self.limits.header_seconds)
        ]
        for conn in overdue:
            conn.close()
            self._closed(conn)
        self._count("timed out", len(overdue))
        return len(overdue)

    def _count(self, what: str, n: int = 1) -> None:
        self._counts[what] += n
        self._unreported[what] += n

    def take_closed(self) -> dict[str, int]:
        """Connections closed or refused by reason since the last call (for /metrics)."""
        taken, self._unreported = self._unreported, dict.fromkeys(self._unreported, 0)
        return taken

    def _summarise(self) -> None:
        """One line a minute about connections the port closed or refused, never one each."""
        now = time.monotonic()
        if now - self._last_summary < SUMMARY_EVERY_SECONDS or not any(self._counts.values()):
            return
        # Full (connections closed for room, or turned away) is worth a warning; clients
        # that connect and never ask (browsers' spare sockets) are routine.
        full = self._counts["evicted"] or self._counts["refused"]
        log.log(
            logging.WARNING if full else logging.INFO,
            "web port: %d of %d connections open; in the last %.0f s: %s",
            len(self._open),
            self.limits.max_connections,
            now - self._last_summary,
            ", ".join(f"{n} {what}" for what, n in self._counts.items() if n),
        )
        self._counts = dict.fromkeys(self._counts, 0)
        self._last_summary = now


class GuardedSite(web.BaseSite):
    """A TCP site whose connections go through a ConnectionGuard."""

    def __init__(
        self, runner: web.BaseRunner, host: str, port: int, guard: ConnectionGuard
    ) -> None:
        # asyncio accepts up to `backlog` sockets in one go before any protocol runs: a small
        # backlog keeps that burst (descriptors the cap has not yet seen) small.
        super().__init__(runner, backlog=ACCEPT_BACKLOG)
        self._host, self._port, self._guard = host, port, guard

    @property
    def name(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def port(self) -> int:
        server = self._server  # aiohttp types it AbstractServer; create_server made a Server
        assert isinstance(server, asyncio.Server)
        return int(server.sockets[0].getsockname()[1])

    async def start(self) -> None:
        await super().start()
        server = self._runner.server
        assert server is not None
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._guard.protocol_factory(server),
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=True,
        )
        self._guard.start()

    async def stop(self) -> None:
        await self._guard.stop()
        await super().stop()
