"""One poll cycle over every kind of bad source at once: it ends within a bound, nothing
crashes, each bad source gets the treatment it deserves, and the good news still arrives."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from storage.queries import articles as articles_q
from storage.queries import sources as sources_q
from tests.fixtures.harness import running_bot, seed_site, settings_for

TESTDATA = Path(__file__).parents[1] / "bot" / "polling" / "testdata"
RSS = "application/rss+xml; charset=utf-8"
CHAT = 4004


def ten_thousand_entries() -> str:
    start = datetime(2026, 11, 26, tzinfo=UTC)
    items = "".join(
        f"<item><title>Bulletin {n}</title><link>/bulletins/{n}</link><guid>b-{n}</guid>"
        f"<pubDate>{format_datetime(start + timedelta(seconds=n), usegmt=True)}</pubDate>"
        "<description>Weather and markets.</description></item>"
        for n in reversed(range(10_000))
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Firehose</title>'
    return f"{head}{items}</channel></rss>"


async def test_every_kind_of_bad_source_in_one_cycle(tg, site, clock, sqlite_url):
    def serve(path: str, name: str, content_type: str = RSS) -> str:
        return site.add(path, (TESTDATA / name).read_bytes(), content_type=content_type)

    good = seed_site(site)
    bad = {
        "malformed": serve("/frontier.xml", "malformed-ampersands-unclosed.xml"),
        "html": serve("/daily.xml", "html-served-as-feed.html"),
        "no link or date": serve("/mashaal.xml", "items-without-link-or-date.xml"),
        "future": serve("/sticky.xml", "dates-in-the-future.xml"),
        "guids": serve("/lazy.xml", "repeated-guids.xml"),
        "charset": serve("/peshawar.xml", "windows-1252-declared-utf8.xml"),
        "10,000": site.add("/firehose.xml", ten_thousand_entries(), content_type=RSS),
        "gzip bomb": site.add_special("/bomb.xml", "gzip_bomb", size=200_000_000),
        "drip": site.add_special("/drip.xml", "drip", interval=0.5),
        "loop": site.add_special("/loop.xml", "redirect_loop"),
        "404": site.url("/missing.xml"),
        "410": site.add_special("/gone.xml", "status", status=410),
    }
    settings = settings_for(tg, sqlite_url, [*bad.values(), good], NEWSBRIEF_FETCH_DEADLINE=2)
    async with running_bot(tg, site, settings, clock) as bot:
        db = bot.services.db
        await bot.say(CHAT, "/subscribe Interim Government")
        started = time.monotonic()
        await bot.poll_now()
        assert time.monotonic() - started < 12, "one slow source costs one deadline, not more"

        state = {name: await db.run(sources_q.source_by_url, url) for name, url in bad.items()}
        articles = await db.run(articles_q.recent_articles, clock.now() - timedelta(days=30), 1000)
        titles = {a.title: a for a in articles}

        # Recovered, not rejected.
        assert state["malformed"].failures == 0
        assert "Trade & transit: Torkham crossing reopens after Istanbul talks" in titles
        assert "Istanbul round ends without joint statement" in titles
        # Entries without a link can't be read or linked; without a date they are "now".
        assert titles["Istanbul bulletin with a relative link and no date"].published_at == (
            clock.now()
        )
        assert not any("scripted" in t.lower() for t in titles)
        # A promo dated 2099 doesn't stay on top forever.
        assert titles["Istanbul SUBSCRIBE NOW: 50% off"].published_at == clock.now()
        # One GUID for every item: each item still counts once.
        assert {t for t in titles if t.startswith("Istanbul story")} == {
            "Istanbul story one",
            "Istanbul story two",
            "Istanbul story three",
        }
        # windows-1252 bytes declared as UTF-8 read right.
        assert "Minister’s “positive” remarks on Istanbul talks in the café" in titles
        # 10,000 entries: read, but only the newest few become articles.
        assert state["10,000"].failures == 0
        firehose = [t for t in titles if t.startswith("Bulletin ")]
        assert 0 < len(firehose) <= 30 and "Bulletin 9999" in firehose

        for name, reason in [
            ("html", "not a feed"),
            ("gzip bomb", "large"),
            ("drip", "too long"),
            ("loop", "redirects"),
            ("404", "HTTP 404"),
        ]:
            assert state[name].failures == 1 and not state[name].disabled, name
            assert reason in state[name].last_error, (name, state[name].last_error)
        assert state["410"].disabled and state["410"].last_error == "HTTP 410"
        assert site.bytes_sent["/drip.xml"] < 10, "the drip was abandoned at the deadline"

        (digest,) = await bot.say(CHAT, "/digest")
        assert "Pakistan and Afghan Interim Government Continue Dialogue" in digest.text
        (alive,) = await bot.say(CHAT, "/help")
        assert "/addsource" in alive.text
    assert tg.errors == []
