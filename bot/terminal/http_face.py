"""The local Bot API on a loopback port, for the Bots the bot builds from its settings.

The Application's own bot talks to the local API through PTB's request seam. The outbox's
sender builds a second Bot from `TELEGRAM_API_URL` (bot.app.roles.sender_bot) with its own
HTTP client, so digests and story updates reach the terminal through this port instead.
Only requests carrying this session's random token are answered.
"""

from __future__ import annotations

import json
import socket

from aiohttp import web

from bot.terminal.local_api import FILE_MAX_BYTES, LocalBotApi


class LocalApiServer:
    """Serves `api` at http://127.0.0.1:<random port>/bot<token>/<method> while started."""

    def __init__(self, api: LocalBotApi, token: str) -> None:
        self._api = api
        self._token = token
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.base_file_url = ""

    async def start(self) -> None:
        app = web.Application(client_max_size=FILE_MAX_BYTES + 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        self.base_url = f"http://127.0.0.1:{port}/bot"
        self.base_file_url = f"http://127.0.0.1:{port}/file/bot"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self._token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        params, files = await _read_params(request)
        status, body = await self._api.call(request.match_info["method"], params, files)
        return _json(status, body)

    async def _handle_file(self, request: web.Request) -> web.Response:
        content = None
        if request.match_info["token"] == self._token:
            content = self._api.file_content(request.match_info["path"])
        if content is None:
            return _json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=content, content_type="application/octet-stream")


async def _read_params(
    request: web.Request,
) -> tuple[dict[str, object], dict[str, tuple[str, bytes, str]]]:
    """Parameters as PTB sends them (form or multipart; JSON works too) and uploaded files."""
    params: dict[str, object] = dict(request.query)
    files: dict[str, tuple[str, bytes, str]] = {}
    if not request.can_read_body:
        return params, files
    if request.content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError:
            body = None
        if isinstance(body, dict):
            params.update(body)
        return params, files
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            content = value.file.read(FILE_MAX_BYTES + 1)
            files[name] = (value.filename or "file", content, value.content_type or "")
        else:
            params[name] = value
    return params, files


def _json(status: int, body: dict) -> web.Response:
    return web.Response(
        status=status, text=json.dumps(body, ensure_ascii=False), content_type="application/json"
    )
