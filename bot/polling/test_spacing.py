"""GDELT-style spacing: one request per interval, for everyone together."""

import asyncio
import time

from bot.polling.spacing import RequestSpacing


async def test_turns_are_spaced_and_a_turn_too_far_off_is_refused_at_once():
    spacing = RequestSpacing(0.2)
    started = time.monotonic()
    times: list[float] = []

    async def request() -> bool:
        if await spacing.take_turn(max_wait=0.5):
            times.append(time.monotonic() - started)
            return True
        return False

    results = await asyncio.gather(*(request() for _ in range(5)))
    assert results == [True, True, True, False, False]
    assert [round(t, 1) for t in times] == [0.0, 0.2, 0.4]
    assert time.monotonic() - started < 0.55, "refusals didn't wait"
