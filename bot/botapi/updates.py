"""Telegram's queue of pending updates for one bot, served by getUpdates long polling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.botapi.errors import BotApiError

MAX_POLL_SECONDS = 50.0
# What Telegram delivers while a bot has never named its allowed_updates.
_DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateQueue:
    """Updates wait here until a getUpdates call confirms them with a higher offset."""

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self._on_change = on_change  # told when an update is put or handed out
        self._updates: list[dict[str, Any]] = []
        self._next_id = 1
        self._allowed: frozenset[str] | None = None
        self._generation = 0
        self._changed = asyncio.Event()
        self._closed = False
        self.taken = 0  # the highest update_id a poll has handed to the bot

    @property
    def last_id(self) -> int:
        """The update_id of the latest update put (0 before the first)."""
        return self._next_id - 1

    def __len__(self) -> int:
        return len(self._updates)

    def put(self, kind: str, payload: dict[str, Any]) -> int:
        """Queue an update of this kind ("message", "callback_query"...); return its update_id."""
        update_id = self._next_id
        self._next_id += 1
        self._updates.append({"update_id": update_id, kind: payload})
        self._wake()
        return update_id

    def clear(self) -> None:
        """Drop every pending update (drop_pending_updates)."""
        self._updates.clear()

    def close(self) -> None:
        """Answer every waiting poll now."""
        self._closed = True
        self._wake()

    async def poll(
        self, *, offset: int, limit: int, wait: float, allowed_updates: list[str] | None
    ) -> list[dict[str, Any]]:
        """getUpdates: confirm below `offset`, then return up to `limit` updates within `wait` s.

        A newer poll ends an older one still waiting with 409 Conflict, as on Telegram.
        """
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) if allowed_updates else None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        self._generation += 1
        generation = self._generation
        self._wake()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(wait, 0.0), MAX_POLL_SECONDS)
        while True:
            changed = self._changed
            if generation != self._generation:
                raise BotApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            self._updates = [u for u in self._updates if self._is_allowed(u)]
            if self._updates or self._closed:
                taken = self._updates[: min(max(limit, 1), 100)]
                if taken:
                    self.taken = max(self.taken, taken[-1]["update_id"])
                    self._wake()
                return taken
            remaining = deadline - loop.time()
            if remaining <= 0:
                return []
            try:
                await asyncio.wait_for(changed.wait(), remaining)
            except TimeoutError:
                pass

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()
        if self._on_change is not None:
            self._on_change()

    def _is_allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self._allowed is None:
            return kind not in _DEFAULT_EXCLUDED
        return kind in self._allowed
