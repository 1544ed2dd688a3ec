"""What a conversation keeps between messages: questions awaiting an answer, and the values
buttons stand for when they are too long to carry (a search to follow)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import Clock
from storage import Database, prompts
from storage import button_payloads as payloads
from storage.models import ButtonPayload, PendingPrompt


class Prompts:
    """Questions the bot asked one person in one chat, awaiting their answer."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def ask(
        self, chat_id: int, user_id: int, question: str, target_id: int, until: datetime
    ) -> None:
        await self.db.run(prompts.await_answer, chat_id, user_id, question, target_id, until)

    async def pending(self, chat_id: int, user_id: int) -> PendingPrompt | None:
        return await self.db.run(prompts.pending_prompt, chat_id, user_id, self.clock.now())

    async def end(self, chat_id: int, user_id: int) -> None:
        await self.db.run(prompts.end_prompt, chat_id, user_id)


class Payloads:
    """Values kept for buttons whose data would not fit Telegram's 64 bytes."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def store(self, chat_id: int, user_id: int, kind: str, value: str) -> int:
        return await self.db.run(
            payloads.store_payload, chat_id, user_id, kind, value, self.clock.now()
        )

    async def load(self, payload_id: int, chat_id: int, kind: str) -> ButtonPayload | None:
        return await self.db.run(payloads.load_payload, payload_id, chat_id, kind, self.clock.now())
