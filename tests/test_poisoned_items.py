"""One bad item never costs a feed its other items: an item whose text cannot be stored as it
came, and a feed labelled with a codec that is no text encoding, still deliver their news."""

from __future__ import annotations

import json
from datetime import timedelta

from storage.queries import articles as articles_q
from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, settings_for

CHAT = 7201


def json_feed_with_a_poisoned_item(site) -> str:  # type: ignore[no-untyped-def]
    items = [
        {"id": "p-1", "url": site.url("/poison/1"), "title": "Torkham crossing reopens",
         "content_text": "Trade resumed at the Torkham crossing after the Istanbul talks."},
        {"id": "p-2\ud800", "url": site.url("/poison/2"),
         "title": "Torkham \ud800 traders count their losses\u0007",
         "content_text": "Lorries waited \udfff for three weeks at the Torkham crossing."},
        {"id": "p-3", "url": site.url("/poison/3"), "title": "Torkham customs go digital",
         "content_text": "Customs at Torkham now clear lorries with an online form."},
    ]  # fmt: skip
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Border Wire", "items": items}
    # ensure_ascii keeps the lone surrogates as \\ud800 escapes, as a hostile server sends them.
    return site.add("/poison/feed.json", json.dumps(feed), content_type="application/feed+json")


def hex_labelled_feed(site) -> str:  # type: ignore[no-untyped-def]
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Caf\xe9 Torkham</title>'
        "<item><title>Torkham caf\xe9 reopens</title><link>/hex/1</link><guid>h-1</guid>"
        "<description>The caf\xe9 at the Torkham crossing serves lorry drivers again."
        "</description></item></channel></rss>"
    ).encode("cp1252")  # not valid UTF-8, so the label is what decides
    return site.add("/hex/feed.xml", body, content_type="application/rss+xml; charset=hex")


async def test_a_feed_with_a_poisoned_item_still_delivers_its_other_items(
    tg, site, clock, sqlite_url
):
    poisoned, hexed = json_feed_with_a_poisoned_item(site), hex_labelled_feed(site)
    settings = settings_for(tg, sqlite_url, [poisoned, hexed])
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Torkham")
        await bot.poll_now()
        db = bot.services.db
        for url in (poisoned, hexed):
            source = await db.run(sources_q.source_by_url, url)
            assert source.failures == 0 and source.last_error is None, (url, source.last_error)
        articles = await db.run(articles_q.recent_articles, clock.now() - timedelta(days=30), 100)
        assert sorted(a.title for a in articles) == sorted(
            [
                "Torkham \ufffd traders count their losses",
                "Torkham café reopens",
                "Torkham crossing reopens",
                "Torkham customs go digital",
            ]
        )
        (digest,) = await bot.say(CHAT, "/digest")
        # The two feeds are polled at once: how their short items group into stories depends
        # on which is stored first. Either way the poisoned feed's news is in the digest.
        assert "Border Wire" in digest.text, digest.text
    assert tg.errors == []
