"""`newsbrief chat`: the real bot (handlers, jobs, reader pages) talking to the person here.

The Application is the one `newsbrief run` builds; only its Bot API requests are answered
in-process by a local Bot API (through PTB's request seam; the outbox's own Bot through a
loopback port), with a random token made for the session, so no Telegram account or token is
needed and nothing reaches Telegram. Lines typed become Telegram updates; what the bot sends
is printed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr
from sqlalchemy.engine import make_url
from telegram import Update

from bot.botapi import BotApiServer
from bot.i18n import ngettext
from bot.settings import Settings
from bot.terminal.console_input import ConsoleInput
from bot.terminal.local_api import FILE_MAX_BYTES, USER_ID, LocalBotApi, local_token
from bot.terminal.request import LocalRequest
from bot.terminal.screen import Screen
from storage import Source
from storage.queries import sources as sources_q

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.services import Services

PROMPT = "› "
QUIT = frozenset({"/quit", "/exit"})
WAIT = "/wait"
POLL_WAIT_SECONDS = 60.0
_PRESS = re.compile(r"[#!]\s*(?:(\d{1,9})\.)?(\d{1,4})")  # #3.2: message 3, button 2
_SEND_FILE = re.compile(r"/file\s+(.+)", re.IGNORECASE)
_TEXT_MAX = 4096


def run_chat(
    settings: Settings, *, first_name: str | None = None, language: str | None = None
) -> int:
    """Chat with the bot on this process's stdin and stdout until /quit, Ctrl-D or Ctrl-C."""
    interactive = sys.stdin.isatty()
    colour = not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    ansi = sys.stdout.isatty() and colour
    with contextlib.suppress(AttributeError, ValueError):
        sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]
    # A poll still running at the next tick is normal here; its warning would cut the dialogue.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    screen = Screen(sys.stdout, ansi=ansi)
    console = ConsoleInput(sys.stdin.buffer, interactive=interactive)
    login = os.environ.get("USER") or os.environ.get("USERNAME")
    name = first_name or (login.title() if login else "Reader")
    try:
        return asyncio.run(
            chat_in_terminal(settings, console, screen, first_name=name, language=language)
        )
    except KeyboardInterrupt:  # Ctrl-C while the bot was still starting
        return 130
    finally:
        console.restore_terminal()


def terminal_settings(settings: Settings, token: str, server: BotApiServer) -> Settings:
    """Settings for a terminal chat: a local token and Bot API, Clean page links on loopback.

    Whatever token is configured stays unused: nothing in a terminal chat reaches Telegram.
    The person chatting opens Clean page links in a browser on this machine, so the reader URL
    on loopback is one its user can reach. The reader key is the configured one, else the
    database's own, so links from an earlier chat still open.
    """
    update: dict[str, object] = {
        "telegram_bot_token": SecretStr(token),
        "telegram_api_url": server.base_url,
        "telegram_file_url": server.base_file_url,
        "webhook_url": None,
        "webhook_secret": None,
        "reader_public": True,
    }
    return settings.model_copy(update=update)


async def chat_in_terminal(
    settings: Settings,
    console: ConsoleInput,
    screen: Screen,
    *,
    first_name: str,
    language: str | None = None,
) -> int:
    """Run the bot with the local Bot API and converse; the exit status (0: the person left).
    `language`: the person's Telegram language, and the chat's from now on."""
    api = LocalBotApi(first_name, screen.show)
    api.speaks(language or "en")
    token = local_token()
    # The outbox's sender builds its own Bot from TELEGRAM_API_URL (bot.app.roles.sender_bot),
    # so digests and story updates reach the terminal through this loopback port.
    server = BotApiServer(api, token)
    await server.start()
    try:
        return await _run_bot(terminal_settings(settings, token, server), api, screen, console)
    finally:
        await server.stop()


async def _run_bot(
    settings: Settings, api: LocalBotApi, screen: Screen, console: ConsoleInput
) -> int:
    from bot.app import build_application  # the whole bot: imported only when chatting

    app = build_application(settings, request=LocalRequest(api))
    assert app.updater is not None and app.post_init is not None
    try:
        async with app:
            try:
                await app.post_init(app)
            except OSError as exc:
                host, port = settings.reader_host_port
                screen.say(
                    f"newsbrief chat: can't serve reader pages on {host}:{port} ({exc.strerror}). "
                    "Set NEWSBRIEF_READER_LISTEN to a free host:port."
                )
                return 1
            if api.language_code != "en":  # --lang: this chat speaks it, new or not
                language = app.bot_data["usecases"].language
                await language.prefer_language(USER_ID, api.language_code)
            await app.start()
            await app.updater.start_polling(
                poll_interval=0.0, timeout=timedelta(seconds=10), allowed_updates=Update.ALL_TYPES
            )
            try:
                screen.say(_introduction(settings))
                wait_for_poll = _poll_waiter(app.bot_data["services"])
                if await _until_interrupted(_converse(api, screen, console, wait_for_poll)):
                    screen.reading("")
                    screen.say("\n(interrupted — bye)")
            finally:
                api.close()
                await app.updater.stop()
                await app.stop()
    finally:
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
    return 0


async def _until_interrupted(conversation: Coroutine[Any, Any, None]) -> bool:
    """Run the conversation; Ctrl-C or SIGTERM end it like /quit does. True if one did."""
    task = asyncio.ensure_future(conversation)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, task.cancel)
    try:
        await task
    except asyncio.CancelledError:
        if not task.cancelled():
            raise
        return True
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return False


def _poll_waiter(services: Services) -> Callable[[], Awaitable[str]]:
    """/wait: the polls running now, then the next poll of every source due within
    POLL_WAIT_SECONDS (all of them at start), so what a script does next sees their news."""

    async def wait() -> str:
        try:
            async with asyncio.timeout(POLL_WAIT_SECONDS + 5):
                # Polls running now (maybe begun before the news the script waits for) end
                # first; then every source due within the wait is polled anew.
                await services.poller.poll_due()
                since = services.clock.now()
                horizon = since + timedelta(seconds=POLL_WAIT_SECONDS)
                due = [s.id for s in await services.db.run(sources_q.due_sources, horizon, 10_000)]
                while not await services.db.run(_polled_since, due, since):
                    await services.poller.poll_due()  # what is due now; the rest comes due
                    await asyncio.sleep(0.1)
        except TimeoutError:
            return f"(the news poll took over {POLL_WAIT_SECONDS:g} s; going on without it)"
        polled = ngettext(
            "(news polled: {n} source read)", "(news polled: {n} sources read)", len(due)
        )
        return polled.format(n=len(due))

    return wait


def _polled_since(session: Session, source_ids: list[int | None], since: datetime) -> bool:
    for source_id in source_ids:
        source = session.get(Source, source_id)
        polled = source is not None and (
            source.disabled or (source.last_polled_at or since) > since
        )
        if source is not None and not polled:
            return False
    return True


async def _converse(
    api: LocalBotApi,
    screen: Screen,
    console: ConsoleInput,
    wait_for_poll: Callable[[], Awaitable[str]],
) -> None:
    interactive = console.interactive
    if not interactive:
        # A piped script runs against the news of the first poll, not whatever came in time.
        screen.say(await wait_for_poll())
    while True:
        prompt = PROMPT if interactive else ""
        screen.reading(prompt)
        line = await console.read(prompt)
        screen.reading("")
        if line is None:
            screen.say("\n(end of input — bye)" if interactive else "(end of input — bye)")
            return
        text = line.strip()
        if not text:
            continue
        if not interactive:
            screen.echo(text)
        if text.lower() in QUIT:
            screen.say("(bye)")
            return
        if text.lower() == WAIT:
            screen.say(await wait_for_poll())
            continue
        update_id = _act(api, screen, text)
        if update_id is not None and not await api.settled(update_id):
            screen.say("(no answer yet — it may still come)")


def _act(api: LocalBotApi, screen: Screen, text: str) -> int | None:
    """Turn one line into an update (a message, a button press, a file); None if it made none."""
    press = _PRESS.fullmatch(text)
    if press:
        message_id = int(press.group(1)) if press.group(1) else None
        number = int(press.group(2))
        name = f"{message_id}.{number}" if message_id is not None else str(number)
        pressable = screen.button(number, message_id)
        if pressable is None:
            screen.say(f"There is no button [{name}].")
            return None
        if pressable.button.url:
            screen.say(f"Open it in a browser: {pressable.button.url}")
            return None
        assert pressable.button.callback_data is not None
        update_id = api.press(pressable.message_id, pressable.button.callback_data)
        if update_id is None:
            screen.say(f"Button [{name}] is no longer on its message.")
        return update_id
    send_file = _SEND_FILE.fullmatch(text)
    if send_file:
        return _send_file(api, screen, Path(send_file.group(1).strip()).expanduser())
    if len(text) > _TEXT_MAX:
        screen.say(f"Too long: a Telegram message has at most {_TEXT_MAX} characters.")
        return None
    return api.user_says(text)


def _send_file(api: LocalBotApi, screen: Screen, path: Path) -> int | None:
    try:
        if path.stat().st_size > FILE_MAX_BYTES:
            screen.say(f"{path} is larger than {FILE_MAX_BYTES // 2**20} MB.")
            return None
        content = path.read_bytes()
    except OSError as exc:
        screen.say(f"Can't read {path}: {exc.strerror or exc}")
        return None
    return api.user_sends_file(path.name, content)


def _introduction(settings: Settings) -> str:
    database = make_url(settings.database_url).render_as_string(hide_password=True)
    return (
        "newsbrief chat — the bot's own handlers, in this terminal; nothing goes to Telegram.\n"
        "Type as in Telegram: /start, /help, /subscribe Istanbul talks, or just words.\n"
        "#3.2 (or !3.2) presses button [3.2] (message 3's second); #2 the latest message's "
        "second · /wait waits for the news poll · /file PATH sends a file · /quit or Ctrl-D "
        "leaves.\n"
        f"Reader pages: {settings.reader_base_url} · database: {database}\n"
    )
