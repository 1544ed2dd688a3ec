"""The queries on the tables. Each takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import case, exists, func, text, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, delete, select

from storage.models import (
    Article,
    ChannelLink,
    Chat,
    ChatSource,
    Delivery,
    MissedDigest,
    Outbox,
    Source,
    SourceMute,
    Story,
    StoryAlert,
    StoryFollow,
    StoryMute,
    StorySeen,
    Topic,
    TopicMatch,
)

T = TypeVar("T", bound=SQLModel)


def insert_new(s: Session, row: SQLModel) -> bool:
    """Insert `row` unless a unique key says it exists already (perhaps added by another process
    a moment ago); False then. Only this row is undone, never the caller's transaction."""
    nested = s.begin_nested()
    s.add(row)
    try:
        s.flush()
    except IntegrityError:
        nested.rollback()
        return False
    nested.commit()
    return True


# --- chats -------------------------------------------------------------------------------------


def get_chat(s: Session, chat_id: int) -> Chat | None:
    return s.get(Chat, chat_id)


def ensure_chat(
    s: Session,
    chat_id: int,
    *,
    kind: str,
    title: str | None,
    digest_time: str,
    timezone: str,
    next_digest_at: datetime | None,
    now: datetime,
) -> Chat:
    """The chat row, created with the given defaults the first time; re-activated if it was off."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        chat = Chat(
            id=chat_id,
            kind=kind,
            title=title,
            digest_time=digest_time,
            timezone=timezone,
            next_digest_at=next_digest_at,
            created_at=now,
        )
        if not insert_new(s, chat):  # created concurrently by another update or process
            chat = s.get(Chat, chat_id)
            assert chat is not None
    elif not chat.active:
        chat.active = True
        s.add(chat)
    return chat


def _update(s: Session, model: type[T], row_id: int, values: dict[str, object]) -> T | None:
    row = s.get(model, row_id)
    if row is None:
        return None
    for key, value in values.items():
        setattr(row, key, value)
    s.add(row)
    return row


def update_chat(s: Session, chat_id: int, **values: object) -> Chat | None:
    return _update(s, Chat, chat_id, values)


def due_digest_chats(s: Session, now: datetime, limit: int = 500) -> list[Chat]:
    """Chats whose digest time has come, oldest first."""
    stmt = (
        select(Chat)
        .where(Chat.active, Chat.digest_enabled, col(Chat.next_digest_at) <= now)
        .order_by(col(Chat.next_digest_at))
        .limit(limit)
    )
    return list(s.exec(stmt))


def claim_due_digest_chats(s: Session, now: datetime, limit: int = 50) -> list[Chat]:
    """Due chats whose previous digest has left the outbox, locked until the transaction ends.

    Other processes skip locked rows (PostgreSQL SKIP LOCKED), so one process renders each
    digest; the caller queues it and moves the schedule in the same transaction.
    """
    unfinished = exists().where(
        Outbox.chat_id == Chat.id,
        Outbox.kind == "digest",
        col(Outbox.status).in_(("pending", "claimed", "sending")),
    )
    stmt = (
        select(Chat)
        .where(Chat.active, Chat.digest_enabled, col(Chat.next_digest_at) <= now, ~unfinished)
        .order_by(col(Chat.next_digest_at))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Chat)
    )
    return list(s.exec(stmt))


def note_missed_digest(s: Session, chat_id: int, due_at: datetime, now: datetime) -> None:
    s.add(MissedDigest(chat_id=chat_id, due_at=due_at, noted_at=now))


# --- topics ------------------------------------------------------------------------------------


def list_topics(s: Session, chat_id: int) -> list[Topic]:
    return list(s.exec(select(Topic).where(Topic.chat_id == chat_id).order_by(col(Topic.id))))


def add_topic(
    s: Session,
    chat_id: int,
    query: str,
    normalized: str,
    now: datetime,
    *,
    message_thread_id: int | None = None,
    thread_name: str | None = None,
) -> Topic | None:
    """The new topic, or None when the chat already follows the same query.

    `message_thread_id`: in a forum supergroup, the thread its news goes to (None: General).
    """
    exists = s.exec(
        select(Topic).where(Topic.chat_id == chat_id, Topic.normalized == normalized)
    ).first()
    if exists is not None:
        return None
    topic = Topic(
        chat_id=chat_id,
        query=query,
        normalized=normalized,
        created_at=now,
        message_thread_id=message_thread_id,
        thread_name=thread_name,
    )
    return topic if insert_new(s, topic) else None


def route_topic(
    s: Session, chat_id: int, topic_id: int, thread_id: int | None, thread_name: str | None
) -> Topic | None:
    """Send the chat's topic to this forum thread (None: General) from now on."""
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    topic.message_thread_id, topic.thread_name = thread_id, thread_name
    s.add(topic)
    return topic


def rename_thread(s: Session, chat_id: int, thread_id: int, name: str) -> int:
    """The forum thread was renamed: the chat's topics routed there know it by the new name."""
    result = s.execute(
        update(Topic)
        .where(col(Topic.chat_id) == chat_id, col(Topic.message_thread_id) == thread_id)
        .values(thread_name=name)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def unroute_thread(s: Session, chat_id: int, thread_id: int) -> int:
    """The thread is gone: the chat's topics routed there go to General; returns how many."""
    result = s.execute(
        update(Topic)
        .where(col(Topic.chat_id) == chat_id, col(Topic.message_thread_id) == thread_id)
        .values(message_thread_id=None, thread_name=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def remove_topic(s: Session, chat_id: int, topic_id: int) -> Topic | None:
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    s.exec(delete(TopicMatch).where(TopicMatch.topic_id == topic_id))
    s.delete(topic)
    return topic


def active_topics(s: Session) -> list[Topic]:
    """Every topic of every active chat (the matcher is compiled from these)."""
    stmt = select(Topic).join(Chat, col(Chat.id) == col(Topic.chat_id)).where(Chat.active)
    return list(s.exec(stmt))


class TopicQuery(NamedTuple):
    """What the matcher needs of a topic; a small fraction of an ORM row's memory."""

    id: int
    chat_id: int
    query: str


def active_topic_queries(
    s: Session, *, after_id: int = 0, limit: int | None = None
) -> list[TopicQuery]:
    """`active_topics`, light (at 300,000 topics the ORM rows alone take ~500 MB), by id from
    `after_id` on, at most `limit`."""
    stmt = (
        select(Topic.id, Topic.chat_id, Topic.query)
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active, col(Topic.id) > after_id)
        .order_by(col(Topic.id))
        .limit(limit)
    )
    return [TopicQuery(int(i), int(c), str(text)) for i, c, text in s.exec(stmt)]


def active_topics_fingerprint(s: Session) -> tuple[int, int]:
    """(count, sum of ids) of the active topics: changes whenever one is added or removed."""
    stmt = (
        select(func.count(), func.coalesce(func.sum(Topic.id), 0))
        .select_from(Topic)
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active)
    )
    count, total = s.exec(stmt).one()
    return int(count), int(total)


def active_topic_ids(s: Session) -> set[int]:
    stmt = select(Topic.id).join(Chat, col(Chat.id) == col(Topic.chat_id)).where(Chat.active)
    return {int(topic_id) for topic_id in s.exec(stmt)}


def topics_by_id(s: Session, ids: Sequence[int]) -> list[Topic]:
    if not ids:
        return []
    return list(s.exec(select(Topic).where(col(Topic.id).in_(list(ids)))))


# --- sources -----------------------------------------------------------------------------------


def ensure_sources(s: Session, urls: Iterable[tuple[str, str | None]], *, builtin: bool) -> int:
    """Add feeds that are not known yet; returns how many were added.

    Safe when several processes start at once: a feed another one just added is skipped.
    """
    known = set(s.exec(select(Source.url)))
    added = 0
    for url, title in urls:
        if url in known:
            continue
        known.add(url)
        added += insert_new(s, Source(url=url, title=title, builtin=builtin))
    return added


BUILTIN_OFF = "built-in feeds are switched off (NEWSBRIEF_DEFAULT_FEEDS=false)"


def set_builtin_sources_enabled(s: Session, enabled: bool) -> None:
    """Switch the built-in feed list on or off without forgetting its state."""
    if enabled:
        stmt = update(Source).where(Source.builtin, Source.last_error == BUILTIN_OFF)
        s.execute(stmt.values(disabled=False, last_error=None))
    else:
        # A built-in feed that a chat added itself stays on.
        adopted = select(ChatSource.source_id)
        stmt = update(Source).where(
            Source.builtin, ~col(Source.disabled), col(Source.id).not_in(adopted)
        )
        s.execute(stmt.values(disabled=True, last_error=BUILTIN_OFF))


def due_sources(s: Session, now: datetime, limit: int = 100) -> list[Source]:
    stmt = (
        select(Source)
        .where(
            ~col(Source.disabled),
            (col(Source.next_poll_at).is_(None)) | (col(Source.next_poll_at) <= now),
        )
        .order_by(col(Source.next_poll_at).is_(None).desc(), col(Source.next_poll_at))
        .limit(limit)
    )
    return list(s.exec(stmt))


# The owner whose share of the poll slots a source uses: the chat that added it, or the bot
# itself (built-in and operator feeds, news searches). Telegram never gives a chat id 0.
BOT_OWNER = 0


def source_owner(source: Source) -> int:
    """Whose share of the poll slots `source` uses (`claim_due_sources`)."""
    if source.builtin or source.added_by_chat_id is None:
        return BOT_OWNER
    return source.added_by_chat_id


def claim_due_sources(
    s: Session,
    now: datetime,
    lease: timedelta,
    limit: int = 100,
    *,
    per_owner: int | None = None,
    busy: Mapping[int, int] | None = None,
) -> list[Source]:
    """Due sources, each pushed `lease` ahead so no other process polls it meanwhile.

    Taken in turns across owners (`source_owner`): every owner's most overdue source, then
    every owner's second, and so on, so one chat's hundred sources cannot queue ahead of
    another chat's one. With `per_owner`, no owner gets more than that many, less what
    `busy` says it has in flight already (the caller's own polls).

    `record_poll` then sets the real next time; if the process dies mid-poll, the source is
    due again when the lease ends. Locked rows are skipped, so processes split the sources.
    """
    owner = case(
        (col(Source.builtin), BOT_OWNER),
        else_=func.coalesce(col(Source.added_by_chat_id), BOT_OWNER),
    )
    due = (~col(Source.disabled)) & (
        col(Source.next_poll_at).is_(None) | (col(Source.next_poll_at) <= now)
    )
    oldest_first = (
        col(Source.next_poll_at).is_(None).desc(),
        col(Source.next_poll_at),
        col(Source.id),
    )
    ranked = (
        select(
            col(Source.id).label("id"),
            owner.label("owner"),
            func.row_number().over(partition_by=owner, order_by=oldest_first).label("turn"),
        )
        .where(due)
        .subquery()
    )
    chosen = select(ranked.c.id, ranked.c.turn)
    if per_owner is not None:
        rooms = {who: per_owner - n for who, n in (busy or {}).items() if n}
        room = case(rooms, value=ranked.c.owner, else_=per_owner) if rooms else per_owner
        chosen = chosen.where(ranked.c.turn <= room)
    turns = chosen.subquery()
    stmt = (
        select(Source)
        .join(turns, turns.c.id == col(Source.id))
        .where(due)  # again: another process may have claimed it since
        # Within a turn, the owner whose source has waited longest goes first.
        .order_by(turns.c.turn, *oldest_first)
        .limit(limit)  # after the locked rows are skipped: a busy neighbour costs no work
        .with_for_update(of=Source, skip_locked=True)
    )
    sources = list(s.exec(stmt))
    for source in sources:
        source.next_poll_at = now + lease
        s.add(source)
    return sources


def record_poll(
    s: Session,
    source_id: int,
    *,
    now: datetime,
    next_poll_at: datetime,
    error: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    disable: bool = False,
) -> Source | None:
    """Store the outcome of one poll: validators on success, the error count on failure."""
    source = s.get(Source, source_id)
    if source is None:
        return None
    source.last_polled_at = now
    source.next_poll_at = next_poll_at
    if error is None:
        source.failures = 0
        source.last_error = None
        source.last_success_at = now
        if etag is not None or last_modified is not None:
            source.etag, source.last_modified = etag, last_modified
        if title and not source.title:
            source.title = title[:200]
    else:
        source.failures += 1
        source.last_error = error[:500]
    source.disabled = source.disabled or disable
    s.add(source)
    return source


# --- articles and stories ----------------------------------------------------------------------


def known_canonical_urls(s: Session, urls: Sequence[str]) -> set[str]:
    if not urls:
        return set()
    stmt = select(Article.canonical_url).where(col(Article.canonical_url).in_(list(urls)))
    return set(s.exec(stmt))


def add_article(s: Session, article: Article) -> Article | None:
    """Store the article; None if its canonical URL is already stored (it is kept once)."""
    return article if insert_new(s, article) else None


def get_article(s: Session, article_id: int) -> Article | None:
    return s.get(Article, article_id)


def record_archive_answer(
    s: Session, article_id: int, snapshot_url: str | None, checked_at: datetime
) -> None:
    """Remember what the Wayback Machine said about the article ("" when it had no copy)."""
    stmt = update(Article).where(col(Article.id) == article_id)
    s.execute(stmt.values(archive_url=snapshot_url or "", archive_checked_at=checked_at))


def get_articles(s: Session, ids: Sequence[int]) -> list[Article]:
    if not ids:
        return []
    found = {a.id: a for a in s.exec(select(Article).where(col(Article.id).in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def recent_articles(s: Session, since: datetime, limit: int = 5000) -> list[Article]:
    """Articles fetched since `since`, newest first."""
    stmt = (
        select(Article)
        .where(col(Article.fetched_at) >= since)
        .order_by(col(Article.fetched_at).desc(), col(Article.id).desc())
        .limit(limit)
    )
    return list(s.exec(stmt))


class StoryText(NamedTuple):
    """What the story index needs of a stored article (start-up loads tens of thousands)."""

    id: int
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    story_id: int


def story_index_floor(s: Session, since: datetime, limit: int) -> tuple[datetime, int]:
    """(fetched_at, id) from which on the `limit` newest articles in a story since `since`
    lie (`story_texts_from` reads them from there)."""
    stmt = (
        select(Article.fetched_at, Article.id)
        .where(col(Article.fetched_at) >= since, col(Article.story_id).is_not(None))
        .order_by(col(Article.fetched_at).desc(), col(Article.id).desc())
        .offset(max(limit - 1, 0))
        .limit(1)
    )
    row = s.exec(stmt).first()
    return (since, 0) if row is None else (row[0], int(row[1]))  # None: fewer than `limit`


def story_texts_from(
    s: Session,
    start: tuple[datetime, int],
    *,
    inclusive: bool,
    limit: int,
    text_chars: int,
    through_id: int | None = None,
) -> list[StoryText]:
    """The next `limit` articles in a story from `start` on, oldest first, texts cut to
    `text_chars`: one page of the story index's start-up load (ids up to `through_id`)."""
    key = tuple_(col(Article.fetched_at), col(Article.id))
    bound = tuple_(start[0], start[1])
    stmt = (
        select(*_story_text_columns(text_chars))
        .where(key >= bound if inclusive else key > bound, col(Article.story_id).is_not(None))
        .order_by(col(Article.fetched_at), col(Article.id))
        .limit(limit)
    )
    if through_id is not None:
        stmt = stmt.where(col(Article.id) <= through_id)
    return _story_texts(s, stmt)


def story_texts_after(s: Session, after_id: int, *, limit: int, text_chars: int) -> list[StoryText]:
    """Articles given a story after article `after_id`, in the order they were given one (ids
    follow that order: see lock_story_assignment), texts cut to `text_chars`."""
    stmt = (
        select(*_story_text_columns(text_chars))
        .where(col(Article.id) > after_id, col(Article.story_id).is_not(None))
        .order_by(col(Article.id))
        .limit(limit)
    )
    return _story_texts(s, stmt)


def _story_text_columns(text_chars: int):  # type: ignore[no-untyped-def]
    return (
        Article.id,
        Article.title,
        func.substr(Article.text, 1, text_chars),
        Article.published_at,
        Article.fetched_at,
        Article.story_id,
    )


def _story_texts(s: Session, stmt) -> list[StoryText]:  # type: ignore[no-untyped-def]
    return [StoryText(int(i), t, x or "", p, f, int(sid)) for i, t, x, p, f, sid in s.exec(stmt)]


def newest_story_article_id(s: Session) -> int:
    """The last article given a story so far (0: none)."""
    stmt = select(func.max(Article.id)).where(col(Article.story_id).is_not(None))
    return int(s.exec(stmt).one() or 0)


# Held from before an article is inserted until its transaction ends, by every process that
# gives articles a story: ids are then handed out, and committed, in the order stories are
# assigned, so "ids after the last one I saw" is exactly what other processes decided since.
_STORY_LOCK = 727_275


def lock_story_assignment(s: Session) -> None:
    """Wait for this database's story lock. On PostgreSQL an advisory lock, keyed by schema so
    bots in different schemas of one database never wait for each other; on SQLite the write
    lock, taken now by a write that changes nothing (else the article's insert would commit on
    its own: pysqlite begins no transaction for a savepoint)."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(
            text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
            {"key": _STORY_LOCK},
        )
    else:
        s.execute(text("UPDATE story SET id = id WHERE id IS NULL"))


def story_ids_follow_stored(s: Session) -> None:
    """Move PostgreSQL's story id sequence past every stored story: releases before stories
    took their id from the database wrote ids themselves, and the sequence never saw them."""
    if s.get_bind().dialect.name != "postgresql":
        return  # SQLite's integer key is the row id: always past the largest stored one
    lock_story_assignment(s)
    sequence = s.execute(text("SELECT pg_get_serial_sequence('story', 'id')")).scalar_one()
    last, called = s.execute(text(f"SELECT last_value, is_called FROM {sequence}")).one()
    stored = int(s.exec(select(func.max(Story.id))).one() or 0)
    if stored > (last if called else last - 1):
        s.execute(
            text("SELECT setval(:sequence, :stored)"), {"sequence": sequence, "stored": stored}
        )


def new_story(s: Session, headline: str, seen_at: datetime) -> int:
    """A new story of one article; its id is the database's (never reused, whichever process
    asks)."""
    story = Story(headline=headline, first_seen=seen_at, last_updated=seen_at)
    s.add(story)
    s.flush()
    assert story.id is not None
    return story.id


def upsert_story(s: Session, story_id: int, headline: str, seen_at: datetime) -> Story:
    story = s.get(Story, story_id)
    if story is None:
        story = Story(id=story_id, headline=headline, first_seen=seen_at, last_updated=seen_at)
    else:
        story.article_count += 1
        story.last_updated = max(story.last_updated, seen_at)
    s.add(story)
    return story


def move_to_story(s: Session, article_id: int, story_id: int) -> None:
    """Re-file an article into a newer story (it had only just joined another): the counts
    follow it, and the story starts with it if it came first."""
    article = s.get(Article, article_id)
    story = s.get(Story, story_id)
    if article is None or story is None or article.story_id == story_id:
        return
    left = s.get(Story, article.story_id) if article.story_id is not None else None
    if left is not None and left.article_count > 1:
        left.article_count -= 1
        s.add(left)
    story.article_count += 1
    if article.fetched_at < story.first_seen:
        story.first_seen, story.headline = article.fetched_at, article.title
    article.story_id = story_id
    s.add_all([story, article])


def story_articles(s: Session, story_id: int) -> list[Article]:
    stmt = select(Article).where(Article.story_id == story_id).order_by(col(Article.fetched_at))
    return list(s.exec(stmt))


# --- matches, digests and deliveries -----------------------------------------------------------


def add_matches(s: Session, rows: Iterable[tuple[int, int, int]], now: datetime) -> int:
    """Record (topic_id, chat_id, article_id) matches; existing ones are left alone."""
    added = 0
    for topic_id, chat_id, article_id in rows:
        match = TopicMatch(
            topic_id=topic_id, chat_id=chat_id, article_id=article_id, matched_at=now
        )
        added += insert_new(s, match)
    return added


@dataclass(frozen=True)
class DigestItem:
    topic: Topic
    article: Article


def undelivered_matches(
    s: Session, chat_id: int, since: datetime, *, now: datetime | None = None
) -> list[DigestItem]:
    """Matched articles this chat has not received yet, fetched since `since`, newest first.

    With `now`, stories and outlets the chat has muted (until after `now`) are left out.
    """
    delivered = select(Delivery.article_id).where(Delivery.chat_id == chat_id)
    stmt = (
        select(Topic, Article)
        .join(TopicMatch, col(TopicMatch.topic_id) == col(Topic.id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .where(
            TopicMatch.chat_id == chat_id,
            col(Article.fetched_at) >= since,
            col(Article.id).not_in(delivered),
        )
        .order_by(col(Topic.id), col(Article.published_at).desc(), col(Article.id).desc())
    )
    if now is None:
        return [DigestItem(topic, article) for topic, article in s.exec(stmt)]
    return undelivered_matches_by_chat(s, [chat_id], since, now=now)[chat_id]


def undelivered_matches_by_chat(
    s: Session, chat_ids: Sequence[int], since: datetime, *, now: datetime
) -> dict[int, list[DigestItem]]:
    """`undelivered_matches` (mutes applied) for a batch of chats, in three queries in all."""
    ids = list(dict.fromkeys(chat_ids))
    found: dict[int, list[DigestItem]] = {chat_id: [] for chat_id in ids}
    if not ids:
        return found
    delivered = exists().where(
        Delivery.chat_id == TopicMatch.chat_id, Delivery.article_id == TopicMatch.article_id
    )
    stmt = (
        select(TopicMatch.chat_id, Topic, Article)
        .join(Topic, col(TopicMatch.topic_id) == col(Topic.id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .where(col(TopicMatch.chat_id).in_(ids), col(Article.fetched_at) >= since, ~delivered)
        .order_by(col(Topic.id), col(Article.published_at).desc(), col(Article.id).desc())
    )
    stories: dict[int, set[int]] = {chat_id: set() for chat_id in ids}
    mutes = select(StoryMute.chat_id, StoryMute.story_id).where(
        col(StoryMute.chat_id).in_(ids), StoryMute.until > now
    )
    for chat_id, story_id in s.exec(mutes):
        stories[chat_id].add(story_id)
    hosts: dict[int, set[str]] = {chat_id: set() for chat_id in ids}
    muted = select(SourceMute.chat_id, SourceMute.host).where(
        col(SourceMute.chat_id).in_(ids), SourceMute.until > now
    )
    for chat_id, host in s.exec(muted):
        hosts[chat_id].add(host)
    for chat_id, topic, article in s.exec(stmt):
        if article.story_id in stories[chat_id] or _from_hosts(article.url, hosts[chat_id]):
            continue
        found[chat_id].append(DigestItem(topic, article))
    return _without_wire_copies(s, found)


def _without_wire_copies(
    s: Session, found: dict[int, list[DigestItem]]
) -> dict[int, list[DigestItem]]:
    """Leave out a copy whose original reached the chat before (offered together, the digest
    folds them into one story: "also in …")."""
    originals = {i.article.duplicate_of for items in found.values() for i in items} - {None}
    if not originals:
        return found
    delivered: dict[int, set[int]] = {chat_id: set() for chat_id in found}
    stmt = select(Delivery.chat_id, Delivery.article_id).where(
        col(Delivery.chat_id).in_(list(found)), col(Delivery.article_id).in_(list(originals))
    )
    for chat_id, article_id in s.exec(stmt):
        delivered[chat_id].add(article_id)
    for chat_id, items in found.items():
        found[chat_id] = [i for i in items if i.article.duplicate_of not in delivered[chat_id]]
    return found


def _from_hosts(url: str, hosts: set[str]) -> bool:
    if not hosts:
        return False
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host in hosts


def delivered_article_ids(s: Session, chat_id: int, article_ids: Sequence[int]) -> set[int]:
    if not article_ids:
        return set()
    stmt = select(Delivery.article_id).where(
        Delivery.chat_id == chat_id, col(Delivery.article_id).in_(list(article_ids))
    )
    return set(s.exec(stmt))


def record_deliveries(
    s: Session, chat_id: int, article_ids: Iterable[int], kind: str, now: datetime
) -> int:
    """Log that these articles reached the chat; ones already logged are kept as they were."""
    ids = list(dict.fromkeys(article_ids))
    already = delivered_article_ids(s, chat_id, ids)
    added = 0
    for article_id in ids:
        if article_id in already:
            continue
        added += insert_new(
            s, Delivery(chat_id=chat_id, article_id=article_id, kind=kind, sent_at=now)
        )
    return added


def deactivate_chat(s: Session, chat_id: int) -> None:
    s.execute(update(Chat).where(col(Chat.id) == chat_id).values(active=False))


def counts(s: Session) -> dict[str, int]:
    """Row counts, for /stats and logs."""
    out = {}
    for name, model in (
        ("chats", Chat),
        ("topics", Topic),
        ("sources", Source),
        ("articles", Article),
        ("stories", Story),
        ("deliveries", Delivery),
    ):
        out[name] = int(s.exec(select(func.count()).select_from(model)).one())
    return out


# --- following, muting and having seen stories -------------------------------------------------


def get_story(s: Session, story_id: int) -> Story | None:
    return s.get(Story, story_id)


def story_seen(s: Session, chat_id: int, story_id: int) -> int | None:
    """The newest article id of the story that the chat has been shown, if any."""
    row = s.exec(
        select(StorySeen).where(StorySeen.chat_id == chat_id, StorySeen.story_id == story_id)
    ).first()
    return row.last_article_id if row else None


def mark_story_seen(
    s: Session, chat_id: int, story_id: int, article_id: int, now: datetime
) -> None:
    row = s.exec(
        select(StorySeen).where(StorySeen.chat_id == chat_id, StorySeen.story_id == story_id)
    ).first()
    if row is None:
        row = StorySeen(chat_id=chat_id, story_id=story_id, last_article_id=article_id, seen_at=now)
    else:
        row.last_article_id = max(row.last_article_id, article_id)
        row.seen_at = now
    s.add(row)


def follow_story(
    s: Session,
    chat_id: int,
    story_id: int,
    anchor_message_id: int | None,
    last_article_id: int,
    now: datetime,
) -> bool:
    """Start following; False if the chat already follows the story."""
    exists = s.exec(
        select(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    ).first()
    if exists is not None:
        return False
    s.add(
        StoryFollow(
            chat_id=chat_id,
            story_id=story_id,
            anchor_message_id=anchor_message_id,
            last_article_id=last_article_id,
            created_at=now,
        )
    )
    return True


def unfollow_story(s: Session, chat_id: int, story_id: int) -> bool:
    result = s.exec(
        delete(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    )
    return bool(result.rowcount)


def story_follows(s: Session) -> list[StoryFollow]:
    stmt = (
        select(StoryFollow).join(Chat, col(Chat.id) == col(StoryFollow.chat_id)).where(Chat.active)
    )
    return list(s.exec(stmt))


def new_story_articles(s: Session, story_id: int, after_article_id: int) -> list[Article]:
    stmt = (
        select(Article)
        .where(Article.story_id == story_id, col(Article.id) > after_article_id)
        .order_by(col(Article.id))
    )
    return list(s.exec(stmt))


def update_follow(s: Session, follow_id: int, last_article_id: int, now: datetime) -> None:
    follow = s.get(StoryFollow, follow_id)
    if follow is not None:
        follow.last_article_id = last_article_id
        follow.last_update_at = now
        s.add(follow)


def mute_story(s: Session, chat_id: int, story_id: int, until: datetime) -> None:
    row = s.exec(
        select(StoryMute).where(StoryMute.chat_id == chat_id, StoryMute.story_id == story_id)
    ).first()
    row = row or StoryMute(chat_id=chat_id, story_id=story_id, until=until)
    row.until = until
    s.add(row)
    s.exec(
        delete(StoryFollow).where(StoryFollow.chat_id == chat_id, StoryFollow.story_id == story_id)
    )


def muted_story_ids(s: Session, chat_id: int, now: datetime) -> set[int]:
    """Stories the chat muted that are still muted (mutes expire by themselves)."""
    stmt = select(StoryMute.story_id).where(StoryMute.chat_id == chat_id, StoryMute.until > now)
    return set(s.exec(stmt))


# --- sources chats add, and per-topic news searches --------------------------------------------

UNFOLLOWED = "no chat reads this source any more"
SEARCH_IDLE = "no topic asks for this search now"


def source_by_url(s: Session, url: str) -> Source | None:
    return s.exec(select(Source).where(Source.url == url)).first()


def chat_sources(s: Session, chat_id: int) -> list[Source]:
    """The sources this chat added, in the order it added them."""
    stmt = (
        select(Source)
        .join(ChatSource, col(ChatSource.source_id) == col(Source.id))
        .where(ChatSource.chat_id == chat_id)
        .order_by(col(ChatSource.id))
    )
    return list(s.exec(stmt))


def chats_of_source(s: Session, source_id: int) -> list[int]:
    """The active chats that added this source."""
    stmt = (
        select(ChatSource.chat_id)
        .join(Chat, col(Chat.id) == col(ChatSource.chat_id))
        .where(ChatSource.source_id == source_id, Chat.active)
        .order_by(col(ChatSource.id))
    )
    return list(s.exec(stmt))


def notice_recipients(s: Session, chat_id: int) -> tuple[list[int], str | None]:
    """Where a notice about this chat's own settings goes: the chat itself, or — for a channel,
    whose readers did not choose its sources — the private chats of the users who connected
    it, with the channel's title. ([], None) for an unknown chat."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        return [], None
    if chat.kind != "channel":
        return [chat_id], None
    # An admin who only ever managed the channel has no chat row of their own yet.
    stmt = (
        select(ChannelLink.user_id)
        .outerjoin(Chat, col(Chat.id) == col(ChannelLink.user_id))
        .where(ChannelLink.channel_id == chat_id, col(Chat.id).is_(None) | col(Chat.active))
        .order_by(col(ChannelLink.id))
    )
    return list(s.exec(stmt)), chat.title or f"channel {chat_id}"


def link_chat_source(
    s: Session,
    chat_id: int,
    url: str,
    title: str | None,
    *,
    now: datetime,
    first_poll_at: datetime | None = None,
) -> tuple[Source, bool]:
    """Link the chat to the feed at `url`, creating the source if needed; (source, newly linked).

    A source that was switched off (failures, nobody reading it, built-ins off) is switched back
    on with a clean slate: a person just asked for it.
    """
    source = source_by_url(s, url)
    if source is None:
        source = Source(url=url, title=title, added_by_chat_id=chat_id, next_poll_at=first_poll_at)
        s.add(source)
        s.flush()
    elif source.disabled:
        source.disabled, source.failures, source.last_error = False, 0, None
        source.next_poll_at = first_poll_at
        source.title = source.title or title
        s.add(source)
    assert source.id is not None
    linked = s.exec(
        select(ChatSource).where(ChatSource.chat_id == chat_id, ChatSource.source_id == source.id)
    ).first()
    if linked is not None:
        return source, False
    s.add(ChatSource(chat_id=chat_id, source_id=source.id, added_at=now))
    s.flush()
    return source, True


def unlink_chat_source(s: Session, chat_id: int, source_id: int) -> Source | None:
    """Remove the chat's link; the source stops being polled when no chat or operator wants it.
    None when the chat had no such source."""
    link = s.exec(
        select(ChatSource).where(ChatSource.chat_id == chat_id, ChatSource.source_id == source_id)
    ).first()
    if link is None:
        return None
    s.delete(link)
    s.flush()
    source = s.get(Source, source_id)
    if source is None:
        return None
    others = s.exec(
        select(func.count()).select_from(ChatSource).where(ChatSource.source_id == source_id)
    ).one()
    if not others and source.added_by_chat_id is not None and not source.builtin:
        if not source.disabled:
            source.disabled, source.last_error = True, UNFOLLOWED
            s.add(source)
    return source


def search_wants(s: Session, limit: int) -> list[tuple[str, str, str | None, str | None, int]]:
    """(normalized topic, its query as written, language, region, chats) for active chats'
    topics, the most followed first."""
    followers = func.count()
    stmt = (
        select(Topic.normalized, func.min(Topic.query), Chat.language, Chat.region, followers)
        .join(Chat, col(Chat.id) == col(Topic.chat_id))
        .where(Chat.active)
        .group_by(col(Topic.normalized), col(Chat.language), col(Chat.region))
        .order_by(followers.desc(), col(Topic.normalized))
        .limit(limit)
    )
    return [tuple(row) for row in s.exec(stmt)]  # type: ignore[misc]


def sync_search_sources(s: Session, wanted: Sequence[tuple[str, str, str]]) -> int:
    """Make the enabled news-search sources exactly `wanted` ((kind, url, title)): missing ones
    are added, idle ones switched back on, and ones no topic asks for now switched off (kept,
    with their history). Returns how many changed."""
    urls = {url: (kind, title) for kind, url, title in wanted}
    changed = 0
    found = s.exec(select(Source).where(col(Source.url).in_(list(urls)))) if urls else []
    known = {src.url: src for src in found}
    for url, (kind, title) in urls.items():
        source = known.get(url)
        if source is None:
            # Another process may be adding the same search.
            if not insert_new(s, Source(url=url, title=title, kind=kind)):
                continue
            changed += 1
        elif source.disabled and source.last_error == SEARCH_IDLE:
            source.disabled, source.last_error = False, None
            s.add(source)
            changed += 1
    stale = select(Source).where(
        Source.kind != "feed", ~col(Source.disabled), col(Source.url).not_in(list(urls))
    )
    for source in s.exec(stale):
        source.disabled, source.last_error = True, SEARCH_IDLE
        s.add(source)
        changed += 1
    return changed


def defer_poll(s: Session, source_id: int, next_poll_at: datetime) -> None:
    """Try the source again later without counting a failure (a rate limit of our own)."""
    s.execute(update(Source).where(col(Source.id) == source_id).values(next_poll_at=next_poll_at))


def matched_article_ids(s: Session, article_ids: Sequence[int]) -> set[int]:
    """The articles among these that matched at least one topic."""
    if not article_ids:
        return set()
    stmt = select(TopicMatch.article_id).where(col(TopicMatch.article_id).in_(list(article_ids)))
    return set(s.exec(stmt))


def update_article(s: Session, article_id: int, **values: object) -> Article | None:
    return _update(s, Article, article_id, values)


def mute_source(s: Session, chat_id: int, host: str, until: datetime) -> None:
    row = s.exec(
        select(SourceMute).where(SourceMute.chat_id == chat_id, SourceMute.host == host)
    ).first()
    row = row or SourceMute(chat_id=chat_id, host=host, until=until)
    row.until = until
    s.add(row)


def muted_hosts(s: Session, chat_id: int, now: datetime) -> set[str]:
    """Outlets (hosts) the chat muted that are still muted."""
    stmt = select(SourceMute.host).where(SourceMute.chat_id == chat_id, SourceMute.until > now)
    return set(s.exec(stmt))


def article_id_by_canonical(s: Session, url: str) -> int | None:
    return s.exec(select(Article.id).where(Article.canonical_url == url)).first()


def retire_duplicate(s: Session, article_id: int, original_id: int) -> None:
    """The article is another copy of ``original_id``: it keeps its row (so it is not stored
    again) but matches no topic, so no briefing shows it twice."""
    s.exec(delete(TopicMatch).where(col(TopicMatch.article_id) == article_id))
    s.execute(update(Article).where(col(Article.id) == article_id).values(duplicate_of=original_id))


# --- breaking alerts ---------------------------------------------------------------------------


def set_topic_instant(s: Session, chat_id: int, topic_id: int, instant: bool) -> Topic | None:
    topic = s.get(Topic, topic_id)
    if topic is None or topic.chat_id != chat_id:
        return None
    topic.instant = instant
    s.add(topic)
    return topic


def instant_candidates(s: Session, since: datetime) -> list[tuple[int, int, Article]]:
    """(chat id, story id, article) for stories matched by instant topics since `since`,
    leaving out stories already alerted to that chat."""
    alerted = exists().where(
        StoryAlert.chat_id == TopicMatch.chat_id, StoryAlert.story_id == Article.story_id
    )
    stmt = (
        select(TopicMatch.chat_id, Article)
        .join(Topic, col(Topic.id) == col(TopicMatch.topic_id))
        .join(Article, col(Article.id) == col(TopicMatch.article_id))
        .join(Chat, col(Chat.id) == col(TopicMatch.chat_id))
        .where(
            Topic.instant,
            Chat.active,
            col(Article.fetched_at) >= since,
            col(Article.story_id).is_not(None),
            ~alerted,
        )
    )
    return [(chat_id, a.story_id, a) for chat_id, a in s.exec(stmt) if a.story_id is not None]


def alert_thread(s: Session, chat_id: int, article_ids: Sequence[int]) -> int | None:
    """The forum thread of the chat's first ⚡ topic that matched one of these articles
    (None: General, or a chat without threads)."""
    stmt = (
        select(Topic.message_thread_id)
        .join(TopicMatch, col(TopicMatch.topic_id) == col(Topic.id))
        .where(
            TopicMatch.chat_id == chat_id,
            col(TopicMatch.article_id).in_(list(article_ids)),
            Topic.instant,
        )
        .order_by(col(Topic.id))
        .limit(1)
    )
    return s.exec(stmt).first()


def record_alert(s: Session, chat_id: int, story_id: int, now: datetime) -> bool:
    """Claim the alert for (chat, story); False if it was already sent (by any process)."""
    return insert_new(s, StoryAlert(chat_id=chat_id, story_id=story_id, sent_at=now))
