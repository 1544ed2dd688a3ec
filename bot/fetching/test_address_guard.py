"""The private-address guard: what the bot refuses to fetch, whatever a feed or user sends."""

import pytest

from bot.fetching import FetchError, UnsafeURL, check_url
from bot.fetching.address_guard import is_forbidden_address


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/admin",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2002:7f00:1::]/",
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/router",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "file:///etc/passwd",
        "ftp://ftp.example.com/pub",
        "gopher://127.0.0.1:6379/_INFO",
        "javascript:alert(1)",
        "//example.com/no-scheme",
        "http:///no-host",
        "not a url",
    ],
)
async def test_unsafe_addresses_are_refused(url):
    with pytest.raises(UnsafeURL):
        await check_url(url)


async def test_public_addresses_pass_without_touching_dns():
    await check_url("https://93.184.216.34/news")
    await check_url("http://[2606:2800:220:1:248:1893:25c8:1946]/")


async def test_a_name_is_refused_if_any_of_its_addresses_is_private():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(UnsafeURL):
        await check_url("https://mixed.example/", resolver=resolver)


async def test_a_public_name_passes():
    async def resolver(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]

    await check_url("https://news.example/a?b=c", resolver=resolver)


async def test_a_name_that_does_not_resolve_is_a_fetch_error_not_unsafe():
    async def resolver(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchError) as caught:
        await check_url("https://gone.example/", resolver=resolver)
    assert not isinstance(caught.value, UnsafeURL), "a name may resolve again: not a refusal"
    assert "gone.example" in caught.value.detail, "the operator's log can say which name"
    assert "gone.example" not in str(caught.value), "what a person sees names nothing"


async def test_allow_private_still_refuses_other_schemes():
    await check_url("http://127.0.0.1:8080/", allow_private=True)
    with pytest.raises(UnsafeURL):
        await check_url("file:///etc/passwd", allow_private=True)


def test_cloud_metadata_and_embedded_private_addresses_are_forbidden():
    assert is_forbidden_address("169.254.169.254")
    assert is_forbidden_address("fd00:ec2::254")
    assert is_forbidden_address("64:ff9b::a00:1")  # NAT64 form of 10.0.0.1
    assert is_forbidden_address("fe80::1%eth0")
    assert not is_forbidden_address("8.8.8.8")
    assert not is_forbidden_address("2001:4860:4860::8888")
