"""The `newsbrief` command (the console script and `python -m bot.cli`).

commands          the parser and the `run`, `chat`, `brief`, `doctor` subcommands
database          `newsbrief db …` and the schema step `run` takes before it starts
environment_help  the settings as `--help` lists them, read from `Settings`
"""

from bot.cli.commands import main

__all__ = ["main"]
