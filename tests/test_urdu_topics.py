"""An Urdu reader subscribes in Urdu and gets the Urdu article another outlet typed on an
Arabic keyboard (other letters for ی, ک and ہ, vowel marks, Arabic-Indic digits)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from tests.fixtures.harness import running_bot, settings_for

CHAT = 1313
NEWS = json.loads(
    (Path(__file__).parent.parent / "bot" / "text" / "testdata" / "urdu_news.json").read_text(
        "utf-8"
    )
)


async def test_an_urdu_topic_finds_the_urdu_article_typed_with_other_letters(
    tg, site, clock, sqlite_url
):
    imran, rain = NEWS["imran_khan_arabic_keyboard"], NEWS["karachi_rain"]
    feed = site.add_feed(
        "/urdu.xml",
        [
            {
                "title": article["title"],
                "link": f"https://urdu.example/{name}",
                "summary": article["text"],
                "guid": name,
                "published": datetime(2026, 11, 27, 0, 30, tzinfo=UTC),
            }
            for name, article in (("imran", imran), ("rain", rain))
        ],
        title="Urdu News",
    )
    settings = settings_for(tg, sqlite_url, [feed])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        tg.user_says(CHAT, "/subscribe عمران خان")  # typed on an Urdu keyboard
        confirm, preview = await tg.wait_for(CHAT, count=2)
        assert "the latest one already in" in confirm.text
        assert "ضمانت" in preview.text and "کراچی" not in preview.text
        tg.user_says(CHAT, "/subscribe lang:ur کراچی بارش")
        confirm, preview = await tg.wait_for(CHAT, count=2)
        assert "the latest one already in" in confirm.text
        assert "کراچی" in preview.text
    assert tg.errors == []
