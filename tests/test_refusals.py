"""/addsource refuses every address it will not fetch with the same words, so that a stranger
cannot learn which names exist inside the operator's network.

The real bot against the fake Telegram, with the private-address guard ON (other end-to-end
tests switch it off to reach the local news site). DNS is the fetcher's resolver seam: one
internal name resolves to a private address, another does not resolve at all.
"""

from __future__ import annotations

import socket

from bot.fetching import Fetcher, FetchPolicy
from tests.fixtures.harness import running_bot, settings_for

CHAT = 3301
INTERNAL_DNS = {"db.corp.internal": ["10.20.30.40"], "wiki.corp.internal": ["192.168.7.7"]}


async def _corp_dns(host: str, port: int) -> list[str]:
    if host in INTERNAL_DNS:
        return INTERNAL_DNS[host]
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


async def test_every_address_the_bot_will_not_fetch_gets_one_answer(tg, site, clock, sqlite_url):
    port = site.base_url.rsplit(":", 1)[1]
    site.add("/feed.xml", "<rss version='2.0'><channel><title>Inside</title></channel></rss>")
    settings = settings_for(tg, sqlite_url, [], NEWSBRIEF_ALLOW_PRIVATE_URLS=False)
    async with running_bot(tg, site, settings, clock) as bot:
        services = bot.services
        await services.fetcher.aclose()
        services.fetcher = Fetcher(FetchPolicy(total_deadline=5), resolver=_corp_dns)
        services.poller.fetcher = services.ingestor.fetcher = services.fetcher
        services.cases.sources.fetcher = services.fetcher  # what /addsource reads with
        refused = {
            "http://db.corp.internal/": "resolves to a private address",
            "https://wiki.corp.internal/feed": "resolves to a private address",
            "http://nosuch.corp.internal/": "does not resolve",
            "http://no-such-name.example/feed.xml": "does not resolve",
            f"http://localhost:{port}/feed.xml": "this machine, by name",
            f"http://127.0.0.1:{port}/feed.xml": "loopback",
            f"http://[::1]:{port}/feed.xml": "loopback, IPv6",
            "http://10.0.0.7/": "private network",
            "http://169.254.169.254/latest/meta-data/": "cloud metadata",
            "ftp://db.corp.internal/feed": "not the web",
            "file:///etc/passwd": "a file",
        }
        answers = {}
        for address, why in refused.items():
            (answer,) = await bot.say(CHAT, f"/addsource {address}")
            answers[address] = answer.text
            assert "corp.internal" not in answer.text and "10.20" not in answer.text, (why, answer)
        assert len(set(answers.values())) == 1, answers
        assert "only read public websites" in next(iter(answers.values()))
        (listing,) = await bot.say(CHAT, "/sources")
        assert "Inside" not in listing.text
    assert site.hits["/feed.xml"] == 0, "nothing behind the guard was fetched"
    assert tg.errors == []
