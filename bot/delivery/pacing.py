"""Telegram's pace: how far apart messages go — all of them, and to one chat — and how long to
wait after failures."""

from __future__ import annotations

import math
from datetime import timedelta

PRIVATE_GAP = timedelta(seconds=1)  # about one message a second to a private chat
GROUP_GAP = timedelta(seconds=3)  # 20 a minute to a group or channel
MAX_BACKOFF = timedelta(minutes=5)

# The whole bot's pace, as Telegram counts it (sends arriving in any sliding second):
# every send leaves at most SEND_TOLERANCE (t) after a send slot that no other send of any
# process has (slots come from one database row), and slots are slot_spacing(rate) apart. A
# second at Telegram, [a, a + 1), then holds only sends whose slots lie in a span of less than
# 1 + t + j seconds, j (TRIP_JITTER) being how much longer one request's trip — our HTTP
# client and event loop after the check, the network, Telegram's front end — may take than
# another's. With spacing (1 + t + j) / n, such a span holds at most n slots: n the configured
# rate. At 30/s: slots 35.5 ms apart, 28.2 sends a second, never 31 in a second. (Slots 1/n
# apart with sends up to t late would allow n * (1 + t + j) + 1 = 33 in a second.)
# A message that cannot leave within t of its slot is not sent late: it goes back to the
# queue for a fresh slot, so a late process skips slots instead of bunching them up.
# j was measured on a loaded 2-core machine (bench/fanout.py): trips from the check to the
# fake Telegram took 2-5 ms, 99 % under 25 ms, rarely 60-80 ms (the process not scheduled).
SEND_TOLERANCE = 0.025  # seconds
TRIP_JITTER = 0.040  # seconds


def slot_spacing(rate: float) -> timedelta:
    """Time between two send slots of the whole bot, so that no sliding second at Telegram
    holds more than `rate` sends (rounded down to whole messages; see above)."""
    per_second = math.floor(rate) if rate >= 1 else rate
    seconds = (1 + SEND_TOLERANCE + TRIP_JITTER) / per_second
    return timedelta(microseconds=math.ceil(seconds * 1e6))  # never rounded down


def chat_gap(chat_id: int) -> timedelta:
    """Time between two messages to this chat (groups and channels have negative ids)."""
    return GROUP_GAP if chat_id < 0 else PRIVATE_GAP


def backoff(failed_tries: int) -> timedelta:
    """Wait before the next try after `failed_tries` failures: 1 s, 2 s, 4 s … at most 5 min."""
    return min(timedelta(seconds=2 ** max(failed_tries - 1, 0)), MAX_BACKOFF)
