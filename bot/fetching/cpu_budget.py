"""A CPU-time limit for parsing what the web sent, enforced inside a worker process.

A hostile document can be small on the wire and costly to read. Run in a process pool
worker (the main thread of its process), the call is interrupted once it has used its
budget of CPU seconds; elsewhere (a thread) it runs unbounded and the caller's wall-clock
deadline is the only limit.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from bot.fetching.errors import TooCostly

T = TypeVar("T")


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so no parser's ``except Exception`` swallows it."""


def _out_of_time(_signum: int, _frame: Any) -> None:
    raise _OutOfTime


def call_with_cpu_budget(seconds: float, fn: Callable[..., T], /, *args: Any) -> T:
    """``fn(*args)``; TooCostly once it used ``seconds`` of CPU (in a process's main thread)."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return fn(*args)
    previous = signal.signal(signal.SIGVTALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        return fn(*args)
    except _OutOfTime:
        raise TooCostly(f"took more than {seconds:g} s of CPU to read") from None
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
