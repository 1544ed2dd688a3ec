"""The doctor's checks one by one, against real databases, the fake Bot API and a resolver seam."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.fetching.address_guard import Resolver
from bot.ops.doctor.database import check_database
from bot.ops.doctor.reader_url import check_reader
from bot.ops.doctor.setup import describe_setup, redact_database_url
from bot.ops.doctor.telegram_api import check_telegram
from bot.settings import Settings
from storage import Database
from tests.fakes import FakeTelegram


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_a_current_writable_database_passes(database_url):
    Database(database_url).migrate()
    result = check_database(database_url)
    assert result.ok, result
    assert "writable" in result.detail


def test_a_database_behind_this_code_says_to_upgrade(database_url):
    db = Database(database_url)
    db.migrate()
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    result = check_database(database_url)
    assert not result.ok
    assert "revision 0001" in result.detail and "needs an upgrade" in result.detail
    assert "newsbrief db upgrade" in result.fix


def test_a_missing_sqlite_file_is_named_and_not_created(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'nowhere' / 'newsbrief.db'}"
    result = check_database(url)
    assert not result.ok and "no database file at" in result.detail
    assert not (tmp_path / "nowhere").exists()


def test_a_read_only_sqlite_database_fails_the_write_check(tmp_path: Path):
    path = tmp_path / "newsbrief.db"
    Database(f"sqlite:///{path}").migrate()
    result = check_database(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert not result.ok
    assert "readonly" in result.detail and "writable" in result.fix


def test_an_unreachable_postgresql_fails_fast_without_its_password():
    url = "postgresql+psycopg://newsbrief:s3cret-pw@127.0.0.1:9/newsbrief"
    result = check_database(url)
    assert not result.ok and "s3cret-pw" not in result.detail + result.fix
    assert "***" in result.detail


def test_the_setup_line_hides_passwords():
    assert redact_database_url("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    line = describe_setup(
        _settings(DATABASE_URL="postgresql://u:pw@h/db", NEWSBRIEF_READER_URL="https://a:b@x.org")
    )
    assert "pw" not in line and "a:b" not in line and "https://***@x.org" in line


def _resolve_to(address: str) -> Resolver:
    async def resolver(_host: str, _port: int) -> list[str]:
        return [address]

    return resolver


async def test_a_reader_url_on_a_private_or_link_local_address_fails():
    settings = _settings(NEWSBRIEF_READER_URL="https://news.example.org")
    for address, kind in (("10.1.2.3", "private"), ("169.254.7.7", "link-local")):
        result = await check_reader(settings, resolver=_resolve_to(address))
        assert not result.ok and f"a {kind} address" in result.detail, result
        assert "NEWSBRIEF_READER_URL" in result.fix


async def test_no_reader_url_fails_and_says_where_links_would_point():
    result = await check_reader(_settings(NEWSBRIEF_READER_LISTEN="127.0.0.1:8099"))
    assert not result.ok and "http://127.0.0.1:8099" in result.detail


async def test_a_webhook_registered_elsewhere_fails():
    async with FakeTelegram() as tg:
        tg.webhook = {"url": "https://old.example.org/hook"}
        settings = _settings(
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_URL=tg.base_url,
            NEWSBRIEF_WEBHOOK_URL="https://news.example.org/hook",
            NEWSBRIEF_WEBHOOK_SECRET="s",
        )
        token, webhook = await check_telegram(settings)
    assert token.ok
    assert not webhook.ok and "another address (old.example.org)" in webhook.detail


class _TelegramWithDeliveryErrors(FakeTelegram):
    """Telegram as it answers after failing to deliver to the webhook."""

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        info = await super()._get_webhook_info(params)
        return {
            **info,
            "last_error_date": 1_790_000_000,
            "last_error_message": "Wrong response from the webhook: 502 Bad Gateway",
        }


async def test_a_webhook_telegram_cannot_deliver_to_fails_with_telegrams_reason():
    async with _TelegramWithDeliveryErrors() as tg:
        tg.webhook = {"url": "https://news.example.org/hook"}
        settings = _settings(
            TELEGRAM_BOT_TOKEN=tg.token,
            TELEGRAM_API_URL=tg.base_url,
            NEWSBRIEF_WEBHOOK_URL="https://news.example.org/hook",
            NEWSBRIEF_WEBHOOK_SECRET="s",
        )
        _token, webhook = await check_telegram(settings)
    assert not webhook.ok and "502 Bad Gateway" in webhook.detail
    assert "nginx" in webhook.fix
