"""`newsbrief run` as an operator meets it when something is wrong at start-up.

A misconfiguration (a blank token, an unknown log level, a DATABASE_URL that cannot work, a
busy web port, a read-only database) ends at once in one line on stderr naming the setting,
exit status 2, no traceback. Telegram or the database *unreachable* is waited for instead, as
a service should: a WARNING line per attempt, and the bot comes up once it can reach them.

Real `python -m bot.cli run` processes against the fake Telegram and the test PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import socket
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.fakes import FakeTelegram
from tests.fixtures.harness import free_port
from tests.fixtures.processes import BotProcess, bot_env

LEVELS = "DEBUG, INFO, WARNING, ERROR, CRITICAL"


@dataclass
class Case:
    name: str
    env: dict[str, str]
    setting: str  # the one line must name it
    also: list[str] = field(default_factory=list)  # and say these
    preexec: Callable[[], None] | None = None


async def _run(
    env: dict[str, str], cwd: Path, preexec: Callable[[], None] | None = None
) -> tuple[int | None, str]:
    """`newsbrief run` to its end; None if it was still running after 60 s (then killed)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=preexec,
    )
    try:
        _out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    except TimeoutError:
        proc.kill()
        _out, err = await proc.communicate()
        return None, err.decode(errors="replace")
    return proc.returncode, err.decode(errors="replace")


def _without_file_override() -> None:
    """As root, drop the capabilities that ignore file modes, so a read-only file is one."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _read_only_database(directory: Path) -> str:
    directory.mkdir()
    path = directory / "newsbrief.db"
    path.write_bytes(b"")  # an existing file this user may read but not write
    path.chmod(0o444)
    return f"sqlite:///{path}"


def _read_only_server(postgres_url: str) -> str:
    """The test schema on a server that takes no writes, as a hot standby would."""
    return postgres_url.replace("options=", "options=-cdefault_transaction_read_only%3Don%20")


async def test_each_misconfiguration_ends_in_one_line_naming_the_setting(
    tmp_path: Path, sqlite_url: str, postgres_url: str
) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    busy_port = busy.getsockname()[1]
    postgres = make_url(postgres_url)
    async with FakeTelegram() as tg:
        # A loopback reader URL would add its start-up warning before some failures.
        base = bot_env(
            tg, sqlite_url, NEWSBRIEF_LOG_LEVEL="WARNING", NEWSBRIEF_READER_PUBLIC="true"
        )
        missing = {key: value for key, value in base.items() if key != "TELEGRAM_BOT_TOKEN"}
        _status, no_token = await _run(missing, tmp_path)
        cases = [
            Case("blank token", {"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN"),
            Case("whitespace token", {"TELEGRAM_BOT_TOKEN": "  \t "}, "TELEGRAM_BOT_TOKEN"),
            Case(
                "unknown log level",
                {"NEWSBRIEF_LOG_LEVEL": "verbose"},
                "NEWSBRIEF_LOG_LEVEL",
                [LEVELS],
            ),
            Case("nonsense URL", {"DATABASE_URL": "nonsense"}, "DATABASE_URL", ["sqlite:///"]),
            Case(
                "MySQL",
                {"DATABASE_URL": "mysql://u:pw@127.0.0.1/news"},
                "DATABASE_URL",
                ["PostgreSQL"],
            ),
            Case(
                "missing directory",
                {"DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'n.db'}"},
                "DATABASE_URL",
                ["does not exist"],
            ),
            Case(
                "unknown role",
                {"DATABASE_URL": postgres.set(username="nb_no_such_role").render_as_string(False)},
                "DATABASE_URL",
                ["nb_no_such_role"],
            ),
            Case(
                "unknown database",
                {"DATABASE_URL": postgres.set(database="nb_no_such_db").render_as_string(False)},
                "DATABASE_URL",
                ["nb_no_such_db"],
            ),
            Case(
                "read-only database",
                {"DATABASE_URL": _read_only_database(tmp_path / "ro")},
                "DATABASE_URL",
                ["read-only"],
                preexec=_without_file_override,
            ),
            Case(
                "read-only PostgreSQL",
                {"DATABASE_URL": _read_only_server(postgres_url)},
                "DATABASE_URL",
                ["read-only"],
            ),
            Case(
                "web port in use",
                {"NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{busy_port}"},
                "NEWSBRIEF_READER_LISTEN",
            ),
        ]
        gate = asyncio.Semaphore(3)  # a shared machine

        async def outcome(case: Case) -> tuple[int | None, str]:
            async with gate:
                return await _run(dict(base, **case.env), tmp_path, case.preexec)

        results = await asyncio.gather(*(outcome(case) for case in cases))
    busy.close()

    wrong = []
    for case, (status, stderr) in zip(cases, results, strict=True):
        lines = stderr.strip().splitlines()
        if case.name.endswith("token"):
            if (status, stderr) != (2, no_token):
                wrong.append(f"{case.name}: exit {status}, not the missing-token text: {stderr}")
            continue
        if status != 2 or len(lines) != 1 or "Traceback" in stderr:
            wrong.append(f"{case.name}: exit {status}, {len(lines)} lines: {stderr[-400:]}")
        elif case.setting not in lines[0] or any(text not in lines[0] for text in case.also):
            wrong.append(f"{case.name}: {lines[0]!r} should name {[case.setting, *case.also]}")
    assert wrong == [], "\n".join(wrong)
    assert "@BotFather" in no_token


@contextlib.asynccontextmanager
async def _forwarder(port: int, target: tuple[str, int]) -> AsyncIterator[None]:
    """Listen on 127.0.0.1:`port` and pipe each connection to `target`: the service coming up."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*target)
        except OSError:
            writer.close()
            return
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    server = await asyncio.start_server(connected, "127.0.0.1", port)
    try:
        yield
    finally:
        server.close()


async def _attempt_lines(bot: BotProcess, unreachable: str, at_least: int) -> list[str]:
    """Wait for `at_least` WARNING lines saying `unreachable` cannot be reached."""
    for _ in range(600):
        assert bot.proc is not None and bot.proc.poll() is None, bot.tail()
        log = bot.log.read_text(errors="replace") if bot.log.exists() else ""
        lines = [
            line
            for line in log.splitlines()
            if "level=warning" in line and f"cannot reach the {unreachable}" in line
        ]
        if len(lines) >= at_least:
            return lines
        await asyncio.sleep(0.1)
    raise AssertionError(bot.tail())


async def test_telegram_unreachable_at_start_is_waited_for(tmp_path: Path, sqlite_url: str):
    port = free_port()  # nothing listens here yet: Telegram is "down"
    async with FakeTelegram() as tg:
        env = bot_env(tg, sqlite_url, TELEGRAM_API_URL=f"http://127.0.0.1:{port}/bot")
        bot = BotProcess(env, "all", tmp_path / "bot.log")
        bot.start()
        try:
            lines = await _attempt_lines(bot, "Telegram Bot API", at_least=2)
            assert "TELEGRAM_API_URL" in lines[0] and "next try in 1 s" in lines[0], lines
            assert "next try in 2 s" in lines[1], lines
            fake = make_url(tg.base_url.removesuffix("/bot"))
            async with _forwarder(port, (fake.host or "127.0.0.1", fake.port or 80)):
                await bot.wait_healthy(within=60)
                status = await asyncio.to_thread(bot.stop)
        finally:
            bot.stop()
    assert status == 0, bot.tail()
    assert "Traceback" not in bot.log.read_text(errors="replace"), bot.tail()


async def test_database_unreachable_at_start_is_waited_for(
    tmp_path: Path, postgres_url: str, tg: FakeTelegram
):
    server = make_url(postgres_url)
    port = free_port()  # nothing listens here yet: PostgreSQL is "down"
    down = server.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    bot = BotProcess(bot_env(tg, down), "all", tmp_path / "bot.log")
    bot.start()
    try:
        lines = await _attempt_lines(bot, "database", at_least=2)
        assert "DATABASE_URL" in lines[0] and "next try in 1 s" in lines[0], lines
        async with _forwarder(port, (server.host or "127.0.0.1", server.port or 5432)):
            await bot.wait_healthy(within=60)
            status = await asyncio.to_thread(bot.stop)
    finally:
        bot.stop()
    assert status == 0, bot.tail()
    assert "Traceback" not in bot.log.read_text(errors="replace"), bot.tail()


async def test_a_stop_while_waiting_to_start_is_quiet(tmp_path: Path, sqlite_url: str, tg):
    env = bot_env(tg, sqlite_url, TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}/bot")
    bot = BotProcess(env, "all", tmp_path / "bot.log")
    bot.start()
    try:
        await _attempt_lines(bot, "Telegram Bot API", at_least=1)
    finally:
        status = await asyncio.to_thread(bot.stop)
    assert status == 0, bot.tail()
    assert "Traceback" not in bot.log.read_text(errors="replace"), bot.tail()


async def test_retries_end_after_start_retry_seconds(tmp_path: Path, sqlite_url: str, tg):
    env = bot_env(
        tg,
        sqlite_url,
        TELEGRAM_API_URL=f"http://127.0.0.1:{free_port()}/bot",
        NEWSBRIEF_START_RETRY_SECONDS="5",
        NEWSBRIEF_LOG_LEVEL="WARNING",
    )
    status, stderr = await _run(env, tmp_path)
    lines = stderr.strip().splitlines()
    assert status == 1, stderr  # may pass later: a supervisor may start it again
    assert any("level=warning" in line for line in lines), stderr
    assert lines[-1].startswith("newsbrief: cannot reach the Telegram Bot API"), stderr
    assert "Traceback" not in stderr
