"""A person uses the bot: subscribe, the poller reads the news, the digest arrives, reading works.

Everything is real on loopback: PTB's Application over HTTP to a fake Telegram, httpx to a local
news site, SQLite (and PostgreSQL where it matters), APScheduler jobs on a clock we move.
"""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from tests.fixtures.harness import ISTANBUL_URL_PATH, running_bot, seed_site, settings_for

CHAT = 1001
BOILERPLATE = (
    "Leave a Reply",
    "Your email address will not be published",
    "Privacy Overview",
    "uses cookies",
    "Accept All",
    "Cookie Settings",
    "Subscribe to our newsletter",
    "Save my name, email",
    "Related posts",
)


def no_boilerplate(text: str) -> bool:
    return not any(phrase.lower() in text.lower() for phrase in BOILERPLATE)


async def test_subscribe_poll_digest_and_read_without_cookies(tg, site, clock, sqlite_url):
    feed = seed_site(site)
    # Test-only: the Clean page on loopback is one this test's "user" (httpx here) can open.
    settings = settings_for(tg, sqlite_url, [feed], NEWSBRIEF_READER_PUBLIC=True)
    async with running_bot(tg, site, settings, clock) as bot:
        assert {c["command"] for c in tg.commands} >= {"start", "help", "subscribe", "latest"}

        (welcome,) = await bot.say(CHAT, "/start")
        assert "/subscribe" in welcome.text

        (reply,) = await bot.say(CHAT, "/subscribe Pakistan Afghanistan talks")
        assert "You now follow" in reply.text and "Pakistan Afghanistan talks" in reply.text

        await bot.poll_now()
        assert site.hits["/feed/"] == 1 and site.hits[ISTANBUL_URL_PATH] == 1

        # 06:00 in Karachi: nothing yet. At 07:30 local (02:30 UTC) the digest goes out.
        assert tg.messages_to(CHAT)[-1] is reply
        await bot.advance(timedelta(minutes=89))
        assert tg.messages_to(CHAT)[-1] is reply
        await bot.advance(timedelta(minutes=2))
        (digest,) = await tg.wait_for(CHAT)
        assert "Istanbul" in digest.text and "third round" in digest.text.lower()
        assert "Tassawar News" in digest.text
        assert no_boilerplate(digest.text)
        links = digest.links()
        assert site.url(ISTANBUL_URL_PATH) in links, "the original link, cleaned"
        assert not any("utm_" in link for link in links), "tracking parameters are removed"
        assert any("web.archive.org/web/" in link for link in links)
        clean = next(link for link in links if "/r/" in link)
        assert any(data and data.startswith("rd:") for _, data, _ in digest.buttons())

        # Once, and not again: later ticks and the next day bring nothing new.
        await bot.advance(timedelta(hours=1))
        await bot.advance(timedelta(days=1))
        assert tg.messages_to(CHAT)[-1] is digest

        # The clean page: the story, no cookies, no scripts, strict headers.
        async with httpx.AsyncClient() as client:
            page = await client.get(clean)
        assert page.status_code == 200
        assert "set-cookie" not in page.headers
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert page.headers["referrer-policy"] == "no-referrer"
        assert "<script" not in page.text.lower()
        assert "Türkiye" in page.text and "evidence" in page.text
        assert no_boilerplate(page.text)

        # Read here: the text in the chat, paged with buttons.
        read_data = next(d for _, d, _ in digest.buttons() if d and d.startswith("rd:"))
        tg.press(CHAT, digest.message_id, read_data)
        (reading,) = await tg.wait_for(CHAT)
        assert "Istanbul" in reading.text and no_boilerplate(reading.text)
        assert len(reading.text) <= 4096

        # What's the latest: finds the story by other words.
        (latest, *_) = await bot.say(CHAT, "/latest Istanbul talks")
        assert "Istanbul" in latest.text
        (nothing,) = await bot.say(CHAT, "/latest volcano Iceland")
        assert "nothing" in nothing.text.lower()
        assert any(text == "🔔 Follow this topic" for text, _, _ in nothing.buttons())

    assert tg.errors == [], "Telegram never refused anything the bot sent"


async def test_subscribing_shows_articles_already_stored(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [seed_site(site)])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.poll_now()
        tg.user_says(CHAT, "/follow Turkiye Istanbul")
        confirm, preview = await tg.wait_for(CHAT, count=2)
        assert "the latest one already in" in confirm.text
        assert "Istanbul" in preview.text and no_boilerplate(preview.text)
        # Shown already, so the digest doesn't repeat it.
        await bot.advance(timedelta(hours=2))
        assert tg.messages_to(CHAT)[-1] is preview


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/subscribe", "Tell me what to follow"),
        ("/subscribe " + "word " * 50, "200"),
        ("/subscribe -crypto", "example"),
        ("/subscribe 🎉🎉🎉", "example"),
    ],
)
async def test_bad_topics_get_a_clear_answer(tg, site, clock, sqlite_url, text, expected):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        (answer,) = await bot.say(CHAT, text)
        assert expected in answer.text
    assert tg.errors == []


async def test_topics_list_unsubscribe_and_duplicates(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe ECB rates -crypto")
        await bot.say(CHAT, "/subscribe Pakistan Afghanistan talks 🇵🇰")
        (dup,) = await bot.say(CHAT, "/subscribe ecb  RATES -crypto")
        assert "already follow" in dup.text

        (listing,) = await bot.say(CHAT, "/topics")
        assert "ECB rates -crypto" in listing.text and "Pakistan Afghanistan" in listing.text
        unsub = [d for _, d, _ in listing.buttons() if d and d.startswith("unsub:")]
        assert len(unsub) == 2
        query_id = tg.press(CHAT, listing.message_id, unsub[0])
        edited = await tg.wait_for_edit(CHAT, listing.message_id)
        assert "ECB rates" not in edited.text and "Pakistan" in edited.text
        assert tg.answered(query_id) is not None

        (gone,) = await bot.say(CHAT, "/unsubscribe pakistan afghanistan talks 🇵🇰")
        assert "Stopped following" in gone.text
        (empty,) = await bot.say(CHAT, "/topics")
        assert "don't follow any topics" in empty.text
        (unknown,) = await bot.say(CHAT, "/unsubscribe nothing")
        assert "don't follow" in unknown.text


async def test_settings_time_zone_and_off(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        (shown,) = await bot.say(CHAT, "/settings")
        assert "07:30" in shown.text and "Asia/Karachi" in shown.text
        (bad_zone,) = await bot.say(CHAT, "/settings tz Mars/Base")
        assert "Area/City" in bad_zone.text and "Asia/Karachi" in bad_zone.text
        (bad_time,) = await bot.say(CHAT, "/settings time 25:99")
        assert "HH:MM" in bad_time.text
        (ok,) = await bot.say(CHAT, "/settings tz europe/berlin")
        assert "Europe/Berlin" in ok.text
        (ok,) = await bot.say(CHAT, "/settings time 6:45")
        assert "06:45" in ok.text
        (off,) = await bot.say(CHAT, "/settings off")
        assert "<b>off</b>" in off.html
        (helped,) = await bot.say(CHAT, "/help")
        for command in ("/subscribe", "/topics", "/latest", "/digest", "/settings"):
            assert command in helped.text


async def test_digest_now_says_when_there_is_nothing_new(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [seed_site(site)])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul")
        await bot.poll_now()
        (digest,) = await bot.say(CHAT, "/digest")
        assert "Istanbul" in digest.text
        (again,) = await bot.say(CHAT, "/digest")
        assert "Nothing new" in again.text


async def test_restart_keeps_topics_and_settings(tg, site, clock, database_url):
    settings = settings_for(tg, database_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Pakistan Afghanistan talks")
        await bot.say(CHAT, "/settings time 06:15")
    async with running_bot(tg, site, settings, clock) as bot:
        (listing,) = await bot.say(CHAT, "/topics")
        assert "Pakistan Afghanistan talks" in listing.text
        (shown,) = await bot.say(CHAT, "/settings")
        assert "06:15" in shown.text


async def test_logs_never_contain_the_token(tg, site, clock, sqlite_url, caplog):
    caplog.set_level("DEBUG")
    settings = settings_for(tg, sqlite_url, [seed_site(site)])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/start")
        await bot.poll_now()
    assert "getUpdates" in caplog.text, "the request log lines are there"
    assert tg.token not in caplog.text
    assert tg.token.split(":")[1] not in caplog.text
