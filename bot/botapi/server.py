"""The Bot API emulator on a loopback port: http://127.0.0.1:<port>/bot<token>/<method>.

Bots built from a base URL (PTB's `base_url`) reach the emulator here, with Telegram's paths
for methods and file downloads. Only requests carrying the server's token are answered.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any, Protocol

from aiohttp import web

from bot.botapi.errors import BotApiError, bad_request
from bot.botapi.params import MAX_UPLOAD_BYTES, Upload

# What Telegram's nginx answers when the Bot API server behind it is down.
_GATEWAY_PAGE = (
    "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} "
    "{reason}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"
)


class Answering(Protocol):
    """What the server serves: a Bot API (bot.botapi.BotApi, or one wrapping it)."""

    def method_name(self, method: str) -> str: ...

    async def call(self, method: str, params: dict[str, Any]) -> Any: ...

    def file_at(self, path: str) -> bytes | None: ...


class BotApiServer:
    """Serves `api` while started; `on_request` sees every authorised request (method name as
    the Bot API spells it, parameters) and `on_refusal` every error answered."""

    def __init__(
        self,
        api: Answering,
        token: str,
        *,
        on_request: Callable[[str, dict[str, Any]], None] | None = None,
        on_refusal: Callable[[str, BotApiError], None] | None = None,
    ) -> None:
        self.api = api
        self.token = token
        self._on_request = on_request
        self._on_refusal = on_refusal
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.base_file_url = ""

    async def start(self) -> None:
        """Listen on a random port of 127.0.0.1 in the running event loop."""
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 2**20)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._handle_file)
        # Cancel a handler when its client goes away, so an abandoned long poll ends at once.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
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
        name = self.api.method_name(request.match_info["method"])
        if request.match_info["token"] != self.token:
            return self._refusal(name, BotApiError(401, "Unauthorized"))
        try:
            params = await read_params(request)
        except BotApiError as error:
            return self._refusal(name, error)
        if self._on_request is not None:
            self._on_request(name, params)
        try:
            result = await self.api.call(name, params)
        except BotApiError as error:
            if request.transport is None or request.transport.is_closing():
                # The client left (an abandoned long poll): nobody receives this answer.
                raise web.HTTPServiceUnavailable() from error
            return self._refusal(name, error)
        return json_response({"ok": True, "result": result}, 200)

    def _refusal(self, name: str, error: BotApiError) -> web.Response:
        if self._on_refusal is not None:
            self._on_refusal(name, error)
        if error.code in (502, 504):
            page = _GATEWAY_PAGE.format(code=error.code, reason=error.description)
            return web.Response(status=error.code, text=page, content_type="text/html")
        return json_response(error.payload(), error.code)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return json_response(BotApiError(401, "Unauthorized").payload(), 401)
        content = self.api.file_at(request.match_info["path"])
        if content is None:
            return json_response(BotApiError(404, "Not Found").payload(), 404)
        return web.Response(body=content, content_type="application/octet-stream")


async def read_params(request: web.Request) -> dict[str, Any]:
    """All parameters of a request; form values stay strings, JSON values keep their types."""
    params: dict[str, Any] = dict(request.query)
    if not request.can_read_body:
        return params
    content_type = request.content_type
    if content_type == "application/json":
        try:
            body = json.loads(await request.read() or b"{}")
        except ValueError as exc:
            raise bad_request("can't parse JSON encoded request") from exc
        if isinstance(body, dict):
            params.update(body)
    elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                content = value.file.read(MAX_UPLOAD_BYTES + 1)
                if len(content) > MAX_UPLOAD_BYTES:
                    raise web.HTTPRequestEntityTooLarge(
                        max_size=MAX_UPLOAD_BYTES, actual_size=len(content)
                    )
                params[name] = Upload(value.filename, value.content_type, content)
            else:
                params[name] = value
    return params


def json_response(body: dict[str, Any], status: int) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
    )
