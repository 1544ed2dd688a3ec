"""All configuration in one typed object, read once from the environment and an optional `.env`."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.timezones.lookup import UnknownZone, find_zone

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_EXAMPLES = "sqlite:///newsbrief.db or postgresql+psycopg://user:password@host/dbname"


class Settings(BaseSettings):
    """Every setting the bot reads. Names are stable: operators and scripts rely on them."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        use_attribute_docstrings=True,  # each field's docstring is its description (`--help`)
    )

    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    """the token from @BotFather (required for run); never logged"""
    telegram_api_url: str = Field(default="https://api.telegram.org/bot", alias="TELEGRAM_API_URL")
    """Bot API base URL (a self-hosted Bot API server or a test server)"""
    telegram_file_url: str | None = Field(default=None, alias="TELEGRAM_FILE_URL")
    """Bot API file base URL (default: Telegram's)"""
    database_url: str = Field(default="sqlite:///newsbrief.db", alias="DATABASE_URL")
    """sqlite:///FILE or postgresql+psycopg://user@host:5432/db"""
    # Upgrade the schema at start-up (under a lock); false: refuse to start until `newsbrief db
    # upgrade` has run (for operators who back up and upgrade by hand).
    auto_migrate: bool = Field(default=True, alias="NEWSBRIEF_AUTO_MIGRATE")
    """upgrade the schema at start-up; false: refuse until `newsbrief db upgrade`"""
    feeds: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="NEWSBRIEF_FEEDS")
    """extra feeds: comma-separated URLs, or a file of URLs (one a line) or OPML"""
    default_feeds: bool = Field(default=True, alias="NEWSBRIEF_DEFAULT_FEEDS")
    """poll the built-in list of reputable publishers"""
    poll_seconds: float = Field(default=900.0, ge=1.0, alias="NEWSBRIEF_POLL_SECONDS")
    """normal seconds between polls of one feed"""
    min_feed_interval: float = Field(default=300.0, ge=0, alias="NEWSBRIEF_MIN_FEED_INTERVAL")
    """no feed or search is polled more often than this, in seconds"""
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$", alias="NEWSBRIEF_LANGUAGE")
    """news-search language for chats that chose none"""
    region: str = Field(default="US", pattern=r"^[A-Z]{2}$", alias="NEWSBRIEF_REGION")
    """news-search region for chats that chose none"""
    google_news: bool = Field(default=True, alias="NEWSBRIEF_GOOGLE_NEWS")
    """search Google News RSS for each followed topic"""
    google_news_url: str = Field(
        default="https://news.google.com", alias="NEWSBRIEF_GOOGLE_NEWS_URL"
    )
    """Google News base URL"""
    bing_news: bool = Field(default=True, alias="NEWSBRIEF_BING_NEWS")
    """search Bing News RSS for each followed topic"""
    bing_news_url: str = Field(default="https://www.bing.com", alias="NEWSBRIEF_BING_NEWS_URL")
    """Bing base URL"""
    gdelt: bool = Field(default=False, alias="NEWSBRIEF_GDELT")
    """also search GDELT's DOC API"""
    gdelt_url: str = Field(default="https://api.gdeltproject.org", alias="NEWSBRIEF_GDELT_URL")
    """GDELT base URL"""
    search_seconds: float = Field(default=1800.0, ge=1.0, alias="NEWSBRIEF_SEARCH_SECONDS")
    """how often one topic's search is polled at most, in seconds"""
    search_max_topics: int = Field(default=100, ge=0, alias="NEWSBRIEF_SEARCH_MAX_TOPICS")
    """how many distinct topics are searched (0: none)"""
    digest_time: time = Field(default=time(7, 30), alias="NEWSBRIEF_DIGEST_TIME")
    """digest time for new chats (HH:MM, local)"""
    timezone: str = Field(default="UTC", alias="NEWSBRIEF_TIMEZONE")
    """time zone for new chats (an IANA name, or a city such as Karachi)"""
    reader_listen: str = Field(default="127.0.0.1:8080", alias="NEWSBRIEF_READER_LISTEN")
    """host:port of the web port: reader pages, /healthz, /metrics, webhook"""
    reader_url: str | None = Field(default=None, alias="NEWSBRIEF_READER_URL")
    """public base URL of the reader pages (Clean page links need a public one)"""
    # Unset: a key made once and kept in the database (every process and restart agrees).
    reader_secret: SecretStr | None = Field(default=None, alias="NEWSBRIEF_READER_SECRET")
    """key that signs reader links (default: made once, kept in the database)"""
    # Offer Clean page links although the reader URL's address looks private or local: an
    # assertion that the bot's users can open it anyway (tests on loopback, a bot on a LAN).
    reader_public: bool = Field(default=False, alias="NEWSBRIEF_READER_PUBLIC")
    """true: users can open a private or local NEWSBRIEF_READER_URL (a LAN)"""
    reader_link_days: int = Field(default=30, ge=1, alias="NEWSBRIEF_READER_LINK_DAYS")
    """days a reader link stays valid"""
    # The web port's connection cap; lowered to leave descriptors for the rest of the bot.
    web_max_connections: int = Field(
        default=1000, ge=8, le=100_000, alias="NEWSBRIEF_WEB_MAX_CONNECTIONS"
    )
    """most connections the web port holds at once"""
    # Empty: never ask, every Archive link is the Wayback Machine's latest-copy link.
    wayback_api_url: str = Field(
        default="https://archive.org/wayback/available", alias="NEWSBRIEF_WAYBACK_API_URL"
    )
    """the Wayback Machine's availability API; empty: never ask"""
    allow_private_urls: bool = Field(default=False, alias="NEWSBRIEF_ALLOW_PRIVATE_URLS")
    """allow fetching loopback/private addresses (tests only)"""
    tick_seconds: float = Field(default=30.0, gt=0, alias="NEWSBRIEF_TICK_SECONDS")
    """how often the scheduler checks for due polls and digests"""
    max_bytes: int = Field(default=5_000_000, ge=10_000, alias="NEWSBRIEF_MAX_BYTES")
    """largest response body read, after decompression"""
    fetch_deadline: float = Field(default=45.0, gt=0, alias="NEWSBRIEF_FETCH_DEADLINE")
    """total seconds one fetch may take, body included"""
    user_agent: str = Field(
        default="newsbrief/0.1 (news briefing bot; +https://github.com/newsbrief/newsbrief)",
        alias="NEWSBRIEF_USER_AGENT",
    )
    """the User-Agent sent to publishers"""
    extract_workers: int = Field(default=1, ge=0, le=16, alias="NEWSBRIEF_EXTRACT_WORKERS")
    """processes for article extraction and feed parsing (0: a thread pool)"""
    # Polling: sources polled at once, and each poll's budget of wall time and of CPU time
    # (reading one feed or page, in a worker process).
    poll_concurrency: int = Field(default=16, ge=1, le=256, alias="NEWSBRIEF_POLL_CONCURRENCY")
    """sources polled at once"""
    source_seconds: float = Field(default=120.0, ge=5, alias="NEWSBRIEF_SOURCE_SECONDS")
    """wall-time budget of one source's poll, in seconds"""
    source_cpu_seconds: float = Field(default=5.0, gt=0, alias="NEWSBRIEF_SOURCE_CPU_SECONDS")
    """CPU-time budget for reading one feed or page"""
    story_index_articles: int = Field(
        default=30_000, ge=100, le=1_000_000, alias="NEWSBRIEF_STORY_INDEX_ARTICLES"
    )
    """articles each process keeps in its story index"""
    start_retry_seconds: float | None = Field(
        default=None, ge=0, alias="NEWSBRIEF_START_RETRY_SECONDS"
    )
    """seconds start-up keeps retrying an unreachable Telegram or database (unset: for ever)"""
    log_level: str = Field(default="INFO", alias="NEWSBRIEF_LOG_LEVEL")
    """logging level"""
    log_format: Literal["logfmt", "json"] = Field(default="logfmt", alias="NEWSBRIEF_LOG_FORMAT")
    """logfmt or json"""
    # Delivery: the outbox's pace and patience, shared by every process of one bot.
    send_rate: float = Field(default=28.0, gt=0, le=1000, alias="NEWSBRIEF_SEND_RATE")
    """messages per second the bot sends on its own, all processes"""
    send_attempts: int = Field(default=8, ge=1, le=50, alias="NEWSBRIEF_SEND_ATTEMPTS")
    """tries of one message after network errors or 5xx"""
    claim_seconds: float = Field(default=30.0, gt=0, alias="NEWSBRIEF_CLAIM_SECONDS")
    """how long a process's claim on a queued message lasts"""
    digest_grace_minutes: float = Field(default=120.0, ge=0, alias="NEWSBRIEF_DIGEST_GRACE_MINUTES")
    """a digest missed while down is still sent if less late"""
    webhook_url: str | None = Field(default=None, alias="NEWSBRIEF_WEBHOOK_URL")
    """public https:// URL Telegram POSTs updates to (default: long polling)"""
    webhook_secret: SecretStr | None = Field(default=None, alias="NEWSBRIEF_WEBHOOK_SECRET")
    """the webhook's secret token (required with the URL)"""
    operator_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, alias="NEWSBRIEF_OPERATOR_IDS"
    )
    """Telegram user ids (comma-separated) allowed to use /stats"""

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _blank_token_is_missing(cls, value: object) -> object:
        # "TELEGRAM_BOT_TOKEN=" or spaces in .env is a token not yet pasted, not a token.
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("start_retry_seconds", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in LOG_LEVELS:
                raise ValueError(f"not a log level: use one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        # Never echo the URL: it may hold a password.
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(value).get_backend_name()
        except ArgumentError:
            raise ValueError(f"not a database address: use {DATABASE_EXAMPLES}") from None
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(
                f"newsbrief stores its data in SQLite or PostgreSQL, not {backend[:20]}: "
                f"use {DATABASE_EXAMPLES}"
            )
        return value

    @field_validator("operator_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()
        ):
            raise ValueError("use 1-256 characters: letters, digits, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.webhook_url:
            if not self.webhook_url.startswith("https://"):
                raise ValueError("NEWSBRIEF_WEBHOOK_URL must be an https:// URL")
            if self.webhook_secret is None:
                raise ValueError("NEWSBRIEF_WEBHOOK_URL needs NEWSBRIEF_WEBHOOK_SECRET")
        return self

    @field_validator("feeds", mode="before")
    @classmethod
    def _split_feeds(cls, value: object) -> object:
        # A comma-separated list, or a path to a file (one URL a line, or OPML).
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return []
            if "://" not in value and Path(value).is_file():
                return read_feed_list(Path(value))
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("language", "region", mode="before")
    @classmethod
    def _locale_case(cls, value: object, info: ValidationInfo) -> object:
        # "EN" and "pk" are what people type; codes have one spelling.
        if isinstance(value, str):
            value = value.strip()
            return value.upper() if info.field_name == "region" else value.lower()
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        # The resolver the chat uses: "Karachi", "europe/berlin" or "PKT" work here too.
        try:
            return find_zone(value)
        except UnknownZone as exc:
            raise ValueError(f"unknown time zone {value!r}: {exc}") from exc

    @property
    def token(self) -> str | None:
        return self.telegram_bot_token.get_secret_value() if self.telegram_bot_token else None

    @property
    def reader_host_port(self) -> tuple[str, int]:
        host, _, port = self.reader_listen.rpartition(":")
        return (host or "127.0.0.1").strip("[]"), int(port)

    @property
    def reader_base_url(self) -> str:
        if self.reader_url:
            return self.reader_url.rstrip("/")
        host, port = self.reader_host_port
        return f"http://{host}:{port}"

    @property
    def configured_reader_key(self) -> bytes | None:
        """The configured key that signs reader links (None: the database keeps one)."""
        return self.reader_secret.get_secret_value().encode() if self.reader_secret else None


def read_feed_list(path: Path) -> list[str]:
    """Feed URLs from a file: OPML (xmlUrl attributes) or one URL a line (# comments allowed)."""
    raw = path.read_bytes()
    if b"<opml" in raw[:2000].lower():
        from bot.fetching import parse_opml

        return [url for _title, url in parse_opml(raw)]
    lines = raw.decode("utf-8", "replace").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
