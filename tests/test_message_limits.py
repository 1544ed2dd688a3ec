"""Nothing a stranger puts on the web, and no chat's own long lists, make a message Telegram
refuses: a huge host reaches previews, alerts and digests; 50 topics and 100 sources are paged;
a source can be removed by typing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.usecases.topics import MAX_TOPICS_PER_CHAT, normalized
from storage.queries import articles as articles_q
from storage.queries import sources as sources_q
from storage.queries import topics as topics_q
from tests.fixtures.harness import running_bot, settings_for

ALERTS, PREVIEW, DIGEST, LISTS = 8101, 8102, 8103, 8104
WHEN = datetime(2026, 11, 27, 0, 30, tzinfo=UTC)
# A host of ~3,900 characters (labels of 60, as DNS allows each; the link stays under the feed
# parser's 4,000), on a feed that names no outlet.
HUGE_HOST = ".".join(["h" * 60] * 64) + ".example"
TEXT = (
    "A strong earthquake struck Istanbul on Friday morning, and the talks between Pakistan and "
    "Afghanistan were suspended while delegations were evacuated."
)


def quake(outlet: str, link: str, minutes: int) -> dict:
    return {
        "title": f"Earthquake in Istanbul halts talks ({outlet})",
        "link": link,
        "summary": TEXT,
        "guid": f"{outlet}-quake",
        "published": WHEN + timedelta(minutes=minutes),
    }


async def test_a_huge_host_reaches_the_preview_an_alert_and_other_chats_digests(
    tg, site, clock, sqlite_url
):
    assert len(HUGE_HOST) > 3900
    feeds = [
        site.add_feed("/dawn.xml", [quake("dawn", "https://dawn.example/quake", 0)], title="Dawn"),
        site.add_feed("/geo.xml", [quake("geo", "https://geo.example/quake", 20)], title="Geo"),
        site.add_feed("/nameless.xml", [quake("x", f"https://{HUGE_HOST}/quake", 40)], title=""),
    ]
    settings = settings_for(tg, sqlite_url, feeds)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(ALERTS, "/subscribe Istanbul earthquake")
        (listing,) = await bot.say(ALERTS, "/topics")
        toggle = next(d for _, d, _ in listing.buttons() if d and d.startswith("ti:"))
        tg.press(ALERTS, listing.message_id, toggle)
        await tg.wait_for_edit(ALERTS, listing.message_id)
        await bot.say(DIGEST, "/subscribe Istanbul earthquake")

        await bot.poll_now()  # none of these chats added the feeds: the operator did
        stored = await bot.services.db.run(articles_q.recent_articles, WHEN - timedelta(days=1), 10)
        huge = next(a for a in stored if HUGE_HOST in a.url)
        assert not huge.outlet, "the feed names no outlet: the host stands in for it"

        alerts = await tg.wait_for(ALERTS, lambda m: "Breaking" in m.text, timeout=15)
        assert "3 outlets" in alerts[0].text
        sent_alert = [m for m in tg.messages_to(ALERTS) if m.message_id >= alerts[0].message_id]
        assert "h" * 50 in "".join(m.text for m in sent_alert), "the host names the outlet"

        await bot.say(PREVIEW, "/subscribe Istanbul earthquake")
        previews = await tg.wait_for(PREVIEW, lambda m: "Earthquake in Istanbul" in m.text)
        assert "(x)" in previews[0].text or "h" * 50 in previews[0].text
        (story,) = await bot.say(PREVIEW, "/latest Istanbul earthquake")
        assert "3 outlets" in story.text and "h" * 50 in story.text

        (digest,) = await bot.say(DIGEST, "/digest")
        everything = "\n".join(m.text for m in [digest, *tg.messages_to(DIGEST)[-3:]])
        assert "Earthquake in Istanbul" in everything and "h" * 50 in everything
        for message in tg.messages_to(DIGEST) + tg.messages_to(ALERTS) + tg.messages_to(PREVIEW):
            assert len(message.text) <= 4096
    assert tg.errors == []


async def test_fifty_long_topics_are_paged_and_the_last_can_be_removed(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(LISTS, "/start")
        for i in range(MAX_TOPICS_PER_CHAT):  # the most a chat may follow, each 200 characters
            text = f"topic{i:02d} " + " ".join(["Überschwemmungskatastrophe"] * 7)[:190]
            await bot.services.db.run(
                topics_q.add_topic,
                LISTS,
                text,
                normalized(text),
                clock.now() + timedelta(seconds=i),
            )
        (first,) = await bot.say(LISTS, "/topics")
        assert "Your topics (50) · page 1 of 5" in first.text and "1. topic00" in first.text
        page = first
        for number in range(2, 6):
            forward = next(d for t, d, _ in page.buttons() if t.startswith("Next"))
            tg.press(LISTS, first.message_id, forward)
            page = await tg.wait_for_edit(LISTS, first.message_id)
            assert f"page {number} of 5" in page.text
        assert "50. topic49" in page.text
        assert not any(t.startswith("Next") for t, _, _ in page.buttons())

        last = [d for _, d, _ in page.buttons() if d and d.startswith("unsub:")][-1]
        answered = tg.press(LISTS, first.message_id, last)
        page = await tg.wait_for_edit(LISTS, first.message_id)
        assert "topic49" in tg.answered(answered)["text"]
        assert "Your topics (49) · page 5 of 5" in page.text and "topic49" not in page.text

        back = next(d for t, d, _ in page.buttons() if t.startswith("◀"))
        tg.press(LISTS, first.message_id, back)
        page = await tg.wait_for_edit(LISTS, first.message_id)
        assert "page 4 of 5" in page.text and "31. topic30" in page.text
        assert len(await bot.services.db.run(topics_q.list_topics, LISTS)) == 49
    assert tg.errors == []


async def hundred_sources(bot, chat_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    """The most a chat may have, each with a long title its feed gave itself."""
    urls = []
    for i in range(100):
        url = f"https://feeds{i:03d}.example/rss"
        title = f"Source {i:03d} " + "Nachrichtenagentur " * 10
        await bot.services.db.run(
            sources_q.link_chat_source,
            chat_id,
            url,
            title,
            now=bot.clock.now(),
            first_poll_at=bot.clock.now() + timedelta(days=30),  # never polled here
        )
        urls.append(url)
    return urls


async def test_a_hundred_sources_are_paged_and_the_hundredth_can_be_removed(
    tg, site, clock, sqlite_url
):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(LISTS, "/start")
        await hundred_sources(bot, LISTS)
        (first,) = await bot.say(LISTS, "/sources")
        assert "Your sources (100) · page 1 of 10" in first.text
        assert "1. Source 000" in first.text and "/removesource" in first.text
        page = first
        while "page 10 of 10" not in page.text:
            forward = next(d for t, d, _ in page.buttons() if t.startswith("Next"))
            tg.press(LISTS, first.message_id, forward)
            page = await tg.wait_for_edit(LISTS, first.message_id)
        assert "100. Source 099" in page.text
        last = [d for _, d, _ in page.buttons() if d and d.startswith("src:")][-1]
        answered = tg.press(LISTS, first.message_id, last)
        page = await tg.wait_for_edit(LISTS, first.message_id)
        assert "Source 099" in tg.answered(answered)["text"]
        assert "Your sources (99) · page 10 of 10" in page.text and "Source 099" not in page.text
    assert tg.errors == []


async def test_removesource_by_number_address_or_title(tg, site, clock, sqlite_url):
    settings = settings_for(tg, sqlite_url, [])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(LISTS, "/start")
        urls = await hundred_sources(bot, LISTS)
        (refused,) = await bot.say(LISTS, f"/addsource {site.url('/another.xml')}")
        assert "/removesource" in refused.text, "a full chat is told how to make room"

        (usage,) = await bot.say(LISTS, "/removesource")
        assert "/removesource 3" in usage.text
        (removed,) = await bot.say(LISTS, "/removesource 100")
        assert "Removed" in removed.text and "Source 099" in removed.text
        (removed,) = await bot.say(LISTS, f"/removesource {urls[0]}")
        assert "Removed" in removed.text and "Source 000" in removed.text
        (removed,) = await bot.say(LISTS, "/removesource feeds050.example/rss")
        assert "Source 050" in removed.text, "an address without https:// is understood"
        (none,) = await bot.say(LISTS, "/removesource 98")
        assert "no source number 98" in none.text and "you have 97" in none.text
        (none,) = await bot.say(LISTS, "/removesource https://nowhere.example/feed")
        assert "is not one of your sources" in none.text
        left = [s.url for s in await bot.services.db.run(sources_q.chat_sources, LISTS)]
        assert len(left) == 97 and urls[0] not in left and urls[99] not in left
        (listing,) = await bot.say(LISTS, "/sources")
        assert "Your sources (97)" in listing.text and "1. Source 001" in listing.text

        (nothing,) = await bot.say(LISTS + 1, "/removesource 1")
        assert "nothing to remove" in nothing.text
        (help_text,) = await bot.say(LISTS, "/help")
        assert "/removesource" in help_text.text
        assert "removesource" in [c["command"] for c in tg.commands]
    assert tg.errors == []
