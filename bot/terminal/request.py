"""PTB's request seam pointed at the in-process Bot API: no network, no token leaves the process."""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

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
            content = self._api.file_content(url)
            return (200, content) if content is not None else (404, _NOT_FOUND)
        name = url.rstrip("/").rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = _uploads(request_data) if request_data and request_data.contains_files else {}
        status, body = await self._api.call(name, params, files)
        return status, json.dumps(body, ensure_ascii=False).encode()


def _uploads(request_data: RequestData) -> dict[str, tuple[str, bytes, str]]:
    """Uploaded files by field name: (file name, at most FILE_MAX_BYTES + 1 bytes, MIME type)."""
    uploads: dict[str, tuple[str, bytes, str]] = {}
    for field, (file_name, content, mime) in request_data.multipart_data.items():
        if not isinstance(content, bytes):
            content = content.read(FILE_MAX_BYTES + 1)
        uploads[field] = (file_name or "file", content, mime or "application/octet-stream")
    return uploads
