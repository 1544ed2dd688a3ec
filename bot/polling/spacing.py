"""Spacing requests to a service that asks for it (GDELT: one request per 6 seconds)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


class RequestSpacing:
    """At most one request per ``interval`` seconds for the whole process, in turn order.

    Turns are reserved, so callers that wait together still go one ``interval`` apart.
    """

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next_free = 0.0

    async def take_turn(self, max_wait: float) -> bool:
        """Wait for the next free turn and take it; False at once, taking nothing, when that
        turn is more than ``max_wait`` seconds away (the caller comes back later)."""
        now = self._clock()
        turn = max(now, self._next_free)
        if turn - now > max_wait:
            return False
        self._next_free = turn + self.interval
        if turn > now:
            await asyncio.sleep(turn - now)
        return True
