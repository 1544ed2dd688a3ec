"""Which database, `.env` file and reader URL a process uses, said without any secret."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.settings import Settings


def redact_database_url(url: str) -> str:
    """The URL with its password replaced by ***; an unparsable URL is not shown at all."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "(not a database URL)"


def redact_web_url(url: str) -> str:
    """The URL without a user name or password, should it carry one."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def env_file_in_use(settings: Settings) -> Path | None:
    """The `.env` file the settings were read from, if there is one (path as given, resolved)."""
    configured = settings.model_config.get("env_file")
    if not isinstance(configured, str | Path):
        return None
    path = Path(configured)
    return path.resolve() if path.is_file() else None


def describe_setup(settings: Settings) -> str:
    env_file = env_file_in_use(settings)
    reader = (
        redact_web_url(settings.reader_url)
        if settings.reader_url
        else f"{settings.reader_base_url} (NEWSBRIEF_READER_URL not set)"
    )
    return (
        f"database {redact_database_url(settings.database_url)}; "
        f"settings file {env_file or 'none (environment only)'}; "
        f"reader URL {reader}"
    )
