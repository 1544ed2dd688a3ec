"""Log lines: one line a minute for an error that floods, and secrets redacted everywhere."""

from __future__ import annotations

import io
import logging

from bot.ops.logs import REDACTED, LogfmtFormatter, RepeatLimiter, protect_secrets

SECRET = "hook-secret-for-test-logs-Qx7"


def _logger(name: str, limiter: RepeatLimiter | None = None) -> tuple[logging.Logger, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(LogfmtFormatter())
    if limiter is not None:
        handler.addFilter(limiter)
    logger = logging.getLogger(name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, out


def test_a_flood_of_one_error_is_written_once_per_interval_with_a_count():
    now = [1000.0]
    logger, out = _logger("test.flood", RepeatLimiter(60.0, clock=lambda: now[0]))
    for _ in range(10_000):
        logger.error("socket.accept() out of system resource")
    logger.warning("another kind of trouble")
    assert len(out.getvalue().splitlines()) == 2
    now[0] += 61
    logger.error("socket.accept() out of system resource")
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "repeated=9999" in lines[-1]
    logger.info("progress %d", 1)
    logger.info("progress %d", 1)
    assert len(out.getvalue().splitlines()) == 5, "information lines are never held back"


def test_errors_that_differ_only_in_details_are_bounded_too():
    now = [1000.0]
    logger, out = _logger("test.similar", RepeatLimiter(60.0, burst=50, clock=lambda: now[0]))
    for n in range(10_000):
        logger.error("bad request from 127.0.0.1:%d", n)
    assert len(out.getvalue().splitlines()) == 50
    now[0] += 61
    logger.error("bad request from 127.0.0.1:%d", 1)  # written before: not a repeat any more
    assert "similar=9950" in out.getvalue().splitlines()[-1]


def test_secrets_are_redacted_from_messages_arguments_extras_and_tracebacks():
    protect_secrets([SECRET])
    logger, out = _logger("test.secrets")
    logger.debug("setWebhook with %s", {"secret_token": SECRET}, extra={"url": f"x?s={SECRET}"})
    try:
        raise RuntimeError(f"rejected {SECRET}")
    except RuntimeError:
        logger.exception("start-up failed")
    text = out.getvalue()
    assert SECRET not in text
    assert text.count(REDACTED) == 3 and "Traceback" in text
