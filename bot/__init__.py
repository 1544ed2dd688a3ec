"""newsbrief: a Telegram bot that turns the news into short briefings."""

import os

# python-telegram-bot 22.2+ warns on every flood-control error that RetryAfter.retry_after
# will become a timedelta; opt in now (our code reads either) so the logs carry no such noise.
os.environ.setdefault("PTB_TIMEDELTA", "true")
