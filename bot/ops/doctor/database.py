"""The database (connects, writable, schema current) and the free disk beside a SQLite file."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.ops.doctor.results import DEPLOY_DOC, CheckResult, failed, passed
from bot.ops.doctor.schema import probe_write, schema_problem
from bot.ops.doctor.setup import redact_database_url
from storage.database import make_engine

MIN_FREE_BYTES = 200 * 1024 * 1024  # below this SQLite's next checkpoint or vacuum may fail


def check_database(url: str) -> CheckResult:
    """Connect, see that we may write, and that the schema is the one this code needs."""
    name = "Database"
    shown = redact_database_url(url)
    fix_url = "set DATABASE_URL (sqlite:///PATH or postgresql+psycopg://USER:PASSWORD@HOST/DB)"
    try:
        parsed = make_url(url)
    except Exception:  # SQLAlchemy raises several kinds for a nonsense URL
        return failed(name, "DATABASE_URL is not a database URL", fix_url)
    path = _sqlite_file(url)
    if path is not None:
        if not path.is_file():
            return failed(
                name,
                f"no database file at {path.resolve()}",
                "start the bot once (`newsbrief run` creates it) or point DATABASE_URL at it",
            )
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # An unreachable server should cost seconds, not the system's TCP timeout.
        parsed = parsed.update_query_dict({"connect_timeout": "10"})
    try:
        engine = make_engine(parsed.render_as_string(hide_password=False))
    except Exception as exc:
        return failed(name, f"{shown}: {_reason(exc)}", fix_url)
    try:
        problem = schema_problem(engine)
        if problem:
            found, fix = problem
            return failed(name, f"{shown}: {found}", f"{fix}; see {DEPLOY_DOC}")
        probe_write(engine)
    except Exception as exc:
        return failed(
            name,
            f"{shown}: {_reason(exc)}",
            "check that the database runs, that DATABASE_URL's user may write to it, and "
            "for SQLite that the file and its folder are writable by the bot's user",
        )
    finally:
        engine.dispose()
    return passed(name, f"{shown}: connected, writable, schema current")


def _sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (plain or `file:` URI form); None for anything else."""
    try:
        parsed = make_url(url)
    except Exception:  # not a database URL: check_database says so
        return None
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name in ("", ":memory:"):
        return None
    if name.startswith("file:"):
        name = name.removeprefix("file:").split("?", 1)[0]
    return Path(name) if name and "mode=memory" not in str(parsed.query) else None


def _reason(exc: BaseException) -> str:
    # The driver's own message (psycopg, sqlite3) says what went wrong; SQLAlchemy's wrapper
    # adds the statement and a link. The URL's password is never part of either.
    inner = getattr(exc, "orig", None) or exc
    first = (str(inner).strip().splitlines() or [type(inner).__name__])[0]
    return f"{type(inner).__name__}: {first[:200]}"


def check_disk(url: str) -> CheckResult:
    """Free space where the SQLite file lives (PostgreSQL keeps its own disk)."""
    path = _sqlite_file(url)
    if path is None:
        return passed("Free disk", "not checked: the database is not a local SQLite file")
    folder = path.resolve().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    usage = shutil.disk_usage(folder)
    detail = f"{_size(usage.free)} free of {_size(usage.total)} at {folder}"
    if usage.free < MIN_FREE_BYTES:
        return failed(
            "Free disk",
            detail,
            f"free at least {_size(MIN_FREE_BYTES)} there (old logs, backups), or move the "
            "database to a larger disk",
        )
    return passed("Free disk", detail)


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} TB"
