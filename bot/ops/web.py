"""/healthz and /metrics on the web port (beside the reader pages)."""

from __future__ import annotations

import logging

from aiohttp import web

from bot.clock import Clock
from bot.ops.metrics import CONTENT_TYPE, Metrics
from bot.ops.snapshot import Snapshot, take_snapshot
from bot.ops.web_port import ConnectionGuard
from bot.sources.health import read_sources_health
from storage import Database

log = logging.getLogger(__name__)


def mount_ops_routes(
    router: web.UrlDispatcher,
    db: Database,
    clock: Clock,
    metrics: Metrics,
    role: str,
    *,
    web_port: ConnectionGuard | None = None,
) -> None:
    """Add /healthz (200 when the database answers, else 503) and Prometheus /metrics
    (with the web port's connections when `web_port` is given)."""

    async def snapshot() -> Snapshot:
        return await db.run(take_snapshot, clock.now())

    async def health(_request: web.Request) -> web.Response:
        try:
            snap = await snapshot()
            news = await read_sources_health(db, clock.now())
        except Exception as exc:  # the database is the one thing we can't work without
            log.warning("healthz: database unreachable: %s", type(exc).__name__)
            return web.json_response(
                {"ok": False, "role": role, "database": "unreachable"}, status=503
            )
        now = clock.now()
        return web.json_response(
            {
                "ok": True,
                # degraded: most news sources fail; the bot answers but has nothing new to say
                "status": news.status,
                "role": role,
                "database": "ok",
                "sources": {
                    "failing": news.failing,
                    "total": news.total,
                    "failing_since": news.since.isoformat() if news.since else None,
                },
                "outbox": snap.outbox,
                "last_poll_age_seconds": snap.poll_age(now),
                "digest_lag_seconds": snap.digest_lag(now),
            }
        )

    async def prometheus(_request: web.Request) -> web.Response:
        try:
            snap = await snapshot()
        except Exception:  # still show this process's counters
            log.warning("metrics: database unreachable; gauges not refreshed")
        else:
            now = clock.now()
            for status, n in snap.outbox.items():
                metrics.queue_depth.labels(status).set(n)
            metrics.last_poll.set(snap.last_poll.timestamp() if snap.last_poll else 0)
            metrics.digest_lag.set(snap.digest_lag(now))
        if web_port is not None:
            metrics.web_connections.set(web_port.open_connections)
            metrics.web_connections_cap.set(web_port.limits.max_connections)
            for reason, n in web_port.take_closed().items():
                metrics.web_closed.labels(reason.replace(" ", "_")).inc(n)
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    taken = {resource.canonical for resource in router.resources()}
    for path, handler in (("/healthz", health), ("/metrics", prometheus)):
        if path not in taken:  # an older reader server answered /healthz itself
            router.add_get(path, handler)
