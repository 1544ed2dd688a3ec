"""A person adds sources of their own: a feed, a page that names its feed, an OPML file; lists,
removes and exports them; and hears about it when one stops working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.fetching import parse_opml
from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, seed_site, settings_for

CHAT, OTHER_CHAT = 3003, 3004
PAGE_WITH_FEED = """<!doctype html><html><head><title>Khyber Post</title>
<link rel="alternate" type="application/rss+xml" title="Khyber Post" href="/khyber/feed.xml">
<link rel="alternate" type="application/rss+xml" title="Comments" href="/khyber/comments.xml">
</head><body><h1>Khyber Post</h1><p>News from the north-west.</p></body></html>"""


def khyber_feed(site) -> str:  # type: ignore[no-untyped-def]
    return site.add_feed(
        "/khyber/feed.xml",
        [
            {
                "title": "Torkham crossing reopens after Istanbul talks",
                "link": "/khyber/torkham",
                "summary": "Trade resumed at the Torkham border crossing on Friday.",
                "guid": "kp-1",
                "published": datetime(2026, 11, 26, 20, 0, tzinfo=UTC),
            }
        ],
        title="Khyber Post",
    )


async def test_add_a_feed_or_a_page_list_remove_and_bad_addresses(tg, site, clock, sqlite_url):
    feed = seed_site(site)
    khyber = khyber_feed(site)
    page = site.add("/khyber/", PAGE_WITH_FEED)
    about = site.add("/about", "<!doctype html><html><body><p>About us</p></body></html>")
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul")
        (usage,) = await bot.say(CHAT, "/addsource")
        assert "OPML" in usage.text and "/addsource https://" in usage.text

        (added,) = await bot.say(CHAT, f"/addsource {feed}")
        assert "Added Tassawar News" in added.text and "1 item " in added.text
        (found,) = await bot.say(CHAT, f"/addsource {page}")
        assert "Added Khyber Post" in found.text and f"found its feed: {khyber}" in found.text

        for text, expected in [
            (f"/addsource {feed}", "already added"),
            (f"/addsource {khyber}", "already added"),
            (f"/addsource {about}", "no RSS or Atom feed"),
            (f"/addsource {site.url('/missing')}", "HTTP 404"),
            ("/addsource not a web address", "one web address"),
            ("/addsource ftp://example.com/feed", "only read public websites"),
            ("/addsource javascript:alert(1)", "doesn't look like a web address"),
        ]:
            (answer,) = await bot.say(CHAT, text)
            assert expected in answer.text, (text, answer.text)

        (listing,) = await bot.say(CHAT, "/sources")
        assert "Tassawar News" in listing.text and "Khyber Post" in listing.text
        buttons = [d for _, d, _ in listing.buttons() if d and d.startswith("src:")]
        assert len(buttons) == 2
        query_id = tg.press(CHAT, listing.message_id, buttons[1])
        edited = await tg.wait_for_edit(CHAT, listing.message_id)
        assert "Khyber Post" not in edited.text and "Tassawar News" in edited.text
        assert "Removed" in tg.answered(query_id)["text"]

        await bot.poll_now()
        polled = site.hits["/khyber/feed.xml"]
        clock.advance(timedelta(days=1))
        await bot.poll_now()
        assert site.hits["/khyber/feed.xml"] == polled, "a removed source is not polled any more"
        assert site.hits["/feed/"] >= 2
        (digest,) = await bot.say(CHAT, "/digest")
        assert "Pakistan and Afghan Interim Government" in digest.text
    assert tg.errors == []


async def test_opml_in_and_out(tg, site, clock, sqlite_url):
    feed = seed_site(site)
    khyber = khyber_feed(site)
    opml = f"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="News" title="News">
    <outline type="rss" text="Tassawar" title="Tassawar" xmlUrl="{feed}" htmlUrl="{site.url("/")}"/>
    <outline type="rss" text="Khyber &amp; Co" xmlUrl="{khyber}"/>
    <outline type="rss" text="Khyber again" xmlUrl="{khyber}"/>
  </outline>
  <outline type="rss" text="Sneaky" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="Mail" xmlUrl="mailto:editor@example.com"/>
</body></opml>""".encode()
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Torkham")
        await bot.say(CHAT, f"/addsource {feed}")
        tg.user_sends_document(CHAT, "subscriptions.opml", opml)
        (summary,) = await tg.wait_for(CHAT)
        assert "Added 1 source from your file" in summary.text
        assert "1 was already yours" in summary.text

        tg.user_sends_document(CHAT, "photo.jpg", b"\xff\xd8\xff\xe0 not for me")
        tg.user_sends_document(CHAT, "broken.opml", b"<opml><body><outline text='x'/></body>")
        (broken,) = await tg.wait_for(CHAT)
        assert "no feeds in that file" in broken.text

        (export,) = await bot.say(CHAT, "/export")
        assert export.document is not None
        assert export.document.filename.endswith(".opml")
        exported = parse_opml(export.document.content)
        assert [url for _, url in exported] == [feed, khyber]
        assert [title for title, _ in exported] == ["Tassawar News", "Khyber & Co"]

        (none,) = await bot.say(OTHER_CHAT, "/export")
        assert "no sources of your own" in none.text
        tg.user_sends_document(OTHER_CHAT, "newsbrief-sources.opml", export.document.content)
        (imported,) = await tg.wait_for(OTHER_CHAT)
        assert "Added 2 sources" in imported.text

        await bot.poll_now()
        # Imported by two chats, it is still one source: one poll.
        assert site.hits["/khyber/feed.xml"] == 1
        (digest,) = await bot.say(CHAT, "/digest")
        assert "Torkham crossing reopens" in digest.text
    assert tg.errors == []


async def test_a_source_that_is_gone_or_keeps_failing_is_stopped_with_a_notice(
    tg, site, clock, sqlite_url
):
    feed = seed_site(site)
    khyber = khyber_feed(site)
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_MIN_FEED_INTERVAL=0)
    async with running_bot(tg, site, settings, clock) as bot:
        db = bot.services.db
        await bot.say(CHAT, f"/addsource {feed}")
        await bot.say(OTHER_CHAT, f"/addsource {feed}")
        await bot.say(CHAT, f"/addsource {khyber}")
        await bot.poll_now()

        site.add_special("/feed/", "status", status=410)
        clock.advance(timedelta(hours=1))
        for chat in (CHAT, OTHER_CHAT):
            (notice,) = await tg.wait_for(chat, lambda m: "stopped reading" in m.text)
            assert "Tassawar News" in notice.text and "gone for good" in notice.text

        site.add_special("/khyber/feed.xml", "status", status=500)
        for failures in range(1, 13):
            clock.advance(timedelta(days=3))  # past any backoff
            await bot.poll_now()
            source = await db.run(sources_q.source_by_url, khyber)
            assert source.failures == failures and source.disabled == (failures == 12)
        (notice,) = await tg.wait_for(CHAT, lambda m: "Khyber Post" in m.text)
        assert "failed 12 times in a row" in notice.text and "HTTP 500" in notice.text
        assert not any("Khyber" in m.text for m in tg.messages_to(OTHER_CHAT))

        (listing,) = await bot.say(CHAT, "/sources")
        assert listing.text.count("stopped") == 2

        # Asking again, once it works, starts it afresh.
        (still_gone,) = await bot.say(CHAT, f"/addsource {feed}")
        assert "gone for good" in still_gone.text
        seed_site(site)
        (again,) = await bot.say(CHAT, f"/addsource {feed}")
        assert "Added Tassawar News" in again.text
        source = await db.run(sources_q.source_by_url, feed)
        assert not source.disabled and source.failures == 0
    assert tg.errors == []
