"""The tables: what newsbrief keeps. Times are aware UTC datetimes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint, false
from sqlalchemy import text as sql
from sqlmodel import Field, SQLModel

from storage.times import UTCDateTime


def utc(**field: Any) -> Any:
    """A datetime field stored as an aware UTC instant (storage.times), whatever SQLModel's
    own default for datetimes is in the installed release."""
    return Field(sa_type=UTCDateTime, **field)


def server_default(value: object, clause: Any) -> Any:
    """A field whose column also has a server default: rows written by an older process (or
    by hand) get the same value the model would give."""
    return Field(default=value, sa_column_kwargs={"server_default": clause})


class Chat(SQLModel, table=True):
    """A private chat, group or channel that talks to the bot, with its digest settings."""

    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    kind: str = "private"
    title: str | None = None
    active: bool = True
    digest_enabled: bool = True
    digest_time: str = "07:30"  # HH:MM in the chat's time zone
    timezone: str = "UTC"
    language: str | None = None  # news-search language (ISO 639-1); None: the operator's default
    region: str | None = None  # news-search region (ISO 3166 alpha-2); None: the operator's
    # the language the bot speaks here (bot.i18n.LOCALES); None until the first person's
    # Telegram language sets it (then English when the bot does not speak theirs)
    interface_language: str | None = None
    # daily | twice (digest_time, 12 h later) | weekly | instant
    digest_frequency: str = server_default("daily", sql("'daily'"))
    # ISO weekdays with digests (Monday = 1); weekly uses weekly_day
    digest_days: str = server_default("1234567", sql("'1234567'"))
    weekly_day: int = server_default(1, sql("1"))
    quiet_hours: str | None = None  # "22:00-07:00" local: nothing sent then; None: no quiet hours
    # a short note instead of silence when a digest finds nothing
    nothing_new_note: bool = server_default(False, false())
    next_digest_at: datetime | None = utc(default=None, index=True)
    last_digest_at: datetime | None = utc(default=None)
    created_at: datetime = utc()


class Topic(SQLModel, table=True):
    """A chat's subscription: a query in the topic language (bot.matching)."""

    __table_args__ = (UniqueConstraint("chat_id", "normalized", name="uq_topic_chat_query"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    query: str
    normalized: str
    created_at: datetime = utc()
    # Forum supergroups: the topic (thread) its digest section goes to; None: General.
    message_thread_id: int | None = None
    thread_name: str | None = None  # the forum topic's name, when the bot saw it
    # breaking alerts: a story several outlets report within an hour
    instant: bool = server_default(False, false())


class Source(SQLModel, table=True):
    """A feed the poller reads, with its HTTP cache validators and error state."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    title: str | None = None
    # feed, or a per-topic news search: google | bing | gdelt
    kind: str = server_default("feed", sql("'feed'"))
    builtin: bool = False
    added_by_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = utc(default=None)
    last_success_at: datetime | None = utc(default=None)
    next_poll_at: datetime | None = utc(default=None, index=True)
    failures: int = 0
    last_error: str | None = None
    # The first failure of the current run of failures (None while the source works).
    failing_since: datetime | None = utc(default=None)
    disabled: bool = False


class Story(SQLModel, table=True):
    """Articles about the same event, across outlets."""

    id: int = Field(primary_key=True)
    headline: str
    first_seen: datetime = utc()
    last_updated: datetime = utc(index=True)
    article_count: int = 1


class Article(SQLModel, table=True):
    """One article, stored once per canonical URL."""

    id: int | None = Field(default=None, primary_key=True)
    canonical_url: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    url: str = Field(sa_column=Column(Text, nullable=False))
    title: str
    outlet: str | None = None
    source_id: int | None = Field(default=None, foreign_key="source.id")
    published_at: datetime | None = utc(default=None)
    fetched_at: datetime = utc(index=True)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    language: str | None = None
    text_from: str = "page"  # "page" (extracted) or "feed" (the feed's own summary)
    story_id: int | None = Field(default=None, index=True)
    duplicate_of: int | None = None
    # The Wayback Machine's answer, asked once when the article is first shown: a snapshot URL,
    # or "" when it had none (asked again later); NULL until asked.
    archive_url: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    archive_checked_at: datetime | None = utc(default=None)


class TopicMatch(SQLModel, table=True):
    """An article matched a topic (written when the article arrives; the digest reads these)."""

    __table_args__ = (UniqueConstraint("topic_id", "article_id", name="uq_match_topic_article"),)
    id: int | None = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    matched_at: datetime = utc()


class Delivery(SQLModel, table=True):
    """The log of what reached which chat: an article reaches a chat at most once."""

    __table_args__ = (UniqueConstraint("chat_id", "article_id", name="uq_delivery_chat_article"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    article_id: int = Field(foreign_key="article.id")
    kind: str  # digest | preview | latest
    sent_at: datetime = utc()


class StoryFollow(SQLModel, table=True):
    """A chat follows a story: later developments arrive as replies to the briefing."""

    __table_args__ = (UniqueConstraint("chat_id", "story_id", name="uq_follow_chat_story"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    story_id: int = Field(index=True)
    anchor_message_id: int | None = None
    last_article_id: int = 0
    last_update_at: datetime | None = utc(default=None)
    created_at: datetime = utc()


class StoryMute(SQLModel, table=True):
    """A chat doesn't want a story until `until`."""

    __table_args__ = (UniqueConstraint("chat_id", "story_id", name="uq_mute_chat_story"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    story_id: int
    until: datetime = utc()


class StorySeen(SQLModel, table=True):
    """The newest article of a story this chat has been shown (for "what's new since")."""

    __table_args__ = (UniqueConstraint("chat_id", "story_id", name="uq_seen_chat_story"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    story_id: int
    last_article_id: int
    seen_at: datetime = utc()


class Outbox(SQLModel, table=True):
    """A message the bot sends on its own (digest part, alert, follow-up), from queued to sent.

    status: pending → claimed (a process took it) → sending (the request is on its way) → sent;
    or failed / dropped (given up, recorded) / unknown (the process died mid-request).
    Times in this table are real time (pacing, leases), not the scheduling clock.
    """

    __table_args__ = (
        Index("ix_outbox_status_id", "status", "id"),
        Index("ix_outbox_chat_id_id", "chat_id", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str  # digest | alert | followup | ...
    html: str = Field(sa_column=Column(Text, nullable=False))
    buttons: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    article_ids: str = Field(default="[]", sa_column=Column(Text, nullable=False, default="[]"))
    reply_to: int | None = None  # the chat's message this one answers (follow-ups)
    message_thread_id: int | None = None  # forum supergroups: the thread it goes to (None: General)
    status: str = "pending"
    attempts: int = 0  # failed tries (network, 5xx); 429s are not failures
    not_before: datetime = utc()
    claimed_by: str | None = None  # the process that claimed (and then sent) it
    claim_until: datetime | None = utc(default=None)
    created_at: datetime = utc()
    sent_at: datetime | None = utc(default=None)
    message_id: int | None = None  # Telegram's id, once sent
    last_error: str | None = None


class SendPace(SQLModel, table=True):
    """One row: the next free send slot for the whole bot, shared by every process."""

    id: int = Field(default=1, primary_key=True)
    next_at: datetime = utc()


class MissedDigest(SQLModel, table=True):
    """A digest that fell due while the bot was down and was too late to send."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    due_at: datetime = utc()
    noted_at: datetime = utc()


class ChatSource(SQLModel, table=True):
    """A chat added this feed (/addsource or an OPML file); many chats may add the same feed."""

    __table_args__ = (UniqueConstraint("chat_id", "source_id", name="uq_chat_source"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    source_id: int = Field(foreign_key="source.id", index=True)
    added_at: datetime = utc()


class SourceMute(SQLModel, table=True):
    """A chat doesn't want articles from an outlet (by host) until `until`."""

    __table_args__ = (UniqueConstraint("chat_id", "host", name="uq_source_mute_chat_host"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    host: str
    until: datetime = utc()


class ChannelLink(SQLModel, table=True):
    """A user manages a channel from their private chat (an admin of it, checked at connect).

    `managing`: the user's commands in their private chat change this channel right now (at
    most one link per user has it). `checked_at`: when the user's admin rights were last seen.
    """

    __table_args__ = (UniqueConstraint("user_id", "channel_id", name="uq_channel_link"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    channel_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    managing: bool = False
    connected_at: datetime = utc()
    checked_at: datetime = utc()


class StoryAlert(SQLModel, table=True):
    """A breaking alert about a story went to a chat (once per chat and story)."""

    __table_args__ = (UniqueConstraint("chat_id", "story_id", name="uq_alert_chat_story"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    story_id: int
    sent_at: datetime = utc()


class ButtonPayload(SQLModel, table=True):
    """What a button acts on when it does not fit in its 64 bytes of callback_data (the words
    of a search to follow); the button carries this row's id, valid only in its chat."""

    __tablename__ = "button_payload"
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, index=True, nullable=False))
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))  # who asked
    kind: str = Field(sa_column=Column(Text, nullable=False))  # the button's prefix
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = utc(index=True)


class PendingPrompt(SQLModel, table=True):
    """The bot asked one person in a chat a question ("Which city?") and awaits their answer
    there; `target_chat_id` is the chat the answer changes (a managed channel, or the chat)."""

    __tablename__ = "pending_prompt"
    __table_args__ = (UniqueConstraint("chat_id", "user_id", name="uq_pending_prompt"),)
    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    user_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    awaiting: str = Field(sa_column=Column(Text, nullable=False))
    target_chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    expires_at: datetime = utc()


class BotSecret(SQLModel, table=True):
    """A secret the bot made for itself (the key that signs reader links), made once and kept
    so that every process and every restart uses the same one. Never logged."""

    __tablename__ = "bot_secret"
    name: str = Field(sa_column=Column(Text, primary_key=True))
    value: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = utc()
