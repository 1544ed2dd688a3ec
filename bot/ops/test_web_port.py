"""The web port's guard over real loopback connections: heads must arrive in time, a full
port makes room by closing its longest-idle connection, and a slow handler is cut off."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx

from bot.clock import ManualClock
from bot.ops.web_port import PortLimits, connection_cap
from bot.reader import ReaderLinks, ReaderServer, StoredArticle

KEY = b"k" * 32
NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def _server(limits: PortLimits, release: asyncio.Event | None = None) -> ReaderServer:
    async def load(article_id: int) -> StoredArticle | None:
        if release is not None:
            await release.wait()  # a handler that takes as long as the test wants
        return None

    server = ReaderServer(
        key=KEY, load=load, clock=ManualClock(NOW), host="127.0.0.1", port=0, limits=limits
    )
    await server.start()
    return server


async def _closed_by_server(reader: asyncio.StreamReader, within: float) -> bool:
    try:
        async with asyncio.timeout(within):
            while await reader.read(4096):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


def test_the_cap_leaves_descriptors_for_the_rest_of_the_bot():
    assert connection_cap(1000, 1024) == 512
    assert connection_cap(1000, 65536) == 1000
    assert connection_cap(1000, 256) == 8, "never below a handful"


async def test_a_request_head_sent_a_byte_at_a_time_is_cut_off():
    server = await _server(PortLimits(max_connections=8, header_seconds=0.6, idle_seconds=5))
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)

        async def drip() -> None:
            for byte in b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaa":
                writer.write(bytes([byte]))
                await asyncio.sleep(0.1)

        dripping = asyncio.create_task(drip())
        assert await _closed_by_server(reader, within=3.0), "each byte does not buy more time"
        dripping.cancel()
        writer.close()
    finally:
        await server.stop()


async def test_a_full_port_closes_its_longest_idle_connection_for_a_new_request():
    server = await _server(PortLimits(max_connections=4, header_seconds=60, idle_seconds=60))
    try:
        idle = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(4)]
        await asyncio.sleep(0.2)
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{server.port}/robots.txt", timeout=2)
        assert answer.status_code == 200
        assert await _closed_by_server(idle[0][0], within=2.0), "the oldest made room"
        assert not await _closed_by_server(idle[-1][0], within=0.3), "the newest stays"
        for _reader, writer in idle:
            writer.close()
    finally:
        await server.stop()


async def test_when_every_connection_is_in_a_request_a_newcomer_gets_503_and_slow_handlers_end():
    release = asyncio.Event()
    limits = PortLimits(max_connections=2, header_seconds=60, request_seconds=1.5)
    server = await _server(limits, release)
    base = f"http://127.0.0.1:{server.port}"
    page = ReaderLinks(base, KEY, days=30).url(7, "https://example.org/a", NOW)
    try:
        async with httpx.AsyncClient() as client:
            stuck = [asyncio.create_task(client.get(page, timeout=5)) for _ in range(2)]
            await asyncio.sleep(0.5)
            async with httpx.AsyncClient() as other:
                busy = await other.get(f"{base}/robots.txt", timeout=2)
            assert busy.status_code == 503 and "busy" in busy.text
            assert [(await task).status_code for task in stuck] == [503, 503]
            again = await client.get(f"{base}/robots.txt", timeout=2)
            assert again.status_code == 200, "the cut-off handlers freed their connections"
    finally:
        release.set()
        await server.stop()
