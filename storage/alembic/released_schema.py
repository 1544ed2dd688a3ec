"""The schema newsbrief released last under its own `schema_version` ledger (version 9, ff9fa41).

FROZEN: this is what a fresh database got from that release, written out once as plain
SQLAlchemy tables. Revision 0001 creates it; the old ledger"s steps create their tables from it.
Never edit it to follow the models: change the schema with a new revision instead.
"""

from __future__ import annotations

import sqlalchemy as sa


def released_tables() -> sa.MetaData:
    """A fresh MetaData holding the version-9 tables (a new one per call: callers may alter it)."""
    metadata = sa.MetaData()
    sa.Table(
        "channellink",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("channel_id", sa.BigInteger(), nullable=False),
        sa.Column("managing", sa.Boolean(), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "channel_id", name="uq_channel_link"),
        sa.Index("ix_channellink_channel_id", "channel_id"),
        sa.Index("ix_channellink_user_id", "user_id"),
    )
    sa.Table(
        "chat",
        metadata,
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("digest_enabled", sa.Boolean(), nullable=False),
        sa.Column("digest_time", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("region", sa.String(), nullable=True),
        sa.Column("digest_frequency", sa.String(), nullable=False),
        sa.Column("digest_days", sa.String(), nullable=False),
        sa.Column("weekly_day", sa.Integer(), nullable=False),
        sa.Column("quiet_hours", sa.String(), nullable=True),
        sa.Column("nothing_new_note", sa.Boolean(), nullable=False),
        sa.Column("next_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_digest_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_chat_next_digest_at", "next_digest_at"),
    )
    sa.Table(
        "misseddigest",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("noted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_misseddigest_chat_id", "chat_id"),
    )
    sa.Table(
        "outbox",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("buttons", sa.Text(), nullable=False),
        sa.Column("article_ids", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.Integer(), nullable=True),
        sa.Column("message_thread_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(), nullable=True),
        sa.Column("claim_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_outbox_chat_id_id", "chat_id", "id"),
        sa.Index("ix_outbox_status_id", "status", "id"),
    )
    sa.Table(
        "sendpace",
        metadata,
        # The released model gave id a default (1), so it never got a sequence.
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    sa.Table(
        "source",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.String(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("builtin", sa.Boolean(), nullable=False),
        sa.Column("added_by_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
        sa.Index("ix_source_next_poll_at", "next_poll_at"),
    )
    sa.Table(
        "sourcemute",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "host", name="uq_source_mute_chat_host"),
        sa.Index("ix_sourcemute_chat_id", "chat_id"),
    )
    sa.Table(
        "story",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.Index("ix_story_last_updated", "last_updated"),
    )
    sa.Table(
        "storyalert",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_alert_chat_story"),
        sa.Index("ix_storyalert_chat_id", "chat_id"),
    )
    sa.Table(
        "storyfollow",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("anchor_message_id", sa.Integer(), nullable=True),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.Column("last_update_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_follow_chat_story"),
        sa.Index("ix_storyfollow_chat_id", "chat_id"),
        sa.Index("ix_storyfollow_story_id", "story_id"),
    )
    sa.Table(
        "storymute",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_mute_chat_story"),
        sa.Index("ix_storymute_chat_id", "chat_id"),
    )
    sa.Table(
        "storyseen",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("last_article_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_seen_chat_story"),
        sa.Index("ix_storyseen_chat_id", "chat_id"),
    )
    sa.Table(
        "topic",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("query", sa.String(), nullable=False),
        sa.Column("normalized", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message_thread_id", sa.Integer(), nullable=True),
        sa.Column("thread_name", sa.String(), nullable=True),
        sa.Column("instant", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "normalized", name="uq_topic_chat_query"),
        sa.Index("ix_topic_chat_id", "chat_id"),
    )
    sa.Table(
        "article",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("text_from", sa.String(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("archive_url", sa.Text(), nullable=True),
        sa.Column("archive_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("canonical_url"),
        sa.Index("ix_article_fetched_at", "fetched_at"),
        sa.Index("ix_article_story_id", "story_id"),
    )
    sa.Table(
        "chatsource",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "source_id", name="uq_chat_source"),
        sa.Index("ix_chatsource_chat_id", "chat_id"),
        sa.Index("ix_chatsource_source_id", "source_id"),
    )
    sa.Table(
        "delivery",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "article_id", name="uq_delivery_chat_article"),
        sa.Index("ix_delivery_chat_id", "chat_id"),
    )
    sa.Table(
        "topicmatch",
        metadata,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("topic_id", "article_id", name="uq_match_topic_article"),
        sa.Index("ix_topicmatch_article_id", "article_id"),
        sa.Index("ix_topicmatch_chat_id", "chat_id"),
        sa.Index("ix_topicmatch_topic_id", "topic_id"),
    )
    return metadata
