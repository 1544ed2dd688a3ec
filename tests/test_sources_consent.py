"""Consent walls are failed extractions: a page that is mostly cookie talk, or a redirect to a
consent.* / guce.* host, leaves the article with its feed's summary — and none of the wall."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.queries import articles as articles_q
from tests.fixtures.harness import running_bot, settings_for

CHAT = 6006
# The shape of a CMP interstitial served in place of the article (200 OK, no article at all).
WALL = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Your privacy choices | Frontier Daily</title>
<script src="https://cdn.cookielaw.example/scripttemplates/otSDKStub.js"></script></head>
<body class="consent-page"><div id="onetrust-consent-sdk" role="dialog">
<h2>We value your privacy</h2>
<p>We and our 842 partners store and/or access information on a device, such as cookies and
process personal data, such as unique identifiers and standard information sent by a device
for personalised advertising and content, advertising and content measurement, audience
research and services development.</p>
<p>With your permission we and our partners may use precise geolocation data and
identification through device scanning. You may click to consent to our and our 842 partners'
processing as described above. Alternatively you may access more detailed information and
change your preferences before consenting or to refuse consenting.</p>
<p>Please note that some processing of your personal data may not require your consent, but
you have a right to object to such processing. Your preferences will apply to this website
only. You can change your preferences or withdraw your consent at any time by returning to
this site and clicking the "Privacy" button at the bottom of the webpage.</p>
<button id="onetrust-accept-btn-handler">I Accept</button>
<button id="onetrust-reject-all-handler">Reject All</button>
<button id="onetrust-pc-btn-handler">Show Purposes</button>
<a href="/cookie-policy">Cookie Policy</a> <a href="/vendors">Vendor List</a>
</div></body></html>"""
SUMMARIES = {
    "page": "Negotiators in Istanbul agreed to extend the ceasefire by two weeks.",
    "redirect": "The Afghan delegation presented a written proposal on border posts in Istanbul.",
    "another redirect": "Istanbul mediators from Qatar and Türkiye will set up a monitoring team.",
}


async def test_a_consent_wall_leaves_the_feed_summary_and_none_of_the_wall(
    tg, site, clock, sqlite_url
):
    site.add("/frontier/ceasefire-extended", WALL)
    site.add_redirect(
        "/frontier/written-proposal",
        "https://consent.frontier.example/m?continue=https%3A%2F%2Ffrontier.example%2Fp&gl=DE",
    )
    site.add_redirect(
        "/frontier/monitoring-team",
        "https://guce.frontier.example/collectConsent?sessionId=3_cc-session_7b1c",
        status=303,
    )
    feed = site.add_feed(
        "/frontier/feed.xml",
        [
            {
                "title": f"Istanbul talks ({name})",
                "link": path,
                "summary": SUMMARIES[name],
                "guid": name,
                "published": datetime(2026, 11, 26, 12, n, tzinfo=UTC),
            }
            for n, (name, path) in enumerate(
                [
                    ("page", "/frontier/ceasefire-extended"),
                    ("redirect", "/frontier/written-proposal"),
                    ("another redirect", "/frontier/monitoring-team"),
                ]
            )
        ],
        title="Frontier Daily",
    )
    # Clean pages on (test-only), so "no clean page of a wall" is the bot's choice, not the URL's.
    settings = settings_for(tg, sqlite_url, [feed], NEWSBRIEF_READER_PUBLIC=True)
    async with running_bot(tg, site, settings, clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul talks")
        await bot.poll_now()
        assert site.hits["/frontier/ceasefire-extended"] == 1, "the wall page was read..."
        stored = await bot.services.db.run(
            articles_q.recent_articles, clock.now().replace(year=2020)
        )
        assert {a.text_from for a in stored} == {"feed"}, "...and recognised as no article"
        assert all("cookie" not in (a.text + a.summary).lower() for a in stored)

        (digest,) = await bot.say(CHAT, "/digest")
        for summary in SUMMARIES.values():
            assert summary[:40] in digest.text
        for wall_words in ("privacy", "cookie", "consent", "partners", "Accept", "Reject"):
            assert wall_words.lower() not in digest.text.lower(), wall_words
        assert not any("/r/" in link for link in digest.links()), "no clean page of a wall"
        assert not any("consent." in link or "guce." in link for link in digest.links())
    assert tg.errors == []
