"""Following topics on a real database: what a chat already follows is found however it was
stored."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from bot.clock import ManualClock
from bot.topics import TopicIndex
from bot.usecases.chats import ChatDefaults, Chats
from bot.usecases.topics import ArticleSearch, TopicError, Topics
from storage import Database, Topic

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# An Arabic topic in Arabic letters (yeh, kaf, heh): a release before the Arabic-script folding
# stored it as typed; today's folding writes those letters in their Urdu forms.
ARABIC = "الحكومة اليمنية"


async def test_a_topic_stored_before_the_arabic_folding_is_still_found(database_url: str) -> None:
    db = Database(database_url)
    db.migrate()
    clock = ManualClock(NOW)
    await Chats(db, clock, ChatDefaults("07:30", "UTC")).ensure_chat(10, "private", None)

    def stored_by_an_old_release(s: Session) -> None:
        s.add(Topic(chat_id=10, query=ARABIC, normalized=ARABIC, created_at=NOW))

    await db.run(stored_by_an_old_release)
    topics = Topics(db, clock, TopicIndex(), ArticleSearch(db, clock))

    found = await topics.find_topic(10, ARABIC)  # /unsubscribe with the words as typed
    assert found is not None and found.query == ARABIC
    with pytest.raises(TopicError):  # following it again is "already followed", not a twin
        await topics.subscribe(10, ARABIC)
    assert len(await topics.list(10)) == 1
