"""No secret reaches stderr or the log, however `newsbrief run` fails, and a failed start ends
in one line that names the setting to fix.

Real `python -m bot.cli run` processes against the fake Telegram: a token Telegram rejects, a
TELEGRAM_API_URL that is not the Bot API, a malformed webhook secret, and a healthy start in
webhook mode at DEBUG (where PTB logs setWebhook's parameters, the secret among them).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.fakes import FakeTelegram
from tests.fixtures.cli import run_cli
from tests.fixtures.processes import BotProcess, bot_env

TOKEN = "5550123:AAF-distinctive-Bot-Token-value_42"
WEBHOOK_SECRET = "hook-secret-Zq81_distinctive"
READER_SECRET = "reader-signing-key-Kx93distinctive"
DB_PASSWORD = "db-password-Vm27distinctive"


def _secrets_in(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


async def _run(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    run = await run_cli("run", env=env, cwd=cwd, within=90, merge_stderr=True)
    return run.code, run.out


def _last_line(output: str) -> str:
    return output.strip().splitlines()[-1]


async def test_a_rejected_token_ends_in_one_line_without_the_token(tmp_path, sqlite_url):
    async with FakeTelegram() as tg:  # knows its own token, not ours: answers 401
        env = bot_env(tg, sqlite_url, TELEGRAM_BOT_TOKEN=TOKEN)
        status, output = await _run(env, tmp_path)
    assert status == 2, output
    assert "Traceback" not in output, output
    assert "TELEGRAM_BOT_TOKEN" in _last_line(output) and "@BotFather" in _last_line(output)
    assert _secrets_in(output, [TOKEN, TOKEN.split(":")[1]]) == [], output


async def test_a_wrong_api_url_ends_in_one_line_without_the_token(tmp_path, sqlite_url):
    async with FakeTelegram(token=TOKEN) as tg:
        wrong = tg.base_url.removesuffix("/bot") + "/v2/bot"  # the fake answers 404 there
        # At DEBUG the traceback is logged: redacted like every other line.
        env = bot_env(tg, sqlite_url, TELEGRAM_API_URL=wrong, NEWSBRIEF_LOG_LEVEL="DEBUG")
        status, output = await _run(env, tmp_path)
    assert status == 2, output
    assert "Traceback" in output, "the DEBUG traceback is there"
    assert "TELEGRAM_API_URL" in _last_line(output), output
    assert _secrets_in(output, [TOKEN, TOKEN.split(":")[1]]) == [], output


async def test_a_malformed_secret_setting_is_named_but_not_echoed(tmp_path, sqlite_url):
    almost = "hook secret with-spaces-Distinctive"
    async with FakeTelegram(token=TOKEN) as tg:
        env = bot_env(
            tg,
            sqlite_url,
            NEWSBRIEF_WEBHOOK_URL="https://bot.example.org/hook",
            NEWSBRIEF_WEBHOOK_SECRET=almost,
        )
        status, output = await _run(env, tmp_path)
    assert status == 2, output
    assert output.strip().count("\n") == 0, f"one line: {output}"
    assert "NEWSBRIEF_WEBHOOK_SECRET" in output
    assert _secrets_in(output, [almost, TOKEN]) == [], output


async def test_webhook_mode_at_debug_logs_no_secret(tmp_path, postgres_url):
    url = make_url(postgres_url).set(password=DB_PASSWORD).render_as_string(hide_password=False)
    async with FakeTelegram(token=TOKEN) as tg:
        env = bot_env(
            tg,
            url,
            NEWSBRIEF_LOG_LEVEL="DEBUG",
            NEWSBRIEF_WEBHOOK_URL="https://bot.example.org/telegram/hook",
            NEWSBRIEF_WEBHOOK_SECRET=WEBHOOK_SECRET,
            NEWSBRIEF_READER_SECRET=READER_SECRET,
        )
        bot = BotProcess(env, "all", tmp_path / "bot.log")
        bot.start()
        try:
            await bot.wait_healthy(within=90)
            # Fully started (stop() blocks this loop, where the fake Telegram answers).
            for _ in range(300):
                if "newsbrief running" in bot.log.read_text(errors="replace"):
                    break
                await asyncio.sleep(0.1)
            assert tg.webhook["params"]["secret_token"] == WEBHOOK_SECRET
        finally:
            status = bot.stop()
    log = bot.log.read_text(errors="replace")
    assert status == 0, bot.tail()
    assert "setWebhook" in log, "the DEBUG lines are there"
    secrets = [TOKEN, TOKEN.split(":")[1], WEBHOOK_SECRET, READER_SECRET, DB_PASSWORD]
    assert _secrets_in(log, secrets) == [], [
        line for line in log.splitlines() if _secrets_in(line, secrets)
    ][:3]


async def test_an_unreachable_database_ends_in_one_line_without_its_password(tmp_path):
    closed_port = "postgresql+psycopg://newsbrief:" + DB_PASSWORD + "@127.0.0.1:9/newsbrief"
    async with FakeTelegram(token=TOKEN) as tg:
        # Retried (a WARNING line each time, the URL in none) until the retry time is up.
        env = bot_env(tg, closed_port, NEWSBRIEF_START_RETRY_SECONDS="2")
        status, output = await _run(env, tmp_path)
    assert status == 1, output  # may pass: a supervisor may restart it
    assert "Traceback" not in output, output
    assert "DATABASE_URL" in _last_line(output), output
    assert _secrets_in(output, [DB_PASSWORD, TOKEN]) == [], output
