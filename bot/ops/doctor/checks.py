"""The checks, each returning rows and never raising: a check that cannot run is a failed row."""

from __future__ import annotations

import asyncio
import ipaddress
import shutil
import time
from collections.abc import Awaitable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy.engine import make_url
from telegram import Bot
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError

from bot.fetching import Fetcher, FetchError, FetchPolicy
from bot.fetching.address_guard import (
    Resolver,
    is_forbidden_address,
    parse_web_url,
    system_resolver,
)
from bot.ops.doctor.results import CheckResult, failed, passed
from bot.ops.doctor.schema import probe_write, schema_state
from bot.ops.doctor.setup import redact_database_url, redact_web_url
from bot.settings import Settings
from bot.sources.catalog import DEFAULT_FEEDS
from bot.sources.search_answers import read_answer
from storage.database import make_engine

TELEGRAM_SECONDS = 20.0
READER_SECONDS = 10.0
SOURCES_AT_ONCE = 8
MIN_FREE_BYTES = 200 * 1024 * 1024  # below this SQLite's next checkpoint or vacuum may fail
DEPLOY_DOC = "docs/deploy.md"


async def run_checks(settings: Settings, *, resolver: Resolver | None = None) -> list[CheckResult]:
    """Every check, run concurrently; rows in a fixed order."""
    rows = await asyncio.gather(
        _safely("Telegram token", check_telegram(settings)),
        _safely("Database", asyncio.to_thread(check_database, settings.database_url)),
        _safely("Reader URL", check_reader(settings, resolver=resolver)),
        _safely("Time zone, digest", asyncio.to_thread(check_schedule, settings)),
        _safely("Free disk", asyncio.to_thread(check_disk, settings.database_url)),
        _safely("Sources", check_sources(settings)),
    )
    return [row for group in rows for row in group]


async def _safely(
    name: str, check: Awaitable[CheckResult | list[CheckResult]]
) -> list[CheckResult]:
    """The check's rows; a check that broke is a failed row, never a traceback."""
    try:
        found = await check
    except Exception as exc:
        return [failed(name, f"the check itself failed ({type(exc).__name__})", "report a bug")]
    return found if isinstance(found, list) else [found]


# --- Telegram ---------------------------------------------------------------------------------


async def check_telegram(settings: Settings) -> list[CheckResult]:
    """The token (getMe) and, when one is configured, the webhook (getWebhookInfo)."""
    if not settings.token or not settings.token.strip():
        fix = "get a token from @BotFather (/newbot) and set TELEGRAM_BOT_TOKEN"
        rows = [failed("Telegram token", "TELEGRAM_BOT_TOKEN is not set", fix)]
        if settings.webhook_url:
            rows.append(failed("Webhook", "cannot check without a token", fix))
        return rows
    bot = Bot(settings.token, base_url=settings.telegram_api_url)
    try:
        async with asyncio.timeout(TELEGRAM_SECONDS):
            rows = await _telegram_rows(bot, settings)
    except TimeoutError:
        rows = [_unreachable(settings, "no answer within 20 s")]
    finally:
        await bot.shutdown()
    if settings.webhook_url and len(rows) == 1:
        rows.append(failed("Webhook", "not checked: the token check failed", "fix that first"))
    return rows


async def _telegram_rows(bot: Bot, settings: Settings) -> list[CheckResult]:
    api = _api_host(settings.telegram_api_url)
    try:
        me = await bot.get_me()
    except (InvalidToken, Forbidden):
        # Never the exception's text: PTB's quotes the token.
        return [
            failed(
                "Telegram token",
                f"{api} refused the token (getMe: unauthorized)",
                "copy the token again from @BotFather (/mybots → API Token) into "
                "TELEGRAM_BOT_TOKEN; a revoked token stops working at once",
            )
        ]
    except NetworkError as exc:
        return [_unreachable(settings, type(exc).__name__)]
    except TelegramError as exc:
        return [_unreachable(settings, type(exc).__name__)]
    rows = [passed("Telegram token", f"@{me.username} (id {me.id}) answers at {api}")]
    if settings.webhook_url:
        rows.append(await _webhook_row(bot, settings.webhook_url))
    return rows


async def _webhook_row(bot: Bot, wanted: str) -> CheckResult:
    try:
        info = await bot.get_webhook_info()
    except TelegramError as exc:
        return failed("Webhook", f"getWebhookInfo failed ({type(exc).__name__})", "retry later")
    start = "start the bot (`newsbrief run` registers NEWSBRIEF_WEBHOOK_URL with Telegram)"
    if not info.url:
        return failed("Webhook", "Telegram has no webhook registered", start)
    if info.url != wanted:
        return failed(
            "Webhook",
            f"Telegram posts to another address ({_host_of(info.url)})",
            f"{start}; if another copy of the bot uses this token, stop it",
        )
    if info.last_error_message:
        when = info.last_error_date.isoformat(" ", "minutes") if info.last_error_date else "?"
        return failed(
            "Webhook",
            f"Telegram's last delivery failed at {when}: {info.last_error_message[:200]}",
            "check that nginx forwards the webhook path to the bot and that the certificate "
            f"is valid (see {DEPLOY_DOC})",
        )
    return passed(
        "Webhook",
        f"registered at {_host_of(wanted)}, no delivery errors, "
        f"{info.pending_update_count} updates pending",
    )


def _unreachable(settings: Settings, why: str) -> CheckResult:
    return failed(
        "Telegram token",
        f"cannot reach {_api_host(settings.telegram_api_url)} ({why})",
        "check the network, DNS and TELEGRAM_API_URL (leave it unset for api.telegram.org)",
    )


def _api_host(url: str) -> str:
    # TELEGRAM_API_URL ends in /bot and the token is appended: show the host only.
    return _host_of(url)


def _host_of(url: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return "(not a URL)"
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host


# --- Database ---------------------------------------------------------------------------------


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
        with engine.connect() as conn:
            have, want = schema_state(conn)
        if have < want:
            return failed(
                name,
                f"{shown}: schema version {have}, this code needs {want}",
                "start the bot once: it upgrades the schema at start-up (back up first, "
                f"see {DEPLOY_DOC})",
            )
        if have > want:
            return failed(
                name,
                f"{shown}: schema version {have} is newer than this code's {want}",
                "install the newsbrief version that wrote this database",
            )
        with engine.connect() as conn:
            probe_write(conn)
    except Exception as exc:
        return failed(
            name,
            f"{shown}: {_reason(exc)}",
            "check that the database runs, that DATABASE_URL's user may write to it, and "
            "for SQLite that the file and its folder are writable by the bot's user",
        )
    finally:
        engine.dispose()
    return passed(name, f"{shown}: connected, writable, schema version {have} (current)")


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


# --- Reader URL -------------------------------------------------------------------------------


async def check_reader(settings: Settings, *, resolver: Resolver | None = None) -> CheckResult:
    """Is NEWSBRIEF_READER_URL an address users' phones can reach, and does it lead to us?"""
    name = "Reader URL"
    fix_public = (
        "set NEWSBRIEF_READER_URL to the public https:// address that your web server (nginx) "
        f"forwards to NEWSBRIEF_READER_LISTEN ({settings.reader_listen}); see {DEPLOY_DOC}"
    )
    url = settings.reader_url
    if not url:
        return failed(
            name,
            f"not set: Clean page links would point to {settings.reader_base_url}",
            fix_public,
        )
    shown = redact_web_url(url).rstrip("/")[:200]
    try:
        parsed = parse_web_url(url)
    except FetchError as exc:
        return failed(name, f"{shown}: {exc}", fix_public)
    host = parsed.host
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        addresses = await _addresses(host, port, resolver or system_resolver)
    except (OSError, UnicodeError, TimeoutError):
        return failed(name, f"{host} does not resolve", f"add a DNS record for {host}")
    private = [a for a in addresses if is_forbidden_address(a)]
    if private:
        return failed(
            name,
            f"{shown} is a {_kind_of_address(private[0])} address: users' phones cannot "
            "open Clean page links there",
            fix_public,
        )
    health = url.rstrip("/") + "/healthz"
    try:
        # The environment's proxy settings apply: this request goes where a user's would.
        async with httpx.AsyncClient(timeout=READER_SECONDS, follow_redirects=True) as client:
            answer = await client.get(health)
    except httpx.HTTPError as exc:
        return failed(
            name,
            f"{shown}/healthz does not answer ({type(exc).__name__})",
            f"start the bot, and check that the web server forwards {host} to "
            f"{settings.reader_listen} (see {DEPLOY_DOC})",
        )
    if answer.status_code != 200 or not _is_our_health(answer):
        return failed(
            name,
            f"{shown}/healthz answered HTTP {answer.status_code}, not the bot's health report",
            f"check that the web server forwards {host} to {settings.reader_listen} "
            f"(see {DEPLOY_DOC})",
        )
    return passed(name, f"{shown} is public and its /healthz answers")


async def _addresses(host: str, port: int, resolve: Resolver) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if host.rstrip(".").lower() == "localhost" or host.rstrip(".").lower().endswith(".localhost"):
        return ["127.0.0.1"]
    async with asyncio.timeout(READER_SECONDS):
        found = await resolve(host, port)
    if not found:
        raise OSError("no address")
    return found


def _kind_of_address(address: str) -> str:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_private:
        return "private"
    return "non-public"


def _is_our_health(answer: httpx.Response) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("ok") is True


# --- Time zone and digest time ----------------------------------------------------------------


def check_schedule(settings: Settings, now: datetime | None = None) -> CheckResult:
    """The default time zone and digest time (their format was checked when settings loaded)."""
    zone = ZoneInfo(settings.timezone)
    local = (now or datetime.now(zone)).astimezone(zone)
    digest = local.replace(
        hour=settings.digest_time.hour,
        minute=settings.digest_time.minute,
        second=0,
        microsecond=0,
    )
    if digest <= local:
        digest += timedelta(days=1)
    wait = int((digest - local).total_seconds() // 60)
    return passed(
        "Time zone, digest",
        f"{settings.timezone} (now {local:%H:%M} there, UTC{local:%z}); new chats' digest at "
        f"{settings.digest_time:%H:%M}, next in {wait // 60} h {wait % 60} min",
    )


# --- Sources ----------------------------------------------------------------------------------


def configured_sources(settings: Settings) -> list[str]:
    """NEWSBRIEF_FEEDS, and the built-in feeds unless NEWSBRIEF_DEFAULT_FEEDS=false."""
    builtin = [feed.url for feed in DEFAULT_FEEDS] if settings.default_feeds else []
    return list(dict.fromkeys([*settings.feeds, *builtin]))


async def check_sources(settings: Settings) -> list[CheckResult]:
    """Fetch each configured source through the bot's guarded fetcher and parse it."""
    urls = configured_sources(settings)
    if not urls:
        return [
            failed(
                "Sources",
                "none configured",
                "set NEWSBRIEF_FEEDS or leave NEWSBRIEF_DEFAULT_FEEDS on",
            )
        ]
    policy = FetchPolicy(
        user_agent=settings.user_agent,
        total_deadline=settings.fetch_deadline,
        max_bytes=settings.max_bytes,
        allow_private=settings.allow_private_urls,
    )
    at_once = asyncio.Semaphore(SOURCES_AT_ONCE)
    async with Fetcher(policy) as fetcher:

        async def one(url: str) -> CheckResult:
            async with at_once:
                return await check_source(fetcher, url)

        return list(await asyncio.gather(*(one(url) for url in urls)))


async def check_source(fetcher: Fetcher, url: str) -> CheckResult:
    name, shown = "Source", url[:200]
    fix = "check the address in a browser; if the feed moved or died, change or remove it in "
    fix += "NEWSBRIEF_FEEDS (the bot retries a failing source with a growing delay)"
    started = time.monotonic()
    try:
        result = await fetcher.fetch(url, accept="application/rss+xml, application/atom+xml, */*")
    except FetchError as exc:
        return failed(name, f"{shown}: {exc} ({time.monotonic() - started:.1f} s)", fix)
    answer = await asyncio.to_thread(
        read_answer, "feed", result.body, result.url, result.content_type
    )
    took = time.monotonic() - started
    if not answer.is_feed:
        return failed(name, f"{shown}: not a feed, no RSS or Atom found ({took:.1f} s)", fix)
    return passed(name, f"{shown}: {_entries(answer.entries)} ({took:.1f} s)")


def _entries(entries: Sequence[object]) -> str:
    return "1 entry" if len(entries) == 1 else f"{len(entries)} entries"
