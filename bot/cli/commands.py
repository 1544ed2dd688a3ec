"""The `newsbrief` command: `run` starts the bot, `chat` talks to it in the terminal, `brief`
prints a briefing in the terminal, `doctor` checks the installation, `db` upgrades, checks,
backs up or copies the database."""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import re
import sys
import tempfile
import threading
from pathlib import Path

from pydantic import ValidationError

from bot.cli.database import add_db_commands, prepared_database, run_db_command
from bot.cli.environment_help import add_environment_help
from bot.i18n import ngettext
from bot.ops.logs import print_failure, settings_secrets, setup_logging
from bot.settings import Settings

NO_TOKEN = """newsbrief needs a Telegram bot token.

  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Pick a name and a username; BotFather answers with a token like 123456:ABC-DEF...
  3. Put it in the environment or in a .env file beside where you run newsbrief:
        TELEGRAM_BOT_TOKEN=123456:ABC-DEF...
  4. Run `newsbrief run` again.

To try the pipeline without Telegram: newsbrief brief "Pakistan Afghanistan talks"
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="newsbrief", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run", help="start the bot and its web port (reader pages, health)")
    run_cmd.add_argument(
        "--role",
        choices=("all", "updates", "worker"),
        default="all",
        help="all (default): everything; updates: take Telegram updates only; "
        "worker: polls, digests and sending only (any number, on PostgreSQL)",
    )
    chat = sub.add_parser(
        "chat", help="talk to the bot in this terminal, through its own handlers (no token)"
    )
    chat.add_argument("--name", help="your first name in the chat (default: your login name)")
    chat.add_argument(
        "--lang",
        help="the language the bot speaks in this chat, e.g. ur (as if your Telegram were in it)",
    )
    brief = sub.add_parser("brief", help="print a briefing for a topic from the live sources")
    brief.add_argument("topic", help='a topic, e.g. "Pakistan Afghanistan talks"')
    brief.add_argument("--limit", type=int, default=5, help="how many articles (default 5)")
    add_db_commands(sub)
    sub.add_parser(
        "doctor",
        help="check the token, database, reader URL, webhook, sources, time zone and disk; "
        "exit 0 only if all pass",
    )
    add_environment_help(parser)  # every --help ends with the variables and where .env is read
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print_failure(_bad_settings(exc))
        return 2
    level = settings.log_level
    if args.command in ("chat", "doctor", "brief") and "log_level" not in settings.model_fields_set:
        level = "WARNING"  # the conversation (or table) is the output; INFO lines would bury it
    # Before anything logs: every secret the settings hold is redacted from every line.
    setup_logging(level, settings_secrets(settings), settings.log_format)
    if args.command == "run":
        return run(settings, args.role)
    if args.command == "db":
        return run_db_command(settings, args)
    if args.command == "chat":
        from bot.terminal import run_chat

        return run_chat(settings, first_name=args.name, language=args.lang)
    if args.command == "doctor":
        return asyncio.run(doctor(settings))
    return asyncio.run(brief_in_terminal(settings, args.topic, args.limit))


def run(settings: Settings, role: str = "all") -> int:
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot import app
    from bot.ops.doctor import describe_setup
    from bot.ops.startup_failures import keep_trying, sqlite_location_problem

    problem = sqlite_location_problem(settings.database_url)
    if problem:
        print_failure(problem)
        return 2

    started = threading.Event()

    def start() -> int:
        with prepared_database(settings):
            # After the database is ready, so a refused start stays one line.
            logging.getLogger("bot.cli").info("starting with %s", describe_setup(settings))
            return app.run(settings, role, on_started=started.set)

    # Unreachable Telegram or database: retried; anything else: one line naming the setting.
    return keep_trying(start, settings, started)


async def doctor(settings: Settings) -> int:
    """Print the doctor's table; 0 only if every check passed."""
    from bot.ops.doctor import describe_setup, render_table, run_checks

    print(f"newsbrief doctor: {describe_setup(settings)}\n")
    results = await run_checks(settings)
    print(render_table(results))
    return 0 if all(result.ok for result in results) else 1


def _bad_settings(exc: ValidationError) -> str:
    """Which settings are wrong and why, without their values (a value may be a secret)."""
    problems = []
    for error in exc.errors(include_input=False, include_url=False):
        where = ".".join(str(part) for part in error["loc"])
        why = error["msg"].removeprefix("Value error, ")
        problems.append(f"{where}: {why}" if where else why)
    return "bad setting: " + "; ".join(problems) + " (fix it in the environment or in .env)"


SCRATCH_CHAT = 1


async def brief_in_terminal(settings: Settings, topic: str, limit: int) -> int:
    """Poll the sources once into a scratch database and print what matches the topic."""
    from bot.briefings import render_briefing
    from bot.matching import QueryError, parse_query
    from bot.services import Services

    try:
        query = parse_query(topic)
    except QueryError as exc:
        print(f"newsbrief: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        scratch_db = f"sqlite:///{Path(scratch) / 'brief.db'}"
        settings = settings.model_copy(update={"database_url": scratch_db})
        # Nothing serves reader pages once `brief` exits: its briefing links none.
        services = await Services.start(settings, clean_pages=False)
        try:
            # Following the topic in a scratch chat makes the poll search the news for it too.
            cases = services.cases
            await cases.chats.ensure_chat(SCRATCH_CHAT, "private", None)
            await cases.topics.subscribe(SCRATCH_CHAT, topic)
            await services.poller.sync_searches()
            sources = await _count_sources(services)
            polling = ngettext("Polling {n} source…", "Polling {n} sources…", sources)
            print(polling.format(n=sources), file=sys.stderr)
            report = await services.poller.poll_due()
            read = len(report.new_articles)
            print(
                f"{report.polled} polled, {report.failed} failed, "
                + ngettext("{n} article read.", "{n} articles read.", read).format(n=read),
                file=sys.stderr,
            )
            await _print_failed_sources(services)
            found = await cases.search.search(query, limit=limit)
            if not found:
                print(f"Nothing matches “{topic}” right now.")
                return 1
            views = await services.views(found)
            for message in render_briefing(f"The latest on “{topic}”", views, "UTC"):
                print(_as_plain_text(message.html))
            print(
                "(No Clean page links here: `brief` serves no pages. "
                "The running bot's messages have them.)",
                file=sys.stderr,
            )
        finally:
            await services.close()
    return 0


async def _print_failed_sources(services) -> None:
    """One line per source that could not be read: which, and why."""
    from bot.briefings.bounds import clean_text
    from bot.sources.health import read_sources_health

    health = await read_sources_health(services.db, services.clock.now())
    for source in health.failures:
        name = clean_text(source.name, 80)
        where = "" if source.name == source.url else f" ({clean_text(source.url, 120)})"
        reason = clean_text(source.last_error or "unknown error", 200)
        print(f"  ✗ {name}{where}: {reason}", file=sys.stderr)


async def _count_sources(services) -> int:
    from storage.queries import sources as sources_q

    return len(await services.db.run(sources_q.due_sources, services.clock.now(), 10_000))


def _as_plain_text(rendered: str) -> str:
    text = re.sub(
        r'<a href="([^"]*)">([^<]*)</a>', lambda m: f"{m.group(2)}: {m.group(1)}", rendered
    )
    return html.unescape(re.sub(r"<[^>]+>", "", text))
