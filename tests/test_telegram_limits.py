"""Every renderer, fed hostile fields from the web, makes messages Telegram accepts.

A seeded random generator builds titles, summaries, outlets, hosts, topics and source names from
very long words, thousands of `&amp;` and `<`, RTL and zero-width marks, combining characters
and astral-plane emoji. Each message is measured as Telegram measures it (bot.botapi's
`telegram_length`: UTF-16 units of the text left after entity parsing), captions likewise, and
every button is checked: sane text, callback_data of 1-64 bytes that parses to a kind declared
in bot.buttons.catalog, a keyboard Telegram takes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.botapi.markup import parse_reply_markup
from bot.botapi.text import (
    CAPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    format_text,
    is_blank,
    telegram_length,
)
from bot.briefings import (
    ArticleView,
    Message,
    reading_pages,
    render_briefing,
    render_digest,
    render_reading_page,
)
from bot.briefings.story import TimelineEntry, coverage_line, render_story, render_story_update
from bot.buttons import BUTTONS
from bot.buttons import catalog as b
from bot.digests.compose import digest_sections
from bot.replies import channels as channel_replies
from bot.replies import feedback as feedback_replies
from bot.replies import latest as latest_replies
from bot.replies import sources as source_replies
from bot.replies import topics as topic_replies
from bot.replies import welcome as welcome_replies
from bot.replies.list_pages import PAGE_SIZE
from bot.usecases.sources import MAX_SOURCES_PER_CHAT
from bot.usecases.topics import MAX_TOPICS_PER_CHAT
from storage import Article, Source, Topic

CASES = 60
NOW = datetime(2026, 11, 27, 1, 0, tzinfo=UTC)
ZONES = ("UTC", "Asia/Karachi", "America/Los_Angeles", "Asia/Kathmandu")
MAX_BUTTONS = 100  # an inline keyboard holds at most 100 buttons
MAX_ROW = 8  # and at most 8 in a row
MAX_BUTTON_TEXT = 64  # characters: beyond this a button's label is cut off on screen
# Chats whose ids buttons carry: a user, a supergroup, and the longest id a button may name.
CHAT_IDS = (1, -1001234567890, -(2**53))

PIECES = (
    "&amp;",
    "&",
    "<",
    ">",
    "<b>",
    "</a>",
    '"',
    "&lt;i&gt;",
    "&#128240;",
    "&nbsp;",
    "\u202e",  # right-to-left override
    "\u200f",  # right-to-left mark
    "\u2067",  # right-to-left isolate
    "مرحبا",
    "\u200b",  # zero-width space
    "\u200d",
    "\ufeff",
    "\u2060",
    "e\u0301",
    "a" + "\u0300" * 40,  # a stack of combining accents
    "\u0333",
    "📰",
    "👩‍👩‍👧‍👦",
    "🇵🇰",
    "𝕏",
    "\U0001f600" * 30,
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "\u2028",
    " ",
    "   ",
    "\n\n",
    "word",
    "Istanbul",
)


def hostile(rng: random.Random, limit: int) -> str:
    """A string of up to `limit` characters built from the nastiest things feeds send."""
    if rng.random() < 0.1:
        return rng.choice(("😀", "𝕏", "&", "<")) * limit  # the worst case for each measure
    target = rng.choice((0, 1, rng.randint(1, 40), rng.randint(1, limit), limit))
    parts: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.1:
            piece = rng.choice("x📰&<é\u200b") * rng.randint(50, 3000)  # a very long "word"
        elif roll < 0.2:
            piece = rng.choice(("&amp;", "<", "&lt;", "\u202e", "📰")) * rng.randint(100, 2000)
        else:
            piece = rng.choice(PIECES)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:limit] if rng.random() < 0.5 else "".join(parts)


def hostile_url(rng: random.Random) -> str:
    """An article address: often a long host (no outlet name then shows the host)."""
    host = ".".join(
        rng.choice(("a" * 63, "news", "xn--mgbh0fb", "🇵🇰", "&amp;", "x<y"))
        for _ in range(rng.choice((1, 2, 8, 70)))
    )
    path = hostile(rng, 300).replace(" ", "%20")
    return rng.choice(
        (
            f"https://{host}.example/{path}",
            f"http://{host}/",
            "javascript:alert(1)",
            "https://[broken/",
            f'https://www.{host}.com/a?b=<c>&d="e"',
        )
    )


def hostile_article(rng: random.Random, article_id: int, story_id: int | None) -> Article:
    url = hostile_url(rng)
    return Article(
        id=article_id,
        canonical_url=url,
        url=url,
        title=hostile(rng, 5000),
        outlet=rng.choice((None, "", hostile(rng, 2000))),
        summary=hostile(rng, 8000),
        published_at=rng.choice((None, NOW - timedelta(minutes=rng.randint(0, 9000)))),
        fetched_at=NOW - timedelta(minutes=rng.randint(0, 60)),
        story_id=story_id,
    )


def view_of(article: Article) -> ArticleView:
    """As Services.view makes it: with a clean-page and an archive link."""
    assert article.id is not None
    return ArticleView(
        id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published_at,
        summary=article.summary,
        url=article.url,
        clean_url=f"https://reader.example/r/{article.id}/{'t' * 43}",
        archive_url=f"https://web.archive.org/web/2026/{article.url}",
    )


def hostile_topic(rng: random.Random, topic_id: int, chat_id: int = 1) -> Topic:
    query = hostile(rng, 200) or "x"  # a topic is at most 200 characters (bot.matching)
    return Topic(
        id=topic_id,
        chat_id=chat_id,
        query=query,
        normalized=query,
        created_at=NOW,
        message_thread_id=rng.choice((None, rng.randint(1, 2**31))),
        thread_name=rng.choice((None, hostile(rng, 128))),  # Telegram: 128 at most
        instant=rng.random() < 0.5,
    )


def hostile_source(rng: random.Random, source_id: int) -> Source:
    return Source(
        id=source_id,
        url=f"https://{hostile(rng, 1900).replace(' ', '')}.example/feed",
        title=rng.choice((None, hostile(rng, 5000))),  # a feed's own title: any length
        last_error=hostile(rng, 3000),
        disabled=rng.random() < 0.3,
        added_by_chat_id=1,
    )


def check_message(message: Message, *, caption: bool = False) -> None:
    """What Telegram would refuse: too long, unparsable or empty text, bad buttons."""
    limit = CAPTION_MAX_LENGTH if caption else MESSAGE_MAX_LENGTH
    length = telegram_length(message.html, "HTML")
    assert length <= limit, f"{length} UTF-16 units after parsing (limit {limit})"
    format_text(message.html, "HTML", caption=caption)  # parses and is not empty
    buttons = [b for row in message.buttons for b in row]
    assert len(buttons) <= MAX_BUTTONS
    for row in message.buttons:
        assert 1 <= len(row) <= MAX_ROW
        for button in row:
            text = button.text
            assert text.strip() and not is_blank(text), repr(text)
            assert len(text) <= MAX_BUTTON_TEXT, repr(text)
            assert not any(ord(ch) < 32 for ch in text), repr(text)
            if button.callback_data is not None:
                assert 1 <= len(button.callback_data.encode("utf-8")) <= 64, button.callback_data
                assert BUTTONS.parse(button.callback_data) is not None, button.callback_data
            else:
                assert button.url
    markup = {
        "inline_keyboard": [
            [
                {"text": b.text, "callback_data": b.callback_data}
                if b.callback_data is not None
                else {"text": b.text, "url": b.url}
                for b in row
            ]
            for row in message.buttons
        ]
    }
    parse_reply_markup(markup)  # the fake Bot API's own checks of a keyboard


def check_all(messages: list[Message]) -> None:
    for message in messages:
        check_message(message)


def cases() -> Iterator[random.Random]:
    for seed in range(CASES):
        yield random.Random(seed)


def test_briefings_and_latest_replies_stay_within_limits() -> None:
    for rng in cases():
        articles = [hostile_article(rng, i, None) for i in range(1, rng.randint(1, 8) + 1)]
        views = [view_of(a) for a in articles]
        zone = rng.choice(ZONES)
        header = rng.choice((None, latest_replies.latest_header(hostile(rng, 300))))
        messages = render_briefing(header, views, zone)
        check_all(messages)
        assert sorted(i for m in messages for i in m.article_ids) == [v.id for v in views]


def test_digests_stay_within_limits_and_lose_no_story() -> None:
    for rng in cases():
        topics = [hostile_topic(rng, t) for t in range(1, rng.randint(1, 6) + 1)]
        items = []
        next_id = 1
        for topic in topics:
            for _ in range(rng.randint(1, 12)):
                story = rng.choice((None, rng.randint(1, 6)))
                items.append((topic, hostile_article(rng, next_id, story)))
                next_id += 1
        sections = digest_sections(
            items, view_of, NOW, more_data=lambda t: b.DIGEST_MORE.data(topic=t.id)
        )
        title = f"Your news digest · {hostile(rng, 100)}"
        messages = render_digest(sections, rng.choice(ZONES), title=title)
        check_all(messages)
        shown = {i for m in messages for i in m.article_ids}
        assert shown == {i for s in sections for v in s.views for i in (v.id, *v.also_ids)}


def test_alerts_follow_ups_and_story_replies_stay_within_limits() -> None:
    for rng in cases():
        articles = [hostile_article(rng, i, 7) for i in range(1, rng.randint(1, 6) + 1)]
        views = [view_of(a) for a in articles]
        zone = rng.choice(ZONES)
        headline = hostile(rng, 5000)
        coverage = coverage_line(len(articles), NOW - timedelta(hours=3), NOW, NOW, zone)
        alert = render_story_update(
            headline,
            coverage,
            views,
            zone,
            7,
            title=topic_replies.breaking_header(headline),
            follow=True,
        )
        check_all(alert)
        assert [i for m in alert for i in m.article_ids] == [v.id for v in views[:3]]
        follow_up = render_story_update(headline, hostile(rng, 4000), views, zone, 7)
        check_all(follow_up)
        timeline = [
            TimelineEntry(a.fetched_at, a.title, a.outlet or hostile(rng, 3000)) for a in articles
        ]
        story = render_story(
            story_id=7,
            headline=headline,
            coverage=coverage,
            what_is_new=hostile(rng, 4000),
            seen_before=rng.random() < 0.5,
            new_count=rng.randint(0, 5),
            timeline=timeline,
            top=views,
            zone=zone,
            following=rng.random() < 0.5,
        )
        check_message(story)


def page_numbers(count: int) -> range:
    return range(-(-count // PAGE_SIZE) + 1)  # one past the end too: an old button


def pressed(pages: list[Message]) -> list:
    """Every button of these pages, parsed (check_message saw that each one parses)."""
    return [BUTTONS.parse(x.callback_data) for m in pages for row in m.buttons for x in row]


def check_turns(pages: list[Message], listing: str, chat_id: int) -> None:
    """The ◀ ▶ buttons reach every page, and only of this chat's list."""
    turns = [p for p in pressed(pages) if p is not None and p.kind is b.LIST_PAGE]
    assert {(p["chat"], p["listing"]) for p in turns} == {(chat_id, listing)}
    assert {p["page"] for p in turns} == set(range(len(pages) - 1)), "every page is reachable"


def test_topic_and_source_lists_stay_within_limits_on_every_page() -> None:
    for rng in cases():
        chat_id = rng.choice(CHAT_IDS)
        topics = [hostile_topic(rng, t, chat_id) for t in range(1, MAX_TOPICS_PER_CHAT + 1)]
        channel = rng.choice((None, hostile(rng, 300)))
        forum = rng.random() < 0.5
        pages = [
            topic_replies.topics_list(topics, channel=channel, forum=forum, page=p)
            for p in page_numbers(len(topics))
        ]
        check_all(pages)
        check_turns(pages, "topics", chat_id)
        removable = {x.callback_data for m in pages for row in m.buttons for x in row}
        every = {b.UNSUBSCRIBE.data(chat=chat_id, topic=t.id) for t in topics}
        assert every <= removable, "every topic's ✖ is reachable"

        sources = [hostile_source(rng, s) for s in range(1, MAX_SOURCES_PER_CHAT + 1)]
        pages = [
            source_replies.sources_list(sources, chat_id, channel=channel, page=p)
            for p in page_numbers(len(sources))
        ]
        check_all(pages)
        check_turns(pages, "sources", chat_id)
        removable = {x.callback_data for m in pages for row in m.buttons for x in row}
        every = {b.REMOVE_SOURCE.data(chat=chat_id, source=s.id) for s in sources}
        assert every <= removable, "every source's ✖ is reachable"


def test_other_replies_with_web_or_user_text_stay_within_limits() -> None:
    for rng in cases():
        source = hostile_source(rng, 1)
        channel = rng.choice((None, hostile(rng, 300)))
        check_all(
            [
                source_replies.source_added(source.title, source.url, 3, True, channel=channel),
                source_replies.source_disabled(source.title, source.url, hostile(rng, 3000), False),
                source_replies.source_removed(source.title, source.url, channel=channel),
                source_replies.unknown_source(hostile(rng, 3000), 5, channel=channel),
                feedback_replies.feedback_menu(1, hostile(rng, 5000), hostile(rng, 4000)),
                latest_replies.nothing_found(hostile(rng, 200) or "x", rng.randint(0, 2**53)),
                feedback_replies.nothing_more_like(hostile(rng, 5000)),
                topic_replies.unknown_topic(hostile(rng, 3000)),
                welcome_replies.welcome(hostile(rng, 300)),
                channel_replies.channels_list(
                    [(-100 - i, hostile(rng, 300) or "x", i == 0) for i in range(20)]
                ),
            ]
        )
        check_message(source_replies.sources_export_caption(channel=channel), caption=True)
        text = "\n".join(hostile(rng, 3000) for _ in range(rng.randint(1, 6)))
        pages = reading_pages(text)
        for page in range(len(pages)):
            check_message(render_reading_page(1, hostile(rng, 5000), hostile_url(rng), pages, page))


def test_lists_of_the_longest_emoji_names_stay_within_limits() -> None:
    """The worst case, not left to chance: every name at its longest, all in emoji."""
    chat_id = -(2**53)  # the longest chat id a button carries
    topics = [
        Topic(
            id=i,
            chat_id=chat_id,
            query="😀" * 200,
            normalized=str(i),
            created_at=NOW,
            message_thread_id=i,
            thread_name="😀" * 128,
            instant=True,
        )
        for i in range(1, MAX_TOPICS_PER_CHAT + 1)
    ]
    sources = [
        Source(id=i, url="https://x.example/" + "😀" * 1900, title="😀" * 9000, disabled=True)
        for i in range(1, MAX_SOURCES_PER_CHAT + 1)
    ]
    for source in sources:
        source.last_error = "😀" * 9000
    for page in page_numbers(MAX_SOURCES_PER_CHAT):
        check_message(topic_replies.topics_list(topics, channel="😀" * 300, forum=True, page=page))
        check_message(source_replies.sources_list(sources, chat_id, channel="😀" * 300, page=page))


@pytest.mark.parametrize("host_chars", [4000, 20_000])
def test_a_huge_host_without_an_outlet_fits_a_briefing(host_chars: int) -> None:
    """The case that was found: an article whose link has a ~4,000-character host."""
    host = ".".join(["h" * 60] * (host_chars // 61))
    url = f"https://{host}.example/story"
    article = Article(
        id=1,
        canonical_url=url,
        url=url,
        title="Istanbul talks suspended after an earthquake",
        summary="Delegations were evacuated; the talks resume on Monday, officials said.",
        outlet=None,
        fetched_at=NOW,
    )
    (message,) = render_briefing(None, [view_of(article)], "UTC")
    check_message(message)
    assert "h" * 50 in message.html, "the host still names the outlet, shortened"
