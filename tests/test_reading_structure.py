"""Numbered lists, bold lead-ins and the standfirst above the body survive from the page to
Read here and the clean page, Read here's pages break between blocks, not inside a list, and the
clean page tells the time in the chat's zone."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.fixtures.harness import running_bot, settings_for

CHAT = 6202
PATH = "/2026/11/26/riverside-stadium-delay/"


def stadium_feed(site) -> str:
    page = site.add_page(PATH, "stadium-delay-numbered-list.html")
    return site.add_feed(
        "/sport/feed/",
        [
            {
                "title": "Riverside Stadium opening delayed until autumn",
                "link": page,
                "summary": "The inquiry lists six reasons for the delay of the Riverside Stadium.",
                "guid": "riverside-1",
                "published": datetime(2026, 11, 26, 18, 40, tzinfo=UTC),
            }
        ],
        title="Local News",
    )


async def test_lists_and_lead_ins_reach_read_here_and_the_clean_page(tg, site, clock, sqlite_url):
    # Test-only: the loopback Clean page is opened below.
    settings = settings_for(tg, sqlite_url, [stadium_feed(site)], NEWSBRIEF_READER_PUBLIC=True)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        (story,) = await bot.say(CHAT, "/latest Riverside Stadium")
        read = next(data for text, data, _ in story.buttons() if text == "📖 Read 1")
        tg.press(CHAT, story.message_id, read)
        (first,) = await tg.wait_for(CHAT)
        assert "Page 1 of 2" in first.text
        # The standfirst the page sets under its headline opens the text, before the body.
        dek = "the inquiry names six reasons why the new ground will not open in the spring."
        assert dek in first.text and first.text.count(dek) == 1
        assert first.text.index(dek) < first.text.index("In the first round of hearings")
        # Page 1 ends before the list and the line that introduces it, not inside the list.
        assert "reasons for the delay:" not in first.text and "Safety:" not in first.text
        assert first.text.rstrip().endswith("never formally moved.")

        turn = next(data for text, data, _ in first.buttons() if text == "Next ▶")
        tg.press(CHAT, first.message_id, turn)
        second = await tg.wait_for_edit(CHAT, first.message_id)
        html = second.html
        assert "reasons for the delay:\n1. <b>Safety:</b> The fire certificate" in html, html
        assert "\n2. The new tram stop" in html and "\n6. Ticket refunds" in html
        assert "<b>Why it matters:</b> The city had planned" in html
        assert "<b>What's next.</b> A new date" in html

        clean = next(link for link in story.links() if "/r/" in link)
        async with httpx.AsyncClient() as client:
            page = await client.get(clean)
        assert page.status_code == 200
        text = page.text
        assert "<ol" in text and "<ul" not in text, "the article's list is numbered"
        assert "<li><strong>Safety:</strong> The fire certificate" in text
        assert "<strong>Why it matters:</strong> The city had planned" in text
        assert "**" not in text
        assert text.index(dek) < text.index("In the first round of hearings")
        # Times in the chat's zone (Asia/Karachi, UTC+5), named; the link's signature holds.
        assert "26 November 2026, 23:40 Asia/Karachi" in text and "18:40 UTC" not in text
        async with httpx.AsyncClient() as client:
            forged = await client.get(clean.replace("/r/", "/r/x", 1))
            plain = await client.get(clean.split("?", 1)[0])
            odd = await client.get(clean.split("?", 1)[0] + "?tz=Mars/Base")
        assert forged.status_code == 404
        assert "26 November 2026, 18:40 UTC" in plain.text
        assert "18:40 UTC" in odd.text and "Mars" not in odd.text
    assert tg.errors == []
