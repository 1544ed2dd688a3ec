"""`newsbrief run` refuses, in one line and at once, what would corrupt or confuse the data:
a second process on one SQLite file, a database newer than the code, and (when told not to
upgrade) a database older than the code. Real processes against the fake Telegram.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import create_engine, text

from storage import Database, migrations
from tests.fakes import FakeTelegram
from tests.fixtures.cli import run_cli
from tests.fixtures.ledger import load_ledger_fixture
from tests.fixtures.processes import BotProcess, bot_env


async def _run_once(env: dict[str, str], cwd: Path) -> tuple[int, list[str]]:
    """`newsbrief run` to its end (the fake Telegram keeps serving meanwhile)."""
    run = await run_cli("run", env=env, cwd=cwd)
    return run.code, run.err.strip().splitlines()


def _state(url: str) -> migrations.SchemaState:
    engine = create_engine(url)
    with engine.connect() as conn:
        state = migrations.schema_state(conn)
    engine.dispose()
    return state


async def test_a_second_run_on_one_sqlite_file_exits_at_once_and_says_why(
    tg: FakeTelegram, sqlite_url: str, tmp_path: Path
) -> None:
    env = bot_env(tg, sqlite_url)
    first = BotProcess(env, "all", tmp_path / "first.log")
    first.start()
    try:
        await first.wait_healthy(within=60)
        code, lines = await _run_once(env, tmp_path)
        assert code == 2
        assert len(lines) == 1, lines
        assert "SQLite serves one process" in lines[0]
        assert "newsbrief db copy --to postgresql+psycopg://" in lines[0]
        assert first.proc is not None and first.proc.poll() is None, "the first one runs on"
    finally:
        assert await asyncio.to_thread(first.stop) == 0, first.tail()
    # Once the first has stopped, the file is free again.
    second = BotProcess(env, "all", tmp_path / "second.log")
    second.start()
    try:
        await second.wait_healthy(within=60)
    finally:
        assert await asyncio.to_thread(second.stop) == 0, second.tail()


async def test_run_refuses_a_database_newer_than_the_code(
    tg: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    db = Database(database_url)
    db.migrate()
    with db.engine.begin() as conn:  # as a later release would leave it
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        conn.execute(text("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)"))
    db.close()

    code, lines = await _run_once(bot_env(tg, database_url), tmp_path)
    assert code == 2
    assert len(lines) == 1, lines
    assert "newer than this newsbrief" in lines[0]
    assert _state(database_url).revision == "9999", "left as it was"


async def test_with_auto_migrate_off_run_refuses_an_old_database_and_leaves_it(
    tg: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    load_ledger_fixture(database_url, "v5")
    env = bot_env(tg, database_url, NEWSBRIEF_AUTO_MIGRATE="false")
    code, lines = await _run_once(env, tmp_path)
    assert code == 2
    assert len(lines) == 1, lines
    assert "newsbrief db upgrade" in lines[0] and "ledger version 5" in lines[0]
    assert "NEWSBRIEF_AUTO_MIGRATE is off" in lines[0]
    state = _state(database_url)
    assert (state.ledger, state.revision) == (5, None), "not upgraded"


async def test_run_upgrades_an_old_database_by_default(
    tg: FakeTelegram, database_url: str, tmp_path: Path
) -> None:
    load_ledger_fixture(database_url, "v5")
    bot = BotProcess(bot_env(tg, database_url), "all", tmp_path / "bot.log")
    bot.start()
    try:
        await bot.wait_healthy(within=60)
    finally:
        assert await asyncio.to_thread(bot.stop) == 0, bot.tail()
    state = _state(database_url)
    assert (state.ledger, state.revision) == (None, migrations.head_revision())
