"""A story briefing: headline, what's new, a short timeline, coverage, the top articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.briefings.render import (
    ArticleView,
    Button,
    Message,
    clean_text,
    esc,
    format_time,
    render_article,
    visible_length,
)
from bot.buttons.catalog import FOLLOW_STORY, MUTE_STORY, READ, STORY_MORE, UNFOLLOW_STORY

TIMELINE_LINES = 5
TOP_ARTICLES = 3


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    title: str
    outlet: str


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def coverage_line(
    outlets: int, first_seen: datetime, updated: datetime, now: datetime, zone: str
) -> str:
    """e.g. "7 outlets · first seen 07:12 · updated 2 h ago"."""
    noun = "outlet" if outlets == 1 else "outlets"
    first = format_time(first_seen, zone)
    return f"{outlets} {noun} · first seen {first} · updated {ago(updated, now)}"


def render_story(
    *,
    story_id: int,
    headline: str,
    coverage: str,
    what_is_new: str,
    seen_before: bool,
    new_count: int,
    timeline: Sequence[TimelineEntry],
    top: Sequence[ArticleView],
    zone: str,
    following: bool = False,
) -> Message:
    parts = [f"<b>📰 {esc(clean_text(headline, 300))}</b>", f"<i>{esc(coverage)}</i>"]
    if seen_before and new_count == 0:
        parts.append("<b>What's new:</b> nothing since you last looked.")
    elif seen_before:
        parts.append(
            f"<b>What's new</b> ({new_count} since you last looked): "
            f"{esc(clean_text(what_is_new, 400))}"
            if what_is_new
            else f"<b>What's new:</b> {new_count} more reports since you last looked."
        )
    lines = [
        f"• {esc(format_time(e.when, zone))} — {esc(clean_text(e.title, 120))} "
        f"<i>({esc(clean_text(e.outlet, 40))})</i>"
        for e in list(timeline)[-TIMELINE_LINES:]
    ]
    if len(lines) > 1:
        parts.append("<b>Timeline</b>\n" + "\n".join(lines))
    shown: list[ArticleView] = []
    for view in top[:TOP_ARTICLES]:
        block = render_article(view, zone, number=len(shown) + 1)
        if visible_length("\n\n".join([*parts, block])) > 3900:
            break
        parts.append(block)
        shown.append(view)
    read = [
        Button(f"📖 Read {i}", callback_data=READ.data(article=v.id, page=0))
        for i, v in enumerate(shown, start=1)
    ]
    follow = (
        Button("🔕 Unfollow", callback_data=UNFOLLOW_STORY.data(story=story_id))
        if following
        else Button("🔔 Follow this story", callback_data=FOLLOW_STORY.data(story=story_id))
    )
    buttons = [
        read,
        [follow],
        [
            Button("➕ More", callback_data=STORY_MORE.data(story=story_id)),
            Button("🔇 Mute this story", callback_data=MUTE_STORY.data(story=story_id)),
        ],
    ]
    return Message("\n\n".join(parts), [row for row in buttons if row], [v.id for v in shown])


def render_story_update(
    headline: str,
    summary: str,
    views: Sequence[ArticleView],
    zone: str,
    story_id: int,
    *,
    title: str | None = None,
    follow: bool = False,
) -> Message:
    """A follow-up sent as a reply to the story's briefing (or, with `title`, an alert that
    offers to follow the story)."""
    heading = title or f"🔄 Update: {clean_text(headline, 300)}"
    parts = [f"<b>{esc(heading)}</b>"]
    if summary:
        parts.append(esc(clean_text(summary, 400)))
    for i, view in enumerate(views[:TOP_ARTICLES], start=1):
        parts.append(render_article(view, zone, number=i))
    read = [
        Button(f"📖 Read {i}", callback_data=READ.data(article=v.id, page=0))
        for i, v in enumerate(views[:TOP_ARTICLES], start=1)
    ]
    tail = (
        [
            Button("🔔 Follow this story", callback_data=FOLLOW_STORY.data(story=story_id)),
            Button("🔇 Mute", callback_data=MUTE_STORY.data(story=story_id)),
        ]
        if follow
        else [Button("🔕 Unfollow", callback_data=UNFOLLOW_STORY.data(story=story_id))]
    )
    return Message("\n\n".join(parts), [read, tail], [v.id for v in views[:TOP_ARTICLES]])
