"""Upgrading never drifts: every database newsbrief ever released ends with the same schema.

The fixtures in testdata/ledger are the schema each old `schema_version` release created, dumped
from that release's own code (testdata/ledger/generate.py), never from today's models.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

from storage import Article, Chat, Database, migrations
from storage.database import make_engine
from storage.times import UTCDateTime
from tests.fixtures.ledger import load_ledger_fixture

RELEASES = [1, 2, 3, 4, 5, 6, 7, 8, 9]


@pytest.fixture
def other_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same kind as `database_url`."""
    parsed = make_url(database_url)
    if parsed.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'other.db'}"
        return
    schema = "o_" + uuid.uuid4().hex[:12]
    admin = create_engine(database_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    yield re.sub(r"search_path%3D\w+", f"search_path%3D{schema}", database_url)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def reflected_schema(engine: Engine) -> dict[str, Any]:
    """Everything a schema is made of, as SQLAlchemy reflects it (column order aside)."""
    insp = inspect(engine)
    schema: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        columns = {
            c["name"]: (
                str(c["type"].compile(dialect=engine.dialect)),
                c["nullable"],
                c.get("default"),
                c.get("autoincrement"),
            )
            for c in insp.get_columns(table)
        }
        schema[table] = {
            "columns": columns,
            "primary_key": insp.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": sorted(
                (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                for f in insp.get_foreign_keys(table)
            ),
            "indexes": sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in insp.get_indexes(table)
            ),
            "unique": sorted(
                (u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)
            ),
            "checks": sorted((c["name"], c["sqltext"]) for c in insp.get_check_constraints(table)),
        }
    return schema


def _fresh_schema(url: str) -> dict[str, Any]:
    database = Database(url)
    database.migrate()
    schema = reflected_schema(database.engine)
    database.close()
    return schema


@pytest.mark.parametrize("release", RELEASES)
def test_every_old_release_upgrades_to_exactly_the_fresh_schema(
    release: int, database_url: str, other_url: str
) -> None:
    load_ledger_fixture(database_url, f"v{release}")
    upgraded = Database(database_url)
    upgraded.migrate()

    assert reflected_schema(upgraded.engine) == _fresh_schema(other_url)
    assert migrations.differences(upgraded.engine) == [], "the models and the database agree"
    upgraded.close()


def test_a_database_made_by_an_old_sqlmodel_with_naive_times_converges(
    postgres_url: str, tmp_path: Path
) -> None:
    """SQLModel releases before its aware-datetime switch made `timestamp without time zone`."""
    load_ledger_fixture(postgres_url, "v9-naive")
    upgraded = Database(postgres_url)
    upgraded.migrate()
    columns = inspect(upgraded.engine).get_columns("chat")
    assert {c["name"]: str(c["type"]) for c in columns}["created_at"] == "TIMESTAMP"
    assert all(
        isinstance(c["type"], DateTime) and c["type"].timezone
        for table in inspect(upgraded.engine).get_table_names()
        for c in inspect(upgraded.engine).get_columns(table)
        if c["type"].__class__.__name__ == "TIMESTAMP"
    )
    assert migrations.differences(upgraded.engine) == []
    upgraded.close()


def test_times_read_back_as_written_whatever_the_session_time_zone(postgres_url: str) -> None:
    """On an upgraded database, 08:00Z is 08:00Z for a session in Asia/Karachi (UTC+5)."""
    load_ledger_fixture(postgres_url, "v3")
    old = create_engine(postgres_url)
    with old.begin() as conn:  # a row the old release wrote: naive UTC
        conn.execute(
            text(
                "INSERT INTO article (canonical_url, url, title, fetched_at, text, summary, "
                "text_from) VALUES ('https://a.example/1', 'https://a.example/1', 'Quake', "
                "'2026-11-27 08:00:00', '', '', 'page')"
            )
        )
    old.dispose()
    Database(postgres_url).migrate()

    karachi = make_engine(postgres_url + "%20-ctimezone%3DAsia/Karachi")
    eight = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    with Session(karachi) as session:
        assert session.execute(text("SHOW timezone")).scalar() == "Asia/Karachi"
        article = session.get(Article, 1)
        assert article is not None and article.fetched_at == eight, "the old row kept its time"
        article.archive_checked_at = eight
        session.add(article)
        session.commit()
    with Session(karachi) as session:
        article = session.get(Article, 1)
        assert article is not None and article.archive_checked_at == eight
        utc_text = session.execute(
            text("SELECT to_char(archive_checked_at AT TIME ZONE 'UTC', 'HH24:MI') FROM article")
        ).scalar()
        assert utc_text == "08:00"
    karachi.dispose()


def test_an_upgrade_that_fails_midway_leaves_the_database_as_it_was(database_url: str) -> None:
    """Power cut after the old ledger's steps and the first table copies: nothing half-done."""
    load_ledger_fixture(database_url, "v5")
    before = reflected_schema(create_engine(database_url))
    database = Database(database_url)

    def power_cut(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        # Revision 0002 reaching its second table (chat is done): the source table.
        if "_alembic_tmp_source" in statement or statement.startswith("ALTER TABLE source ALTER"):
            raise RuntimeError("power cut")

    event.listen(database.engine, "before_cursor_execute", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        database.migrate()
    event.remove(database.engine, "before_cursor_execute", power_cut)
    assert reflected_schema(database.engine) == before
    with database.engine.connect() as conn:
        assert migrations.schema_state(conn).ledger == 5
    database.migrate()  # and the next start upgrades it whole
    assert migrations.differences(database.engine) == []
    database.close()


def test_an_old_release_started_beside_a_new_one_changes_nothing(database_url: str) -> None:
    """The last ledger release, started by mistake on an upgraded database, writes its
    `schema_version` (9) again; the next start drops it and stays on its revision."""
    database = Database(database_url)
    database.migrate()
    with database.engine.begin() as conn:
        conn.execute(text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        conn.execute(text("INSERT INTO schema_version (version) VALUES (9)"))
    database.migrate()
    with database.engine.connect() as conn:
        state = migrations.schema_state(conn)
    assert (state.ledger, state.revision) == (None, migrations.head_revision())
    assert migrations.differences(database.engine) == []
    database.close()


def test_every_datetime_column_is_an_aware_utc_column() -> None:
    """A new model's datetime field must use `utc()`: SQLModel's own mapping changed between
    releases (naive before 0.0.45), and a naive column shifts with the session's time zone."""
    naive = [
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if isinstance(getattr(column.type, "impl_instance", column.type), DateTime)
        and not isinstance(column.type, UTCDateTime)
    ]
    assert naive == []


def test_naive_times_written_by_sessions_in_another_zone_keep_their_instant(
    postgres_url: str,
) -> None:
    """A server whose TimeZone is Asia/Karachi stored the bot's 08:00Z as a naive 13:00; after
    the upgrade (through the same kind of session) the digest is still due at 08:00Z."""
    karachi_url = postgres_url + "%20-ctimezone%3DAsia/Karachi"
    load_ledger_fixture(postgres_url, "v9-naive")
    eight = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)
    old = create_engine(karachi_url)
    with old.begin() as conn:  # as the old release wrote it: an aware parameter
        conn.execute(
            text(
                "INSERT INTO chat (id, kind, active, digest_enabled, digest_time, timezone, "
                "digest_frequency, digest_days, weekly_day, nothing_new_note, next_digest_at, "
                "created_at) VALUES (42, 'private', true, true, '13:00', 'Asia/Karachi', "
                "'daily', '1234567', 1, false, :due, :due)"
            ),
            {"due": eight},
        )
        stored = conn.execute(text("SELECT next_digest_at::text FROM chat")).scalar()
        assert stored == "2026-11-27 13:00:00", "the old column kept Karachi wall time"
    old.dispose()

    database = Database(karachi_url)
    database.migrate()
    chat = database.call_sync(lambda s: s.get(Chat, 42))
    assert chat is not None and chat.next_digest_at == eight
    database.close()
