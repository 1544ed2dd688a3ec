"""`newsbrief db …` as an operator runs it: real processes, a real SQLite file, real PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, text
from sqlmodel import SQLModel

from storage import Article, Database
from storage import outbox as ob
from storage.queries import articles as articles_q
from storage.queries import chats as chats_q
from storage.queries import deliveries as deliveries_q
from storage.queries import follows as follows_q
from storage.queries import matches as matches_q
from storage.queries import mutes as mutes_q
from storage.queries import sources as sources_q
from storage.queries import stories as stories_q
from storage.queries import topics as topics_q
from storage.single_process import hold_sqlite_lock
from tests.fixtures.chats import add_chat
from tests.fixtures.cli import run_cli
from tests.fixtures.ledger import load_ledger_fixture
from tests.fixtures.processes import REPO

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


async def _db(*args: str, url: str, cwd: Path) -> tuple[int, str, str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DATABASE_URL": url}
    run = await run_cli("db", *args, env=env, cwd=cwd, within=120)
    return run.code, run.out, run.err


def _a_bot_with_subscribers(url: str) -> None:
    """What a SQLite bot keeps after a while: chats, topics, feeds, stories, articles, sends."""
    db = Database(url)
    db.migrate()
    for chat_id in (42, -100123):
        add_chat(db, chat_id, NOW, timezone="Asia/Karachi", next_digest_at=NOW + timedelta(days=1))
    topic = db.call_sync(topics_q.add_topic, 42, "Chile earthquake", "chile earthquak", NOW)
    assert topic is not None
    source, _ = db.call_sync(
        sources_q.link_chat_source, 42, "https://feeds.example/world.xml", "World", now=NOW
    )
    ids = []
    for n in range(3):
        url = f"https://news.example/quake-{n}"
        article = Article(
            canonical_url=url,
            url=url,
            title=f"Earthquake strikes Chile coast ({n})",
            source_id=source.id,
            fetched_at=NOW + timedelta(minutes=n),
            published_at=NOW - timedelta(hours=n),
            text="A strong earthquake…",
            summary="A strong earthquake struck.",
            story_id=7,
        )
        stored = db.call_sync(articles_q.add_article, article)
        assert stored is not None and stored.id is not None
        ids.append(stored.id)
    db.call_sync(stories_q.upsert_story, 7, "Earthquake strikes Chile coast", NOW)
    db.call_sync(matches_q.add_matches, [(topic.id, 42, i) for i in ids], NOW)
    db.call_sync(deliveries_q.record_deliveries, 42, ids[:2], "digest", NOW)
    db.call_sync(follows_q.follow_story, 42, 7, 555, ids[-1], NOW)
    db.call_sync(mutes_q.mute_source, -100123, "news.example", NOW + timedelta(days=30))
    db.call_sync(lambda s: ob.enqueue(s, 42, kind="digest", html="<b>Digest</b>", now=NOW))
    db.close()


def _counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }


async def test_db_copy_moves_a_sqlite_bot_to_postgresql_without_losing_anyone(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    _a_bot_with_subscribers(sqlite_url)

    code, out, err = await _db("copy", "--to", postgres_url, url=sqlite_url, cwd=tmp_path)
    assert code == 0, err
    assert "DATABASE_URL=" in out

    source, target = Database(sqlite_url), Database(postgres_url)
    assert _counts(target) == _counts(source)
    assert _counts(target)["chat"] == 2 and _counts(target)["article"] == 3
    chat = target.call_sync(chats_q.get_chat, 42)
    assert chat is not None and chat.timezone == "Asia/Karachi"
    assert chat.next_digest_at == NOW + timedelta(days=1), "times arrive as the same instants"
    assert [t.query for t in target.call_sync(topics_q.list_topics, 42)] == ["Chile earthquake"]
    assert [a.title for a in target.call_sync(stories_q.story_articles, 7)] == [
        a.title for a in source.call_sync(stories_q.story_articles, 7)
    ]
    # The sequences continue after the copied ids: the bot can store new rows at once.
    new = target.call_sync(
        articles_q.add_article,
        Article(
            canonical_url="https://n.example/1",
            url="https://n.example/1",
            title="New",
            fetched_at=NOW,
        ),
    )
    assert new is not None and new.id == 4
    source.close()
    target.close()

    # A second copy would mix two bots' data: refused, and nothing changes.
    code, _out, err = await _db("copy", "--to", postgres_url, url=sqlite_url, cwd=tmp_path)
    assert code == 2 and "not empty" in err


async def test_db_copy_refuses_while_the_bot_runs_on_the_file(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    _a_bot_with_subscribers(sqlite_url)
    running = hold_sqlite_lock(sqlite_url)  # what `newsbrief run` holds
    try:
        code, _out, err = await _db("copy", "--to", postgres_url, url=sqlite_url, cwd=tmp_path)
    finally:
        assert running is not None
        running.close()
    assert code == 2 and "stop the bot first" in err
    target = Database(postgres_url)
    with target.engine.connect() as conn:
        assert (
            conn.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables "
                    "WHERE table_schema = current_schema()"
                )
            ).scalar()
            == 0
        )
    target.close()


async def test_db_check_tells_an_old_database_from_an_upgraded_one(
    database_url: str, tmp_path: Path
) -> None:
    load_ledger_fixture(database_url, "v7")
    code, out, err = await _db("current", url=database_url, cwd=tmp_path)
    assert code == 0 and "ledger version 7" in out
    code, _out, err = await _db("check", url=database_url, cwd=tmp_path)
    assert code == 1 and "needs an upgrade" in err

    code, out, err = await _db("upgrade", url=database_url, cwd=tmp_path)
    assert code == 0 and out.startswith("upgraded: ledger version 7"), out + err
    code, out, _err = await _db("check", url=database_url, cwd=tmp_path)
    assert code == 0 and out.startswith("ok:")

    # Someone changes a column by hand: check sees the code and the database disagree.
    db = Database(database_url)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE INDEX ix_by_hand ON article (title)"))
    db.close()
    code, _out, err = await _db("check", url=database_url, cwd=tmp_path)
    assert code == 1 and "ix_by_hand" in err


async def test_db_backup_copies_a_running_sqlite_bot(sqlite_url: str, tmp_path: Path) -> None:
    _a_bot_with_subscribers(sqlite_url)
    running = hold_sqlite_lock(sqlite_url)
    try:
        code, out, err = await _db(
            "backup", str(tmp_path / "copy.db"), url=sqlite_url, cwd=tmp_path
        )
    finally:
        assert running is not None
        running.close()
    assert code == 0, err
    backup = sqlite3.connect(tmp_path / "copy.db")
    assert backup.execute("SELECT count(*) FROM chat").fetchone() == (2,)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() is not None
    backup.close()


async def test_db_backup_on_postgresql_prints_pg_dump_without_the_password(
    tmp_path: Path,
) -> None:
    url = "postgresql+psycopg://newsbrief:s3cret@db.example:5432/newsbrief"
    code, out, _err = await _db("backup", "nb.dump", url=url, cwd=tmp_path)
    assert code == 0
    assert "pg_dump --format=custom --file=nb.dump 'postgresql://newsbrief:***@db.example" in out
    assert "s3cret" not in out


async def test_db_commands_never_create_the_database_they_were_asked_about(tmp_path: Path) -> None:
    """A mistyped DATABASE_URL: say so, rather than back up or copy a new empty file."""
    url = f"sqlite:///{tmp_path / 'typo.db'}"
    for command in (["backup", str(tmp_path / "b.db")], ["check"], ["current"]):
        code, _out, err = await _db(*command, url=url, cwd=tmp_path)
        assert code == 2 and "no database at" in err
    assert not (tmp_path / "typo.db").exists() and not (tmp_path / "b.db").exists()
