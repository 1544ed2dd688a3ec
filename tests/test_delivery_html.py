"""Telegram never answers 400 to what the bot renders: generated worst cases, sent for real.

The fake Telegram parses HTML and counts length the way Telegram does (entities, UTF-16,
4096 visible characters, 64-byte callback data); every digest, briefing and reading page built
from hostile titles, summaries and URLs goes through it as the outbox sends them.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode

from bot.briefings import ArticleView, Message, render_briefing
from bot.briefings.render import reading_pages, render_reading_page
from bot.delivery import keyboard_of
from bot.delivery.queue import buttons_to_json, message_of
from bot.usecases.digests import compose_digest
from storage import Article, Chat, Topic
from storage.models import Outbox
from storage.queries import matches as matches_q
from tests.fakes import FakeTelegram

CHAT = 6001
NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # the night Europe's clocks change

NASTY = [
    "<b>bold</b> & <i>not closed",
    "</a></b></i> closing tags first",
    "&amp; &lt;already&gt; escaped &#x1F600; &nbsp;",
    'quotes " and \' and <a href="javascript:alert(1)">x</a>',
    "😀" * 120,  # astral characters: two UTF-16 units each
    "e\u0301" * 200,  # combining accents
    "\u202eRTL override\u202c and \u2066isolate\u2069 and zero\u200bwidth\u200djoiner",
    "x" * 3000,  # one word longer than a message
    "control \x00\x01\x07\x1b[31m chars\x7f",
    "Ünïcödé Türkiye İstanbul ﷺ 🇵🇰 𝕏 ",
    "<pre><code class='language-python'>print(1)</code></pre>",
    "<tg-spoiler>secret</tg-spoiler> <blockquote>quote",
    "line\nbreaks\r\nand\ttabs",
    "",
]
URLS = [
    'https://example.org/a?b=1&c=<2>&d="3"',
    "https://xn--80ak6aa92e.com/путь/статья?q=новости#часть",
    "https://example.org/" + "p" * 2500,
    "javascript:alert(1)",
    "http://[::1]:80/local",
    "https://example.org/with space and 'quote'",
    "data:text/html,<script>alert(1)</script>",
]


def hostile_view(rng: random.Random, article_id: int) -> ArticleView:
    return ArticleView(
        id=article_id,
        title=rng.choice(NASTY) + " " + rng.choice(NASTY),
        outlet=rng.choice([None, "", "<Outlet & Co>", "😀" * 50, "Dawn"]),
        published=rng.choice([None, NOW - timedelta(minutes=rng.randint(0, 5000))]),
        summary=" ".join(rng.choice(NASTY) for _ in range(rng.randint(0, 6))),
        url=rng.choice(URLS),
        clean_url=rng.choice([None, "https://reader.example/r/abc<def>&x=1"]),
        archive_url=rng.choice([None, "https://web.archive.org/web/2026/" + rng.choice(URLS)]),
    )


def hostile_digest(rng: random.Random, zone: str) -> list[Message]:
    """A digest through the real composition: up to 50 topics, many articles each."""
    chat = Chat(id=CHAT, timezone=zone, created_at=NOW)
    items, views = [], {}
    for topic_id in range(1, rng.randint(2, 50)):
        topic = Topic(
            id=topic_id,
            chat_id=CHAT,
            query=rng.choice(NASTY)[:200] or "topic",
            normalized=str(topic_id),
            created_at=NOW,
        )
        for _ in range(rng.randint(1, 12)):
            article_id = rng.randint(1, 400)
            views[article_id] = hostile_view(rng, article_id)
            article = Article(
                id=article_id,
                canonical_url=f"u{article_id}",
                url="u",
                title="t",
                fetched_at=NOW,
            )
            items.append(matches_q.DigestItem(topic, article))
    return compose_digest(chat, items, lambda a: views[a.id], NOW)


@pytest.fixture
async def bot_and_tg() -> AsyncIterator[tuple[Bot, FakeTelegram]]:
    async with FakeTelegram() as tg:
        tg.user_says(CHAT, "hello")
        bot = Bot(tg.token, base_url=tg.base_url)
        async with bot:
            yield bot, tg


async def send_as_the_outbox_does(bot: Bot, message: Message) -> None:
    # Through the outbox's own serialisation, so what is queued is what is tested.
    row = Outbox(
        chat_id=CHAT,
        kind="digest",
        html=message.html,
        buttons=buttons_to_json(message.buttons),
        not_before=NOW,
        created_at=NOW,
    )
    queued = message_of(row)
    await bot.send_message(
        CHAT,
        queued.html,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard_of(queued),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


@pytest.mark.parametrize("seed", range(6))
async def test_hostile_digests_are_always_accepted(bot_and_tg, seed: int) -> None:
    bot, tg = bot_and_tg
    rng = random.Random(seed)
    zone = rng.choice(["UTC", "Europe/Berlin", "Asia/Kathmandu", "America/St_Johns"])
    messages = hostile_digest(rng, zone)
    assert messages, "something to send"
    for message in messages:
        await send_as_the_outbox_does(bot, message)
    assert tg.errors == [], tg.errors[:3]
    assert all(len(m.text) <= 4096 for m in tg.messages)


async def test_hostile_briefings_and_reading_pages_are_always_accepted(bot_and_tg) -> None:
    bot, tg = bot_and_tg
    rng = random.Random(99)
    sent: list[Message] = []
    for n in range(8):
        views = [hostile_view(rng, n * 10 + i) for i in range(rng.randint(1, 5))]
        sent += render_briefing(rng.choice(NASTY)[:300] or None, views, "Asia/Karachi")
    text = "\n\n".join(rng.choice(NASTY) for _ in range(400))
    pages = reading_pages(text)
    for page in range(len(pages)):
        sent.append(render_reading_page(7, rng.choice(NASTY), rng.choice(URLS), pages, page))
    for message in sent:
        await send_as_the_outbox_does(bot, message)
    assert tg.errors == [], tg.errors[:3]
