"""Sources: feeds and news searches, whose turn it is to poll them, and the feeds chats add.

Each query takes an open Session; `Database.run` commits around it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from sqlalchemy import case, func, update
from sqlmodel import Session, col, select

from storage.models import Chat, ChatSource, Source
from storage.queries.rows import insert_new


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
        source.failing_since = None
        source.last_success_at = now
        if etag is not None or last_modified is not None:
            source.etag, source.last_modified = etag, last_modified
        if title and not source.title:
            source.title = title[:200]
    else:
        source.failures += 1
        source.last_error = error[:500]
        source.failing_since = source.failing_since or now
    source.disabled = source.disabled or disable
    s.add(source)
    return source


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
