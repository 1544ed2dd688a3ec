"""A story briefing: headline, what's new, a short timeline, coverage, the top articles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.briefings.bounds import (
    MAX_HEADLINE_CHARS,
    MAX_OUTLET_CHARS,
    MAX_TIMELINE_TITLE_CHARS,
    MAX_UPDATE_CHARS,
)
from bot.briefings.render import (
    ArticleView,
    Button,
    Message,
    clean_text,
    esc,
    format_time,
    read_buttons,
    render_article,
    visible_length,
)
from bot.buttons.catalog import FOLLOW_STORY, MUTE_STORY, READ, STORY_MORE, UNFOLLOW_STORY
from bot.i18n import _, isolate, ngettext, pgettext

TIMELINE_LINES = 5
TOP_ARTICLES = 3
# Under Telegram's 4096 with room to spare; the visible length is measured, not estimated.
STORY_BUDGET = 3900


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    title: str
    outlet: str

    def __post_init__(self) -> None:  # cut to size once, like ArticleView
        object.__setattr__(self, "title", clean_text(self.title, MAX_TIMELINE_TITLE_CHARS))
        object.__setattr__(self, "outlet", clean_text(self.outlet, MAX_OUTLET_CHARS))


def ago(then: datetime, now: datetime) -> str:
    seconds = max(0, int((now - then).total_seconds()))
    if seconds < 90:
        return _("just now")
    if seconds < 3600:
        return _("{n} min ago").format(n=seconds // 60)
    if seconds < 48 * 3600:
        return _("{n} h ago").format(n=seconds // 3600)
    return ngettext("{n} day ago", "{n} days ago", seconds // 86400).format(n=seconds // 86400)


def coverage_line(
    outlets: int, first_seen: datetime, updated: datetime, now: datetime, zone: str
) -> str:
    """e.g. "7 outlets · first seen 07:12 · updated 2 h ago"."""
    first = format_time(first_seen, zone)
    line = ngettext(
        "{n} outlet · first seen {first} · updated {ago}",
        "{n} outlets · first seen {first} · updated {ago}",
        outlets,
    )
    return line.format(n=outlets, first=first, ago=ago(updated, now))


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
    reports: int | None = None,
) -> Message:
    """/latest's answer. `reports`: how many articles the story has (➕ More is offered only
    when there are more than the ones shown here)."""
    parts = [
        f"<b>📰 {isolate(esc(clean_text(headline, MAX_HEADLINE_CHARS)))}</b>",
        f"<i>{esc(coverage)}</i>",
    ]
    if seen_before and new_count == 0:
        parts.append(_("<b>What's new:</b> nothing since you last looked."))
    elif seen_before:
        parts.append(
            _("<b>What's new</b> ({n} since you last looked): {update}").format(
                n=new_count, update=isolate(esc(clean_text(what_is_new, MAX_UPDATE_CHARS)))
            )
            if what_is_new
            else _("<b>What's new:</b> ")
            + ngettext(
                "{n} more report since you last looked.",
                "{n} more reports since you last looked.",
                new_count,
            ).format(n=new_count)
        )
    lines = [
        f"• {esc(format_time(e.when, zone))} — {isolate(esc(e.title))} <i>({esc(e.outlet)})</i>"
        for e in list(timeline)[-TIMELINE_LINES:]
    ]
    if len(lines) > 1:
        parts.append(_("<b>Timeline</b>") + "\n" + "\n".join(lines))
    shown: list[ArticleView] = []
    for view in top[:TOP_ARTICLES]:
        block = render_article(view, zone, number=len(shown) + 1)
        if visible_length("\n\n".join([*parts, block])) > STORY_BUDGET:
            break
        parts.append(block)
        shown.append(view)
    # 📖 Read and ⋯ (why, more like it, mute the outlet) under every article, as in digests.
    read = read_buttons(shown, numbered=True)
    follow = (
        Button(pgettext("button", "🔕 Unfollow"), callback_data=UNFOLLOW_STORY.data(story=story_id))
        if following
        else Button(
            pgettext("button", "🔔 Follow this story"),
            callback_data=FOLLOW_STORY.data(story=story_id),
        )
    )
    more = Button(pgettext("button", "➕ More"), callback_data=STORY_MORE.data(story=story_id))
    mute = Button(
        pgettext("button", "🔇 Mute this story"), callback_data=MUTE_STORY.data(story=story_id)
    )
    has_more = reports is None or reports > len(shown)
    buttons = [*read, [follow], [more, mute] if has_more else [mute]]
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
) -> list[Message]:
    """A follow-up sent as a reply to the story's briefing (or, with `title`, an alert that
    offers to follow the story). Split between articles when one message cannot hold it all;
    the Follow / Mute buttons go under the last part."""
    heading = title or _("🔄 Update: {headline}").format(
        headline=isolate(clean_text(headline, MAX_HEADLINE_CHARS))
    )
    parts = [f"<b>{esc(clean_text(heading, MAX_HEADLINE_CHARS + 20))}</b>"]
    if summary:
        parts.append(esc(clean_text(summary, MAX_UPDATE_CHARS)))
    messages: list[tuple[list[str], list[tuple[int, ArticleView]]]] = []
    shown: list[tuple[int, ArticleView]] = []
    for i, view in enumerate(views[:TOP_ARTICLES], start=1):
        block = render_article(view, zone, number=i)
        if parts and visible_length("\n\n".join([*parts, block])) > STORY_BUDGET:
            messages.append((parts, shown))
            parts, shown = [], []
        parts.append(block)
        shown.append((i, view))
    messages.append((parts, shown))
    tail = (
        [
            Button(
                pgettext("button", "🔔 Follow this story"),
                callback_data=FOLLOW_STORY.data(story=story_id),
            ),
            Button(pgettext("button", "🔇 Mute"), callback_data=MUTE_STORY.data(story=story_id)),
        ]
        if follow
        else [
            Button(
                pgettext("button", "🔕 Unfollow"), callback_data=UNFOLLOW_STORY.data(story=story_id)
            )
        ]
    )
    rendered = []
    for n, (texts, items) in enumerate(messages, start=1):
        read = [
            Button(
                pgettext("button", "📖 Read {n}").format(n=i),
                callback_data=READ.data(article=v.id, page=0),
            )
            for i, v in items
        ]
        rows = [row for row in (read, tail if n == len(messages) else []) if row]
        rendered.append(Message("\n\n".join(texts), rows, [v.id for _, v in items]))
    return rendered
