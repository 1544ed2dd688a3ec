"""`newsbrief db …`: upgrade, inspect, check, back up and copy the database; and the schema
step `newsbrief run` takes before it starts.

Each command prints what it did in a line or two; a refusal is one line and exit status 2,
a disagreement found by `check` exit status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from bot.ops.startup_failures import StartRefused
from bot.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


def add_db_commands(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="upgrade, check, back up or copy the database")
    commands = db.add_subparsers(dest="db_command", required=True)
    commands.add_parser("upgrade", help="bring the database to this version's schema")
    commands.add_parser("current", help="show the database's schema revision")
    commands.add_parser(
        "check", help="exit 1 if the database and this code disagree (revision or any column)"
    )
    backup = commands.add_parser(
        "backup", help="SQLite: copy the database to PATH while it runs; PostgreSQL: how to"
    )
    backup.add_argument("path", type=Path)
    copy = commands.add_parser(
        "copy", help="copy every table into an empty PostgreSQL database (to outgrow SQLite)"
    )
    copy.add_argument("--to", required=True, metavar="URL", help="postgresql+psycopg://…")
    revision = commands.add_parser(
        "revision", help="(developers) write a new migration from the models' changes"
    )
    revision.add_argument("message")


def run_db_command(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrations import SchemaError
    from storage.single_process import DatabaseInUse

    command = {
        "upgrade": _upgrade,
        "current": _current,
        "check": _check,
        "backup": _backup,
        "copy": _copy,
        "revision": _revision,
    }[args.db_command]
    missing = _missing_sqlite_file(settings.database_url)
    if missing and args.db_command != "upgrade":
        # Opening it would create an empty database where the operator expected theirs.
        print(f"newsbrief: no database at {missing} (DATABASE_URL)", file=sys.stderr)
        return 2
    try:
        return command(settings, args)
    except (SchemaError, DatabaseInUse) as exc:
        print(f"newsbrief: {exc}", file=sys.stderr)
        return 2


def _missing_sqlite_file(url: str) -> Path | None:
    from storage.single_process import sqlite_path

    path = sqlite_path(url)
    return path if path is not None and not path.exists() else None


@contextlib.contextmanager
def prepared_database(settings: Settings) -> Iterator[None]:
    """For `run`: hold the SQLite lock for the process's life and bring the schema up to date
    (or, with NEWSBRIEF_AUTO_MIGRATE=false, check it is). Raises StartRefused."""
    from storage.migrations import SchemaError
    from storage.single_process import DatabaseInUse, hold_sqlite_lock

    try:
        lock = hold_sqlite_lock(settings.database_url)
    except DatabaseInUse as exc:
        raise StartRefused(str(exc)) from None
    try:
        with _engine(settings.database_url) as engine:
            _migrate_or_check(engine, settings.auto_migrate)
        yield
    except SchemaError as exc:
        raise StartRefused(str(exc)) from None
    finally:
        if lock is not None:
            lock.close()


def _migrate_or_check(engine: Engine, auto: bool) -> None:
    from storage import migrations

    if auto:
        migrations.upgrade(engine)
        return
    try:
        migrations.ensure_current(engine)
    except migrations.SchemaBehind as exc:
        raise migrations.SchemaBehind(f"NEWSBRIEF_AUTO_MIGRATE is off and {exc}") from None


@contextlib.contextmanager
def _engine(url: str) -> Iterator[Engine]:
    from storage.database import make_engine

    engine = make_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def _stopped_bot(settings: Settings) -> Iterator[None]:
    """SQLite: refuse while a bot runs on the file (it would change under us)."""
    from storage.single_process import hold_sqlite_lock

    lock = hold_sqlite_lock(settings.database_url, "stop the bot first (SQLite serves one process)")
    try:
        yield
    finally:
        if lock is not None:
            lock.close()


def _upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    from storage import migrations

    with _stopped_bot(settings), _engine(settings.database_url) as engine:
        done = migrations.upgrade(engine)
    if done.changed:
        print(f"upgraded: {done.before.describe()} -> {done.after.describe()}")
    else:
        print(f"up to date: {done.after.describe()}")
    return 0


def _current(settings: Settings, _args: argparse.Namespace) -> int:
    from storage import migrations

    with _engine(settings.database_url) as engine, engine.connect() as conn:
        state = migrations.schema_state(conn)
    head = migrations.head_revision()
    print(f"database: {state.describe()}; this newsbrief: revision {head}")
    return 0


def _check(settings: Settings, _args: argparse.Namespace) -> int:
    from storage import migrations

    with _engine(settings.database_url) as engine:
        try:
            state = migrations.ensure_current(engine)
        except migrations.SchemaBehind as exc:
            print(f"newsbrief: {exc}", file=sys.stderr)
            return 1
        differences = migrations.differences(engine)
    if differences:
        print(
            f"newsbrief: the database ({state.describe()}) differs from this code's models:",
            file=sys.stderr,
        )
        for difference in differences:
            print(f"  {difference}", file=sys.stderr)
        return 1
    print(f"ok: the database matches this code ({state.describe()})")
    return 0


def _backup(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from storage.single_process import sqlite_path

    target: Path = args.path
    source = sqlite_path(settings.database_url)
    if source is None:
        url = make_url(settings.database_url).set(drivername="postgresql", password=None)
        print("PostgreSQL is backed up with its own tool; run (with PGPASSWORD set if needed):")
        print(f"  pg_dump --format=custom --file={target} '{url.render_as_string()}'")
        print(f"Restore into an empty database with: pg_restore --dbname=URL {target}")
        return 0
    if target.exists():
        print(f"newsbrief: {target} exists; give a new file name", file=sys.stderr)
        return 2
    # SQLite's online backup API: a consistent copy even while the bot writes.
    with contextlib.closing(sqlite3.connect(source)) as src:
        with contextlib.closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
    print(f"backed up {source} to {target}")
    return 0


def _copy(settings: Settings, args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    from storage.database_copy import CopyRefused, copy_database

    if make_url(args.to).get_backend_name() != "postgresql":
        print("newsbrief: --to must be a PostgreSQL URL (postgresql+psycopg://…)", file=sys.stderr)
        return 2
    with (
        _stopped_bot(settings),
        _engine(settings.database_url) as source,
        _engine(args.to) as target,
    ):
        try:
            copied = copy_database(
                source, target, progress=lambda table, rows: print(f"  {table}: {rows} rows")
            )
        except CopyRefused as exc:
            print(f"newsbrief: {exc}", file=sys.stderr)
            return 2
    shown = make_url(args.to).render_as_string(hide_password=True)
    print(f"copied {sum(copied.values())} rows; now set DATABASE_URL={shown} and start newsbrief")
    return 0


def _revision(settings: Settings, args: argparse.Namespace) -> int:
    from alembic import command

    from storage import migrations

    with _engine(settings.database_url) as engine:
        migrations.ensure_current(engine)
        with engine.begin() as conn:
            number = f"{int(migrations.head_revision()) + 1:04d}"
            script = command.revision(
                migrations.alembic_config(conn),
                message=args.message,
                autogenerate=True,
                rev_id=number,
            )
    written = script if isinstance(script, list) else [script]
    for one in written:
        if one is not None:
            print(f"wrote {one.path}: read it, then commit it")
    return 0
