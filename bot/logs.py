"""Logging set-up: the bot token never reaches a log line."""

from __future__ import annotations

import logging


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


def setup_logging(level: str, token: str | None) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL at INFO, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
