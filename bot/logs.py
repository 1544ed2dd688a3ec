"""Logging set-up: structured lines (logfmt or JSON), and the bot token never reaches a line."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class RedactToken(logging.Filter):
    """Replaces the token wherever it appears (PTB and httpx log request URLs that contain it)."""

    def __init__(self, token: str | None) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self._token:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record is the logging module's to report
                return True
            if self._token in message:
                record.msg = message.replace(self._token, "<token>")
                record.args = None
        return True


_protected: set[str] = set()


def protect_token_in_logs(token: str) -> None:
    """Redact the token in every log record, whichever logger or handler sees it.

    Done in the record factory because logger filters don't apply to child loggers
    (PTB logs its base URL, token included, from telegram.ext.ExtBot at DEBUG).
    """
    if not token or token in _protected:
        return
    _protected.add(token)
    redact = RedactToken(token)
    make_record = logging.getLogRecordFactory()

    def factory(*args, **kwargs):  # type: ignore[no-untyped-def]
        record = make_record(*args, **kwargs)
        redact.filter(record)
        return record

    logging.setLogRecordFactory(factory)


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
    if record.exc_info:
        fields["error"] = logging.Formatter().formatException(record.exc_info)
    return fields


class LogfmtFormatter(logging.Formatter):
    """`time=… level=info logger=bot.x msg="…" key=value`: greppable, and parsers exist."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(
            f"{key}={_logfmt_value(value)}" for key, value in record_fields(record).items()
        )


class JsonFormatter(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(record_fields(record), default=str, ensure_ascii=False)


def _logfmt_value(value: object) -> str:
    text = str(value)
    if text and not any(c in text for c in ' "=\\\n\t'):
        return text
    return json.dumps(text, ensure_ascii=False)


def setup_logging(level: str, token: str | None, fmt: str = "logfmt") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if fmt == "json" else LogfmtFormatter())
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
