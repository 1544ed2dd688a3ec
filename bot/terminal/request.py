"""PTB's request seam pointed at the in-process Bot API: no network, no token leaves the process."""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.botapi import Upload
from bot.terminal.local_api import FILE_MAX_BYTES, LocalBotApi

_NOT_FOUND = json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}).encode()


class LocalRequest(BaseRequest):
    """Answers every Bot API call of a PTB Bot from `api` (file URLs included)."""

    def __init__(self, api: LocalBotApi) -> None:
        self._api = api

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """(HTTP status, body) for `url`: <base>/bot<token>/<method> or a file download URL."""
        if "/file/bot" in url:
            # <base file url><token>/<file path>: the token holds no "/", the path may.
            path = url.split("/file/bot", 1)[1].partition("/")[2]
            content = self._api.file_at(path)
            return (200, content) if content is not None else (404, _NOT_FOUND)
        name = url.rstrip("/").rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        if request_data and request_data.contains_files:
            params.update(_uploads(request_data))
        status, body = await self._api.answer(name, params)
        return status, json.dumps(body, ensure_ascii=False).encode()


def _uploads(request_data: RequestData) -> dict[str, Upload]:
    """Uploaded files by field name, each read to at most FILE_MAX_BYTES + 1 bytes."""
    uploads: dict[str, Upload] = {}
    for field, (file_name, content, mime) in request_data.multipart_data.items():
        if not isinstance(content, bytes):
            content = content.read(FILE_MAX_BYTES + 1)
        uploads[field] = Upload(file_name or "file", mime or "application/octet-stream", content)
    return uploads
