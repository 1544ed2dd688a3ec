"""Which reader URLs a user's phone can open: the judgement behind the Clean page option."""

from __future__ import annotations

import pytest

from bot.reader.public_url import is_public_url, not_public_because

UNREACHABLE = {
    "http://127.0.0.1:8080": "loopback",
    "http://127.1:8080": "loopback",  # browsers read 127.1 as 127.0.0.1
    "http://0x7f.0.0.1/": "loopback",
    "http://2130706433/": "loopback",  # 127.0.0.1 as one number
    "http://[::1]:8080": "loopback",
    "http://[::ffff:127.0.0.1]/": "loopback",
    "http://0.0.0.0:8080": "unspecified",
    "http://[::]:8080": "unspecified",
    "http://10.1.2.3": "private",
    "https://192.168.1.20/news": "private",
    "http://172.16.0.9": "private",
    "http://100.64.0.1": "private",  # carrier-grade NAT: not on the internet
    "http://[fd00::1]": "private",
    "http://169.254.1.1": "link-local",
    "http://[fe80::1]": "link-local",
    "http://localhost:8080": "local name",
    "http://news.localhost": "local name",
    "http://newsbox.local:8080": "local name",
    "https://reader.home.arpa": "local name",
    "http://newsbox:8080": "bare host name",
    "ftp://news.example.org": "not an http(s) URL",
    "news.example.org": "not an http(s) URL",
    "https://": "not an http(s) URL",
}
PUBLIC = [
    "https://news.example.org",
    "https://news.example.org/",
    "http://93.184.215.14:8080",
    "https://[2606:4700:4700::1111]/",
    "https://0xcafe.example.com",
    "https://newsbrief.fly.dev",
]


@pytest.mark.parametrize(("url", "why"), UNREACHABLE.items())
def test_addresses_phones_cannot_open(url: str, why: str) -> None:
    reason = not_public_because(url)
    assert reason is not None and why in reason, reason
    assert not is_public_url(url)


@pytest.mark.parametrize("url", PUBLIC)
def test_public_addresses(url: str) -> None:
    assert not_public_because(url) is None
    assert is_public_url(url)
