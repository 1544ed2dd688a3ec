"""The one error type of the Bot API emulator: what Telegram answers instead of a result."""

from __future__ import annotations

from typing import Any


class BotApiError(Exception):
    """A Bot API failure, rendered as `{"ok": false, "error_code", "description", "parameters"}`."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram sends with this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(reason: str) -> BotApiError:
    """A 400 with Telegram's "Bad Request: " prefix."""
    return BotApiError(400, f"Bad Request: {reason}")
