"""`newsbrief doctor` and the start-up summary, as an operator meets them: the real CLI in a
subprocess, against the fake Bot API, the local news site and a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from aiohttp import web

from storage import Database
from tests.fixtures.cli import run_cli
from tests.fixtures.harness import free_port, seed_site
from tests.fixtures.processes import BotProcess, bot_env

# A public address for the reader (documentation ranges count as private, so an APNIC
# research address): the doctor's request for it goes through the HTTP proxy that
# the test runs (HTTP_PROXY), which hands it to the running bot. No packet leaves the machine.
PUBLIC_READER = "http://1.2.3.4"
READER_SECRET = "reader-signing-secret-5f1e"
DB_PASSWORD = "hunter2-db-password"


async def _doctor(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    run = await run_cli("doctor", env=env, cwd=cwd, within=120)
    return run.code, run.out, run.err


def _rows(out: str) -> list[tuple[bool, str]]:
    """(passed, the row's text with its fix line) for each row of the table."""
    rows: list[tuple[bool, str]] = []
    for line in out.splitlines():
        if line[:1] in ("✓", "✗"):
            rows.append((line[0] == "✓", line[2:]))
        elif rows and line.strip().startswith("fix:"):
            ok, text = rows[-1]
            rows[-1] = (ok, text + "\n" + line.strip())
    return rows


def _row(rows: list[tuple[bool, str]], *words: str) -> tuple[bool, str]:
    found = [row for row in rows if all(word in row[1] for word in words)]
    assert len(found) == 1, (words, rows)
    return found[0]


@asynccontextmanager
async def _proxy_to(port: int) -> AsyncIterator[tuple[str, list[str]]]:
    """An HTTP proxy that sends every request to 127.0.0.1:`port`; yields its URL and the
    hosts that were asked for."""
    asked: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        asked.append(request.host)
        async with httpx.AsyncClient() as client:
            answer = await client.get(f"http://127.0.0.1:{port}{request.rel_url}")
        return web.Response(
            status=answer.status_code,
            body=answer.content,
            content_type=answer.headers.get("content-type", "text/plain").split(";")[0],
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    proxy_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", proxy_port).start()
    try:
        yield f"http://127.0.0.1:{proxy_port}", asked
    finally:
        await runner.cleanup()


def _with_password(url: str) -> str:
    # PostgreSQL here trusts loopback: the password is never checked, only never shown.
    return url.replace("postgres@", f"postgres:{DB_PASSWORD}@", 1)


async def test_doctor_passes_every_check_on_a_working_installation(
    tg, site, database_url, tmp_path
):
    feed = seed_site(site)
    second = site.add_feed(
        "/world/feed/",
        [{"title": "Flood waters recede in Sindh", "link": site.url("/sindh/"), "guid": "s1"}],
    )
    database_url = _with_password(database_url)
    env = bot_env(
        tg,
        database_url,
        NEWSBRIEF_FEEDS=f"{feed},{second}",
        NEWSBRIEF_READER_URL=PUBLIC_READER,
        NEWSBRIEF_READER_SECRET=READER_SECRET,
        NEWSBRIEF_WEBHOOK_URL="https://news.example.org/telegram/webhook",
        NEWSBRIEF_WEBHOOK_SECRET="webhook-secret-77",
        NEWSBRIEF_TIMEZONE="Asia/Karachi",
        NEWSBRIEF_DIGEST_TIME="07:30",
    )
    bot = BotProcess(env, "all", tmp_path / "bot.log")
    bot.start()
    try:
        await bot.wait_healthy(within=60)
        async with _proxy_to(bot.port) as (proxy, asked):
            doctor_env = dict(
                env,
                NEWSBRIEF_READER_LISTEN=f"127.0.0.1:{bot.port}",
                HTTP_PROXY=proxy,
                NO_PROXY="127.0.0.1,localhost",
            )
            code, out, err = await _doctor(doctor_env, tmp_path)
    finally:
        bot.stop()
    rows = _rows(out)
    assert code == 0, out + err
    assert rows and all(ok for ok, _ in rows), out
    assert "All" in out and "checks passed" in out
    assert _row(rows, "Telegram token", f"id {tg.bot_id}")[0]
    assert _row(rows, "Webhook", "registered", "news.example.org")[0]
    assert _row(rows, "Database", "writable", "current")[0]
    assert _row(rows, "Reader URL", PUBLIC_READER, "public")[0]
    assert asked == ["1.2.3.4"]  # /healthz was asked for through the reader URL
    assert _row(rows, "Time zone", "Asia/Karachi", "07:30")[0]
    assert _row(rows, "Free disk")[0]
    assert _row(rows, "Source", feed, "1 entry")[0]
    assert _row(rows, "Source", second, "1 entry")[0]
    for secret in (tg.token, READER_SECRET, "webhook-secret-77", DB_PASSWORD):
        assert secret not in out + err


async def test_doctor_names_each_failure_and_its_fix_without_secrets(tg, site, tmp_path):
    feed = seed_site(site)
    broken = site.url("/gone/feed.xml")  # the site answers 404
    database_url = f"sqlite:///{tmp_path / 'newsbrief.db'}"
    Database(database_url).migrate()
    wrong_token = "123456:WRONG-TOKEN-abcdef"
    env = bot_env(
        tg,
        database_url,
        TELEGRAM_BOT_TOKEN=wrong_token,
        NEWSBRIEF_FEEDS=f"{feed},{broken}",
        NEWSBRIEF_READER_URL="http://127.0.0.1:8080",
        NEWSBRIEF_READER_SECRET=READER_SECRET,
    )
    code, out, err = await _doctor(env, tmp_path)
    rows = _rows(out)
    assert code == 1, out + err
    token_ok, token_row = _row(rows, "Telegram token")
    assert not token_ok and "refused the token" in token_row and "@BotFather" in token_row
    reader_ok, reader_row = _row(rows, "Reader URL")
    assert not reader_ok and "loopback" in reader_row
    assert "fix: set NEWSBRIEF_READER_URL" in reader_row
    source_ok, source_row = _row(rows, "Source", broken)
    assert not source_ok and "HTTP 404" in source_row and "fix:" in source_row
    # Everything else is fine, and says so.
    failures = [text for ok, text in rows if not ok]
    assert len(failures) == 3, out
    assert _row(rows, "Source", feed)[0] and _row(rows, "Database")[0]
    assert "3 of" in out and "checks failed" in out
    for secret in (wrong_token, "WRONG-TOKEN", READER_SECRET):
        assert secret not in out + err


async def test_run_says_which_database_env_file_and_reader_url_at_start(tg, postgres_url, tmp_path):
    (tmp_path / ".env").write_text("NEWSBRIEF_READER_URL=https://news.example.org\n")
    env = bot_env(tg, _with_password(postgres_url))
    bot = BotProcess(env, "all", tmp_path / "bot.log")
    bot.start()
    try:
        await bot.wait_healthy(within=60)
    finally:
        bot.stop()
    log = bot.log.read_text()
    start = [line for line in log.splitlines() if "starting with" in line]
    assert start, bot.tail()
    assert "postgresql+psycopg://postgres:***@127.0.0.1:5432/test" in start[0]
    assert f"settings file {tmp_path / '.env'}" in start[0]
    assert "reader URL https://news.example.org" in start[0]
    assert DB_PASSWORD not in log and tg.token not in log
