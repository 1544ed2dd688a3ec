"""Reading Bot API parameters as the server accepts them: query, JSON, form or multipart."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .api_error import bad_request

MAX_UPLOAD_BYTES = 50 * 2**20  # Telegram's limit for files a bot uploads


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str | None
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)


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


def get_int(params: dict[str, Any], name: str) -> int | None:
    """An Integer parameter, or None if absent."""
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise bad_request(f'field "{name}" must be of type Integer') from exc


def get_float(params: dict[str, Any], name: str) -> float | None:
    """A Float parameter, or None if absent."""
    value = params.get(name)
    if value is None or value == "":
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise bad_request(f'field "{name}" must be of type Number') from exc


def get_bool(params: dict[str, Any], name: str) -> bool:
    """A Boolean parameter; absent means False."""
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def get_json(params: dict[str, Any], name: str) -> Any:
    """A parameter that carries a JSON-serialized object or array (decoded if it is a string)."""
    value = params.get(name)
    if isinstance(value, str):
        if not value:
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {name} JSON object") from exc
    return value
