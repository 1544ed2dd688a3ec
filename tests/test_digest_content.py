"""A digest of stories: by topic, ranked, each story once with its topics, More for the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.harness import running_bot, settings_for

CHAT = 5005
WHEN = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)


def item(host: str, slug: str, title: str, summary: str, hours: int) -> dict:
    return {
        "title": title,
        "link": f"https://{host}/{slug}",
        "summary": summary,
        "guid": f"{host}/{slug}",
        "published": WHEN + timedelta(hours=hours),
    }


TALKS = "Pakistan and Afghanistan began a third round of talks in Istanbul, mediated by Türkiye."
OTHER = [
    (
        "cricket",
        "Pakistan cricket team wins the series in Lahore",
        "Pakistan's cricket team won the test series against England in Lahore on Sunday.",
    ),
    (
        "floods",
        "Pakistan floods displace thousands in Sindh",
        "Monsoon floods in Sindh province of Pakistan displaced thousands of families.",
    ),
    (
        "bank",
        "Pakistan central bank holds interest rate at 11 percent",
        "The State Bank of Pakistan kept its policy rate unchanged, citing inflation.",
    ),
    (
        "satellite",
        "Pakistan launches weather satellite from China",
        "Pakistan's space agency launched a weather satellite on a Chinese rocket.",
    ),
]


async def test_digest_groups_stories_ranks_them_and_offers_more(tg, site, clock, sqlite_url):
    feeds = [
        site.add_feed(f"/{name}.xml", [item(host, "talks", title, TALKS, hours)], title=outlet)
        for name, host, outlet, title, hours in (
            (
                "dawn",
                "dawn.example",
                "Dawn",
                "Third round of Pakistan-Afghanistan talks opens in Istanbul",
                1,
            ),
            (
                "geo",
                "geo.example",
                "Geo News",
                "Istanbul hosts Pakistan Afghanistan talks, third round",
                2,
            ),
            (
                "bbc",
                "bbc.example",
                "BBC",
                "Pakistan and Afghanistan hold third round of Istanbul talks",
                3,
            ),
        )
    ]
    feeds.append(
        site.add_feed(
            "/tribune.xml",
            [
                item("tribune.example", slug, title, text, 4 + i)
                for i, (slug, title, text) in enumerate(OTHER)
            ],
            title="Express Tribune",
        )
    )
    async with running_bot(tg, site, settings_for(tg, sqlite_url, feeds), clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul talks")
        await bot.say(CHAT, "/subscribe Pakistan")
        await bot.poll_now()
        tg.user_says(CHAT, "/digest")
        messages = await tg.wait_for(CHAT, timeout=10)
        await bot.quiet()  # every part of the digest is out
        text = "\n".join(m.text for m in tg.messages_to(CHAT)[-3:])
        # The talks story appears once, under the first topic, tagged with both.
        assert text.count("Istanbul talks") >= 1
        talks_blocks = [line for line in text.splitlines() if "third round" in line.lower()]
        assert len([b for b in talks_blocks if b[:2].rstrip(".").isdigit()]) == 1
        assert "🏷 Istanbul talks, Pakistan" in text
        assert "Also:" in text and "(3 reports)" in text
        # Pakistan: the best 3 of 4 other stories, and a More button for the last.
        assert "+ 1 more story on this topic" in text
        digest = next(m for m in tg.messages_to(CHAT) if "dm:" in str(m.reply_markup))
        more = next(d for _, d, _ in digest.buttons() if d and d.startswith("dm:"))
        shown = sum(title in text for _, title, _ in OTHER)
        assert shown == 3
        tg.press(CHAT, digest.message_id, more)
        (extra,) = await tg.wait_for(CHAT)
        missing = [title for _, title, _ in OTHER if title not in text]
        assert missing and missing[0] in extra.text
        # Everything shown (the story's other reports too) counts as sent.
        (again,) = await bot.say(CHAT, "/digest")
        assert "Nothing new" in again.text
        assert messages
    assert tg.errors == []
