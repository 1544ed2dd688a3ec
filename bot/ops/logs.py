"""Logging set-up: structured lines (logfmt or JSON), no secret ever reaches a line, and a
warning or error that repeats is written once per interval with a count."""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from pydantic import SecretStr

if TYPE_CHECKING:
    from bot.settings import Settings

REDACTED = "<redacted>"
_MIN_SECRET_CHARS = 6  # shorter "secrets" would redact ordinary words


class Redactor:
    """Replaces every secret it knows in a record: message, arguments, exception text, stack
    and `extra=` fields. Secrets are added once and never removed."""

    def __init__(self) -> None:
        self._secrets: list[str] = []

    def add(self, secrets: Iterable[str | None]) -> None:
        for secret in secrets:
            if not secret or len(secret) < _MIN_SECRET_CHARS:
                continue
            # As written, and as it appears inside a URL (a token's ":" becomes "%3A").
            for form in (secret, quote(secret, safe=""), quote(secret)):
                if form not in self._secrets:
                    self._secrets.append(form)
        self._secrets.sort(key=len, reverse=True)  # a secret containing another goes first

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def scrub(self, record: logging.LogRecord) -> None:
        if not self._secrets:
            return
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's to report
            message = str(record.msg)
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
            # Handlers that format exc_info themselves would print the raw text again.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))


REDACTOR = Redactor()
_factory_installed = False


def protect_secrets(secrets: Iterable[str | None]) -> None:
    """Redact these secrets in every log record, whichever logger or handler sees it.

    Done in the record factory because logger filters don't apply to child loggers, and
    PTB logs its base URL (token included) and setWebhook's parameters (the secret) at DEBUG.
    """
    global _factory_installed
    REDACTOR.add(secrets)
    if _factory_installed:
        return
    _factory_installed = True
    make_record = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = make_record(*args, **kwargs)
        # What RepeatLimiter groups by, kept before the message is merged and scrubbed.
        record._template = record.msg
        record._exc_type = record.exc_info[0] if record.exc_info else None
        REDACTOR.scrub(record)
        return record

    logging.setLogRecordFactory(factory)


def settings_secrets(settings: Settings) -> list[str]:
    """Every secret the settings hold: each SecretStr, and the password of each URL."""
    found: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            secret = value.get_secret_value()
            # A bot token is "<bot id>:<secret>"; the part after the colon is the secret.
            found += [secret, secret.partition(":")[2]]
        elif isinstance(value, str) and "://" in value:
            try:
                password = urlsplit(value).password
            except ValueError:
                continue
            if password:
                found += [password, unquote(password)]  # as written, and as decoded
    return found


def protect_settings_secrets(settings: Settings) -> None:
    protect_secrets(settings_secrets(settings))


class RepeatLimiter(logging.Filter):
    """Keeps a flood of one warning or error from burying the log (or filling the disk).

    An identical line (same logger, level, message and exception type) is written once per
    `interval`; the next one written after it carries `repeated=N`, the lines held back. Lines
    of one kind that differ only in their details (same message template) are written at most
    `burst` times per interval; the next one after the interval carries `similar=N`. The first
    of every kind is always written at once; information and debug lines are never held back.
    """

    def __init__(
        self,
        interval: float = 60.0,
        *,
        burst: int = 50,
        clock: Callable[[], float] = time.monotonic,
        max_kinds: int = 1000,
    ) -> None:
        super().__init__()
        self.interval, self.burst, self._clock = interval, burst, clock
        self._max_kinds = max_kinds
        self._lines: OrderedDict[tuple[object, ...], tuple[float, int]] = OrderedDict()
        self._kinds: OrderedDict[tuple[object, ...], tuple[float, int, int]] = OrderedDict()
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        exc_type = getattr(record, "_exc_type", record.exc_info[0] if record.exc_info else None)
        template = getattr(record, "_template", record.msg)
        kind = (record.name, record.levelno, str(template)[:300], exc_type)
        line = (*kind, record.getMessage()[:500])
        now = self._clock()
        with self._lock:
            written_at, repeated = self._lines.get(line, (None, 0))
            if written_at is not None and now - written_at < self.interval:
                self._lines[line] = (written_at, repeated + 1)
                return False
            window, written, similar = self._kinds.get(kind, (now, 0, 0))
            if now - window >= self.interval:
                window, written = now, 0
            if written >= self.burst:
                self._kinds[kind] = (window, written, similar + 1)
                return False
            self._kinds[kind] = (window, written + 1, 0)
            self._lines[line] = (now, 0)
            self._lines.move_to_end(line)
            self._kinds.move_to_end(kind)
            for seen in (self._lines, self._kinds):
                while len(seen) > self._max_kinds:  # forget the kinds least recently written
                    seen.popitem(last=False)
        if repeated:
            record.repeated = repeated
        if similar:
            record.similar = similar
        return True


# Attributes every LogRecord has; anything else was passed with `extra=` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def record_fields(record: logging.LogRecord) -> dict[str, object]:
    """time, level, logger, msg, the `extra=` fields, and the traceback if there is one."""
    fields: dict[str, object] = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname.lower(),
        "logger": record.name,
        "msg": record.getMessage(),
    }
    for key, value in vars(record).items():
        if key not in _STANDARD and not key.startswith("_"):
            fields[key] = value
    if record.exc_text:
        fields["error"] = record.exc_text
    elif record.exc_info:
        fields["error"] = logging.Formatter().formatException(record.exc_info)
    return fields


class LogfmtFormatter(logging.Formatter):
    """`time=… level=info logger=bot.x msg="…" key=value`: greppable, and parsers exist."""

    def format(self, record: logging.LogRecord) -> str:
        line = " ".join(
            f"{key}={_logfmt_value(value)}" for key, value in record_fields(record).items()
        )
        return REDACTOR.redact(line)  # the last word: nothing unredacted leaves


class JsonFormatter(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        return REDACTOR.redact(json.dumps(record_fields(record), default=str, ensure_ascii=False))


def _logfmt_value(value: object) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\\\n\t'):
        return text
    return json.dumps(text, ensure_ascii=False)


def setup_logging(level: str, secrets: Iterable[str | None] = (), fmt: str = "logfmt") -> None:
    """One handler on stderr; `secrets` redacted from every record from now on."""
    protect_secrets(secrets)
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else LogfmtFormatter())
    handler.addFilter(RepeatLimiter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # A thread's uncaught exception goes through logging (redacted), not straight to stderr.
    threading.excepthook = _log_thread_exception


def _log_thread_exception(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread else "?"
    exc_info = (args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
    logging.getLogger("bot").error("uncaught exception in thread %s", name, exc_info=exc_info)


def print_failure(line: str) -> None:
    """The one line a failed command leaves on stderr, secrets redacted."""
    print(f"newsbrief: {REDACTOR.redact(line)}", file=sys.stderr)
