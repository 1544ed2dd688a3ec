"""Read a response body without ever holding more than the policy allows, compressed or not."""

from __future__ import annotations

import zlib

import httpx

from bot.fetching.errors import FetchError, TooLarge

ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """Decompresses gzip/zlib/raw-deflate chunk by chunk, never producing more than asked for."""

    def __init__(self, encoding: str) -> None:
        self._raw_deflate_fallback = encoding == "deflate"
        self._started = False
        self._finished_member = False
        # 32 + MAX_WBITS: accept both gzip and zlib headers.
        self._inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)

    def decompress(self, data: bytes, limit: int) -> bytes:
        """Up to ``limit`` bytes of output; exactly ``limit`` means "there may be more"."""
        out = bytearray()
        while data and len(out) < limit:
            try:
                chunk = self._inflater.decompress(data, limit - len(out))
            except zlib.error as exc:
                if self._raw_deflate_fallback and not self._started:
                    # Some servers send raw deflate under "Content-Encoding: deflate".
                    self._raw_deflate_fallback = False
                    self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                if self._finished_member:
                    break  # trailing junk after a complete stream: browsers ignore it too
                raise FetchError("corrupt compressed body") from exc
            self._started = True
            out += chunk
            if self._inflater.unconsumed_tail:
                data = self._inflater.unconsumed_tail
            elif self._inflater.eof:
                # Concatenated gzip members: keep going with a fresh inflater.
                self._finished_member = True
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)
            else:
                data = b""
        return bytes(out)


def _decoder_for(content_encoding: str | None) -> _Inflater | None:
    encoding = (content_encoding or "").strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Inflater(encoding)
    raise FetchError(f"unsupported content encoding {encoding[:30]}")


async def read_limited_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The decoded body, or TooLarge as soon as the declared or decoded size passes ``max_bytes``.

    Counting decompressed bytes is what stops gzip bombs: a few kilobytes on the wire can
    inflate to gigabytes.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and response.status_code != 304:
        raise TooLarge(f"page is larger than {max_bytes // 1000} kB")
    inflater = _decoder_for(response.headers.get("content-encoding"))
    body = bytearray()
    async for raw in response.aiter_raw():
        room = max_bytes - len(body)
        chunk = inflater.decompress(raw, room + 1) if inflater else raw
        if len(chunk) > room:
            raise TooLarge(f"page is larger than {max_bytes // 1000} kB")
        body += chunk
    return bytes(body)
