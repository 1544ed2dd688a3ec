"""Keeping this process's topic index in step with topics other processes add or remove.

With several processes (an `updates` process takes /subscribe, workers match articles), each
worker checks a cheap fingerprint of the active topics before polling and applies the
difference; a chat moved to a new id gets new topic rows, so it shows up as a difference too.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.topics.index import TopicIndex
from storage import Database
from storage.queries import topics as topics_q


@dataclass
class TopicSync:
    """Remembers the fingerprint the index was last brought in step with."""

    fingerprint: tuple[int, int] | None = None

    async def refresh(self, index: TopicIndex, db: Database) -> int:
        """Apply other processes' changes to `index`; returns how many topics changed."""
        # The first check compares with what the start-up load saw: diffing 300,000 topic ids
        # right after loading them would only cost memory.
        self.fingerprint = self.fingerprint or index.loaded_fingerprint
        fingerprint = await db.run(topics_q.active_topics_fingerprint)
        if fingerprint == self.fingerprint:
            return 0
        wanted = await db.run(topics_q.active_topic_ids)
        have = set(index.topic_ids)
        gone, new = have - wanted, wanted - have
        for topic_id in gone:
            index.remove(topic_id)
        for topic in await db.run(topics_q.topics_by_id, sorted(new)):
            index.add(topic)
        self.fingerprint = fingerprint
        return len(gone) + len(new)
