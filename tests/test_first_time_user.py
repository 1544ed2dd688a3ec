"""A first-time user's first minutes, through the real bot: the rough edges they met."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.harness import running_bot, seed_site, settings_for

CHAT = 6101


async def test_one_article_reads_in_the_singular_and_one_report_has_no_more(
    tg, site, clock, sqlite_url
):
    feed = seed_site(site)  # one article, from one outlet
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await bot.poll_now()
        tg.user_says(CHAT, "/subscribe Istanbul talks")
        confirmed, _article = await tg.wait_for(CHAT, count=2)
        assert "Here is the latest one already in:" in confirmed.text, confirmed.text
        assert "latest 1 " not in confirmed.text

        (story,) = await bot.say(CHAT, "/latest Istanbul talks")
        assert "1 outlet ·" in story.text
        labels = [text for text, _, _ in story.buttons()]
        assert "⋯ 1" in labels, "the ⋯ button the README promises under every article"
        assert "➕ More" not in labels, "More would only repeat the one article shown"
        assert "🔇 Mute this story" in labels

        options = next(data for text, data, _ in story.buttons() if text == "⋯ 1")
        tg.press(CHAT, story.message_id, options)
        (menu,) = await tg.wait_for(CHAT)
        assert "What would you like to do with this article?" in menu.text
    assert tg.errors == []


async def test_the_first_digest_request_does_not_speak_of_a_last_one(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        await bot.say(CHAT, "/subscribe Istanbul talks")
        (empty,) = await bot.say(CHAT, "/digest")
        assert "Nothing new" in empty.text
        assert "last digest" not in empty.text, "there was no digest before"


async def test_a_returning_user_is_welcomed_back(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (first,) = await bot.say(CHAT, "/start")
        assert "I'm newsbrief" in first.text
        await bot.say(CHAT, "/subscribe Istanbul talks")
        await bot.say(CHAT, "/subscribe Karachi weather")
        (again,) = await bot.say(CHAT, "/start")
        assert "Welcome back" in again.text and "You follow 2 topics" in again.text
        assert "I'm newsbrief" not in again.text and again.buttons() == []
        await bot.say(CHAT, "/unsubscribe Karachi weather")
        (once_more,) = await bot.say(CHAT, "/start")
        assert "You follow 1 topic " in once_more.text


async def test_a_typed_setting_is_confirmed_in_one_line_not_the_menu(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (zone,) = await bot.say(CHAT, "/settings tz Karachi")
        first_line = zone.text.splitlines()[0]
        assert first_line.startswith("✅ Time zone: Asia/Karachi"), zone.text
        assert len(zone.text.splitlines()) <= 4, zone.text
        assert "Your settings" not in zone.text and zone.buttons() == []
        (quiet,) = await bot.say(CHAT, "/settings quiet off")
        assert quiet.text.startswith("✅ Quiet hours: off")
        (menu,) = await bot.say(CHAT, "/settings")
        assert "Your settings" in menu.text and menu.buttons()


async def test_an_unknown_region_code_is_refused(tg, site, clock, sqlite_url):
    async with running_bot(tg, site, settings_for(tg, sqlite_url, []), clock) as bot:
        (refused,) = await bot.say(CHAT, "/settings region ZZ")
        assert "not a country code" in refused.text
        (accepted,) = await bot.say(CHAT, "/settings region de")
        assert accepted.text.startswith("✅ News search:") and "region DE" in accepted.text


async def test_more_on_a_one_outlet_story_brings_only_what_was_not_shown(
    tg, site, clock, sqlite_url
):
    when = datetime(2026, 11, 26, 20, 0, tzinfo=UTC)
    text = (
        "Pakistan and Afghanistan held a third round of talks in Istanbul on Thursday, with "
        "Turkiye mediating between the delegations over cross-border security."
    )
    entries = [
        {
            "title": title,
            "link": f"https://dawn.example/{n}",
            "summary": f"{text} {extra}",
            "guid": f"dawn-{n}",
            "published": when + timedelta(hours=n),
        }
        for n, title, extra in [
            (1, "Pakistan, Afghanistan hold third round of talks in Istanbul", ""),
            (2, "Istanbul talks: Pakistan shares evidence with Afghan side", "Evidence shared."),
        ]
    ]
    feed = site.add_feed("/dawn.xml", entries, title="Dawn")
    async with running_bot(tg, site, settings_for(tg, sqlite_url, [feed]), clock) as bot:
        await bot.poll_now()
        (story,) = await bot.say(CHAT, "/latest Istanbul talks")
        assert "1 outlet" in story.text and "shares evidence" in story.text
        more = next(data for text, data, _ in story.buttons() if text == "➕ More")
        tg.press(CHAT, story.message_id, more)
        (rest,) = await tg.wait_for(CHAT)
        assert "1 more report on" in rest.text
        articles = rest.text.split("\n\n", 1)[1]  # below the header, which names the story
        assert "hold third round" in articles and "shares evidence" not in articles
    assert tg.errors == []
