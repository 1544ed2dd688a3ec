from datetime import UTC, datetime

import pytest

from bot.extraction.article import parse_html
from bot.extraction.metadata import PageMetadata, parse_datetime, read_metadata


def metadata_of(
    head: str, body: str = "", url: str | None = "https://news.example/a/b"
) -> PageMetadata:
    tree = parse_html(f"<html {head[:0]}><head>{head}</head><body>{body}</body></html>")
    assert tree is not None
    return read_metadata(tree, url)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-11-19T14:33:00Z", datetime(2019, 11, 19, 14, 33, tzinfo=UTC)),
        ("2019-11-19T14:33:00.000-05:00", datetime(2019, 11, 19, 19, 33, tzinfo=UTC)),
        ("2019-11-19T14:33:00+0100", datetime(2019, 11, 19, 13, 33, tzinfo=UTC)),
        ("2019-11-19 14:33:00", datetime(2019, 11, 19, 14, 33, tzinfo=UTC)),
        ("2019-11-19", datetime(2019, 11, 19, tzinfo=UTC)),
        ("2019-11-19T14:33:00 EST", datetime(2019, 11, 19, 14, 33, tzinfo=UTC)),
        ("Tue, 19 Nov 2019 14:33:00 +0000", datetime(2019, 11, 19, 14, 33, tzinfo=UTC)),
        ("yesterday", None),
        ("0000-00-00T00:00:00Z", None),
        ("1970-01-01T00:00:00Z", None),
        ("", None),
        (None, None),
        (20191119, None),
    ],
)
def test_parse_datetime_gives_aware_utc_or_none(value: object, expected: datetime | None):
    assert parse_datetime(value) == expected


def test_published_prefers_article_meta_over_modified_time():
    meta = metadata_of(
        '<meta property="article:modified_time" content="2024-01-02T10:00:00Z">'
        '<meta property="article:published_time" content="2024-01-01T08:00:00+02:00">'
    )
    assert meta.published == datetime(2024, 1, 1, 6, 0, tzinfo=UTC)


def test_published_falls_back_to_the_time_element():
    meta = metadata_of("", '<p>Posted <time datetime="2023-06-05T07:30:00+00:00">5 June</time></p>')
    assert meta.published == datetime(2023, 6, 5, 7, 30, tzinfo=UTC)


def test_canonical_falls_back_to_og_url_and_rejects_non_http():
    meta = metadata_of(
        '<link rel="canonical" href="javascript:alert(1)">'
        '<meta property="og:url" content="//news.example/story/42">'
    )
    assert meta.canonical_url == "https://news.example/story/42"


def test_relative_canonical_without_page_url_is_dropped():
    meta = metadata_of('<link rel="canonical" href="/story/42">', url=None)
    assert meta.canonical_url is None


def test_author_skips_profile_urls_and_strips_by():
    meta = metadata_of(
        '<meta property="article:author" content="https://facebook.com/someone">'
        '<meta name="author" content="By  Jane   Doe">'
    )
    assert meta.author == "Jane Doe"


def test_title_strips_site_suffix_when_only_title_element_exists():
    meta = metadata_of(
        "<title>Floods close roads in the north | The Daily Example</title>"
        '<meta property="og:site_name" content="The Daily Example">',
        "<h1>Floods</h1><h1>Weather</h1>",
    )
    assert meta.title == "Floods close roads in the north"


@pytest.mark.parametrize(
    "og_title, expected",
    [
        ("Brexit - what happens next - BBC News", "Brexit - what happens next"),
        ("BBC News | Brexit talks resume", "Brexit talks resume"),
        ("Brexit - what happens next", "Brexit - what happens next"),
    ],
)
def test_og_title_loses_only_the_known_site_name(og_title: str, expected: str):
    meta = metadata_of(
        f'<meta property="og:title" content="{og_title}">'
        '<meta property="og:site_name" content="BBC News">'
    )
    assert meta.title == expected


def test_oversized_fields_are_bounded():
    meta = metadata_of(f'<meta property="og:title" content="{"Long title " * 500}">')
    assert meta.title is not None and len(meta.title) <= 300


@pytest.mark.parametrize(
    "html_attributes, meta, expected",
    [
        ('lang="en-GB"', "", "en"),
        ('lang="PT_br"', "", "pt"),
        ('xml:lang="de"', "", "de"),
        ('lang="x-klingon"', "", None),
        ("", '<meta property="og:locale" content="it_IT">', "it"),
        ("", '<meta http-equiv="content-language" content="fr, en">', "fr"),
    ],
)
def test_declared_language(html_attributes: str, meta: str, expected: str | None):
    tree = parse_html(f"<html {html_attributes}><head>{meta}</head><body><p>x</p></body></html>")
    assert tree is not None
    assert read_metadata(tree).language == expected
