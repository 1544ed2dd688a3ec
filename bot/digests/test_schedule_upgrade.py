"""A database from before per-chat schedules gains them on start-up, with today's behaviour."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import create_engine, text
from sqlmodel import Session

from bot.digests.schedule import next_digest_for
from storage.migrations import upgrade
from storage.models import Chat
from tests.fixtures.ledger import load_ledger_fixture

SCHEDULE_COLUMNS = (
    "digest_frequency",
    "digest_days",
    "weekly_day",
    "quiet_hours",
    "nothing_new_note",
)


def test_an_old_database_gains_the_schedule_settings(database_url):
    load_ledger_fixture(database_url, "v6")  # how version 6 left the chat table
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO chat (id, kind, active, digest_enabled, digest_time, timezone, "
                    "created_at) VALUES (77, 'private', true, true, '06:45', 'Europe/Berlin', "
                    "'2026-03-01 00:00:00')"
                )
            )
        assert upgrade(engine).changed
        assert not upgrade(engine).changed, "a second start-up changes nothing"
        with Session(engine) as s:
            chat = s.get(Chat, 77)
            assert chat is not None
            assert (chat.digest_frequency, chat.digest_days, chat.weekly_day) == (
                "daily",
                "1234567",
                1,
            )
            assert chat.quiet_hours is None and chat.nothing_new_note is False
            after = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
            # Still a daily digest at 06:45 Berlin time, the first one in summer time.
            assert next_digest_for(chat, after) == datetime(2026, 3, 29, 4, 45, tzinfo=UTC)
    finally:
        engine.dispose()
