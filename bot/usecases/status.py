"""How the bot is doing, as chats see it: the news sources' health, and /stats for operators."""

from __future__ import annotations

from datetime import datetime

from bot.briefings import Message
from bot.clock import Clock
from bot.ops.stats import stats_message
from bot.sources.health import SourcesHealth, read_sources_health
from storage import Database


class Status:
    def __init__(self, db: Database, clock: Clock, operator_ids: frozenset[int]) -> None:
        self.db = db
        self.clock = clock
        self.operator_ids = operator_ids

    async def sources_health(self, now: datetime) -> SourcesHealth:
        return await read_sources_health(self.db, now)

    def is_operator(self, user_id: int) -> bool:
        return user_id in self.operator_ids

    async def stats(self, role: str) -> Message:
        return await stats_message(self.db, self.clock, role)
