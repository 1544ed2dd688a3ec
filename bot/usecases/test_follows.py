"""Following a story: asked of the one chat and story, on a real database."""

from datetime import UTC, datetime

from sqlmodel import Session

from bot.clock import ManualClock
from bot.usecases.chats import ChatDefaults, Chats
from bot.usecases.latest import Follows
from storage import Database, Story

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def test_a_chat_follows_only_the_stories_it_chose(database_url: str) -> None:
    db = Database(database_url)
    db.migrate()
    clock = ManualClock(NOW)
    chats, follows = Chats(db, clock, ChatDefaults("07:30", "UTC")), Follows(db, clock)

    def add_stories(s: Session) -> None:
        for story_id in (1, 2):
            s.add(
                Story(id=story_id, headline=f"Story {story_id}", first_seen=NOW, last_updated=NOW)
            )

    await db.run(add_stories)
    for chat_id in (10, 20):
        await chats.ensure_chat(chat_id, "private", None)

    assert await follows.follow(10, 1, anchor=None)
    assert not await follows.follow(10, 1, anchor=None), "already following"
    assert await follows.is_following(10, 1)
    assert not await follows.is_following(10, 2), "another story"
    assert not await follows.is_following(20, 1), "another chat's follow"

    await chats.deactivate(10)
    assert not await follows.is_following(10, 1), "a chat that left follows nothing"
    await chats.ensure_chat(10, "private", None)  # back: its follows count again
    assert await follows.is_following(10, 1)

    await follows.unfollow(10, 1)
    assert not await follows.is_following(10, 1)
    await follows.follow(20, 2, anchor=None)
    await follows.mute(20, 2)
    assert not await follows.is_following(20, 2), "muting a story stops following it"
    db.close()
