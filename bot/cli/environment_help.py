"""The settings as `--help` lists them: each variable, what it does and its default, from
`Settings` itself so the list cannot drift from what the bot reads."""

from __future__ import annotations

import argparse
import textwrap
from datetime import time
from pathlib import Path

from pydantic import SecretStr

from bot.settings import Settings

WIDTH = 100


def _default(value: object) -> str | None:
    if value is None or isinstance(value, SecretStr) or callable(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value) or None


def environment_help() -> str:
    """The epilog: every variable with its description and default, and where `.env` is read."""
    fields = [f for f in Settings.model_fields.values() if f.alias]
    column = max(len(f.alias or "") for f in fields) + 4
    lines = ["environment variables (or NAME=value lines in a .env file):"]
    for field in fields:
        text = field.description or ""
        default = None if field.default_factory else _default(field.default)
        if default is not None:
            text += f" [default: {default}]"
        wrapped = textwrap.wrap(text, WIDTH - column) or [""]
        lines.append(f"  {field.alias:<{column - 2}}{wrapped[0]}")
        lines.extend(" " * column + more for more in wrapped[1:])
    env_file = Path(str(Settings.model_config.get("env_file") or ".env"))
    where = env_file if env_file.is_absolute() else Path.cwd() / env_file
    lines += [
        "",
        *textwrap.wrap(
            f"Any of these can be put in a {env_file} file in the working directory, one "
            f"NAME=value a line (here: {where}, {'found' if where.is_file() else 'not present'})"
            "; a variable set in the environment wins over .env. "
            "Every setting in full: docs/settings.md.",
            WIDTH,
        ),
    ]
    return "\n".join(lines)


def add_environment_help(parser: argparse.ArgumentParser) -> None:
    """Give the parser and every subcommand's parser, however deep, the environment epilog."""
    epilog = environment_help()
    parsers = [parser]
    while parsers:
        current = parsers.pop()
        current.epilog = epilog
        current.formatter_class = argparse.RawDescriptionHelpFormatter
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                parsers.extend(action.choices.values())
