"""Bot API parameters coerced as the server coerces them (form values arrive as strings)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from bot.botapi.errors import bad_request

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
