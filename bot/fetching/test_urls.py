"""One address per article, whatever tracking junk it arrives with."""

import pytest

from bot.fetching import canonical_url, wayback_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "HTTPS://WWW.Dawn.com:443/news/1953214?utm_source=twitter&utm_medium=social#comments",
            "https://www.dawn.com/news/1953214",
        ),
        (
            "https://www.bbc.co.uk/news/world-asia-67?at_medium=RSS&at_campaign=KARANGA&page=2",
            "https://www.bbc.co.uk/news/world-asia-67?page=2",
        ),
        (
            "https://example.com/a?id=5&fbclid=IwAR0abc&gclid=xyz&b=2&mc_cid=1&mc_eid=2",
            "https://example.com/a?id=5&b=2",
        ),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com/Path/Keeps/Case?Q=Keeps%20Encoding", None),
        (
            "https://www.msn.com/en-us/news/world/ar-AA1?ocid=BingNewsSearch&cvid=abc",
            "https://www.msn.com/en-us/news/world/ar-AA1?cvid=abc",
        ),
        ("https://t.example/p?UTM_Source=x&WT.mc_id=y&igshid=z&_ga=1.2", "https://t.example/p"),
        ("  https://example.com/trim  ", "https://example.com/trim"),
        ("not a url", "not a url"),
        ("http://[::1", "http://[::1"),
    ],
)
def test_canonical_url(raw, expected):
    assert canonical_url(raw) == (expected if expected is not None else raw)


def test_canonical_url_is_idempotent():
    url = "https://Example.com/a?utm_x=1&q=talks+istanbul&ref_src=twsrc#top"
    assert (
        canonical_url(canonical_url(url))
        == canonical_url(url)
        == ("https://example.com/a?q=talks+istanbul")
    )


def test_wayback_url_points_at_the_latest_copy():
    url = "https://www.dawn.com/news/1953214"
    assert wayback_url(url) == "https://web.archive.org/web/https://www.dawn.com/news/1953214"
