"""The rules setMyCommands enforces: TDLib's local checks first, then the server's."""

from __future__ import annotations

import json
from typing import Any

from bot.botapi.errors import bad_request
from bot.botapi.params import get_json

MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_DESCRIPTION_LENGTH = 256


def validate_commands(raw: Any) -> list[dict[str, str]]:
    """The commands as Telegram stores them (trimmed, no leading '/'); raise BotApiError.

    At most 100 commands; each name 1-32 characters of [a-z0-9_] (else BOT_COMMAND_INVALID),
    each description 1-256 characters.
    """
    if not isinstance(raw, list):
        raise bad_request('field "commands" must be an Array')
    commands = [_check_command(command) for command in raw]
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not _is_valid_command_name(command["command"]):
            raise bad_request("BOT_COMMAND_INVALID")
    return commands


def scope_key(params: dict[str, Any]) -> tuple[str, str]:
    """Commands are kept per (scope, language_code)."""
    scope = get_json(params, "scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _check_command(command: Any) -> dict[str, str]:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name = str(command.get("command") or "").strip().removeprefix("/")
    description = str(command.get("description") or "").strip()
    if not name:
        raise bad_request("command must be non-empty")
    if len(name) > MAX_COMMAND_LENGTH:
        raise bad_request(f"command length must not exceed {MAX_COMMAND_LENGTH}")
    if not description:
        raise bad_request("command description must be non-empty")
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise bad_request(f"command description length must not exceed {MAX_DESCRIPTION_LENGTH}")
    return {"command": name, "description": description}


def _is_valid_command_name(name: str) -> bool:
    return all(ch.isascii() and (ch.islower() or ch.isdigit() or ch == "_") for ch in name)
