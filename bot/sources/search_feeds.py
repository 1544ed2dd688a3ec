"""Key-less news search per topic: Google News RSS, Bing News RSS and the GDELT DOC API.

URLs are built here; the feeds are fetched like any other (through the Fetcher) and parsed with
``parse_feed`` (Google, Bing) or ``parse_gdelt``. Links are unwrapped without extra requests.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

from bot.fetching.feeds import MAX_TITLE, FeedEntry
from bot.fetching.plain_text import html_to_text
from timekeeping import as_utc

_MAX_QUERY = 400
_TIME_OPERATOR = re.compile(r"(?:^|\s)(?:when:\d+[hdm]|after:\S+|before:\S+)(?:\s|$)", re.I)
_SUFFIX_SEPARATORS = (" - ", " – ", " — ", " | ")
_INVALID_JSON_ESCAPE = re.compile(r'\\(?!["\\/bfnrtu])')
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)](?:\s|$))")
_SPACE_AFTER_BRACKET = re.compile(r"\(\s+")
_MAX_GDELT_BYTES = 5_000_000
_MAX_GDELT_ARTICLES = 250
_GDELT_LANGUAGES = {
    "ar": "arabic", "de": "german", "en": "english", "es": "spanish", "fa": "persian",
    "fr": "french", "hi": "hindi", "id": "indonesian", "it": "italian", "ja": "japanese",
    "ko": "korean", "ps": "pashto", "pt": "portuguese", "ru": "russian", "tr": "turkish",
    "uk": "ukrainian", "ur": "urdu", "zh": "chinese",
}  # fmt: skip
_GOOGLE_ARTICLE_PATH = re.compile(r"/(?:rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,2000})")


def _clean_query(query: str) -> str:
    return " ".join(query.split())[:_MAX_QUERY]


# The country whose edition of Google News and Bing serves a language's news, for a chat that
# chose a language but no region: an Urdu chat reads Pakistan's Urdu edition (hl=ur, gl=PK,
# ceid=PK:ur), not an American one Google does not have. Unlisted languages (English among
# them) keep the operator's region.
HOME_REGIONS = {
    "ur": "PK", "ar": "EG", "fa": "IR", "tr": "TR", "es": "ES", "de": "DE", "fr": "FR",
    "hi": "IN", "bn": "BD", "id": "ID", "ru": "RU", "it": "IT", "ja": "JP", "ko": "KR",
}  # fmt: skip
# Bing's news markets (its "Market and language codes" list). Another pair is not a market, so
# such searches name the language and country instead (setlang, cc).
_BING_MARKETS = frozenset(
    "es-AR en-AU de-AT nl-BE fr-BE pt-BR en-CA fr-CA es-CL da-DK fi-FI fr-FR de-DE zh-HK en-IN "
    "en-ID it-IT ja-JP ko-KR en-MY es-MX nl-NL en-NZ no-NO zh-CN pl-PL en-PH ru-RU en-ZA es-ES "
    "sv-SE fr-CH de-CH zh-TW tr-TR en-GB en-US es-US".lower().split()
)


def search_language(chosen: str | None, interface: str | None, default: str) -> str:
    """The language a chat's news searches use: the one it chose for searching (/settings lang);
    else the language the bot speaks there (an Urdu chat searches in Urdu), unless that is
    English, which keeps following the operator's NEWSBRIEF_LANGUAGE as before; else that."""
    if chosen:
        return chosen.lower()
    if interface and interface.lower().split("-")[0] != "en":
        return interface.lower().split("-")[0]
    return default.lower()


def news_region(
    language: str, region: str | None, default_language: str, default_region: str
) -> str:
    """The region a news search in ``language`` runs in: the chat's own ``region``; else the
    operator's, for the operator's language; else the language's home (ur → PK) if it has
    one."""
    if region:
        return region.upper()
    if language.lower() == default_language.lower():
        return default_region.upper()
    return HOME_REGIONS.get(language.lower(), default_region.upper())


def google_news_url(
    query: str, *, base_url: str = "https://news.google.com", lang: str = "en", region: str = "US"
) -> str:
    """Google News RSS search for ``query`` over the last 7 days (unless the query already has
    a ``when:``/``after:``/``before:`` operator). ``hl``, ``gl`` and ``ceid`` agree, as Google
    requires: en/US gives hl=en-US, gl=US, ceid=US:en; ur/PK gives hl=ur, gl=PK, ceid=PK:ur."""
    text = _clean_query(query)
    if not _TIME_OPERATOR.search(text):
        text = f"{text} when:7d"
    lang, region = lang.lower(), region.upper()
    params = {
        "q": text,
        "hl": f"{lang}-{region}" if lang == "en" else lang,
        "gl": region,
        "ceid": f"{region}:{lang}",
    }
    return f"{base_url.rstrip('/')}/rss/search?{urlencode(params, quote_via=quote_plus, safe=':')}"


def bing_news_url(
    query: str, *, base_url: str = "https://www.bing.com", lang: str = "en", region: str = "US"
) -> str:
    """Bing News search for ``query`` as RSS (about a dozen recent items, real snippets).

    English, and pairs that are Bing markets (tr-TR, es-ES), ask for the market (``mkt``), as
    the bot always has; other languages name the language and the country (ur/PK gives
    setlang=ur, cc=PK), which Bing takes where it has no market."""
    lang, region = lang.lower(), region.upper()
    market = f"{lang}-{region}"
    params = {"q": _clean_query(query), "format": "rss"}
    if lang == "en" or market.lower() in _BING_MARKETS:
        params["mkt"] = market
    else:
        params |= {"setlang": lang, "cc": region}
    return f"{base_url.rstrip('/')}/news/search?{urlencode(params, quote_via=quote_plus)}"


def gdelt_url(
    query: str,
    *,
    base_url: str = "https://api.gdeltproject.org",
    timespan: str = "24h",
    lang: str | None = None,
) -> str:
    """GDELT DOC 2.0 article list (JSON, newest first, 75 records) for ``query``.

    GDELT wants OR-ed terms in parentheses, so a query with a top-level OR is wrapped. ``lang``
    may be an ISO 639-1 code ("en") or a GDELT language name ("english").
    """
    text = _clean_query(query)
    if _has_top_level_or(text):
        text = f"({text})"
    if lang:
        name = _GDELT_LANGUAGES.get(lang.lower(), lang.lower())
        if name.isalpha():
            text = f"{text} sourcelang:{name}"
    params = {
        "query": text,
        "mode": "ArtList",
        "format": "json",
        "maxrecords": "75",
        "timespan": timespan,
        "sort": "DateDesc",
    }
    return f"{base_url.rstrip('/')}/api/v2/doc/doc?{urlencode(params, quote_via=quote)}"


def _has_top_level_or(text: str) -> bool:
    """True when an OR stands outside every parenthesis (and quote), so GDELT needs the
    whole query wrapped; an already grouped (a OR b) needs nothing."""
    depth, quoted = 0, False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0 and text.startswith(" OR ", index):
            return True
    return False


def unwrap_bing_link(url: str) -> str:
    """The publisher URL inside a Bing click-tracker link (its ``url=`` parameter), if that is
    http(s); otherwise ``url`` unchanged. Needs no request."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower()
    if host != "bing.com" and not host.endswith(".bing.com"):
        return url
    target = (parse_qs(parts.query).get("url") or [""])[0].strip()
    if target.lower().startswith(("http://", "https://")) and urlsplit(target).hostname:
        return target
    return url


def strip_publisher_suffix(title: str, source: str | None) -> str:
    """ "Headline - Publisher" → "Headline" when ``source`` is the publisher. Without a source
    the title is returned unchanged: a dash in a headline is too often part of it."""
    if not source:
        return title
    lowered = title.lower()
    for separator in _SUFFIX_SEPARATORS:
        suffix = f"{separator}{source.strip()}".lower()
        if lowered.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)].rstrip()
    return title


def decode_google_news_link(url: str) -> str:
    """The publisher URL for a Google News article link when it can be read from the link
    itself (tokens from before mid-2024 carry it); otherwise ``url`` unchanged.

    Newer tokens are opaque and need two requests to Google to resolve; the bot keeps the Google
    link for those rather than spend requests and risk rate limits.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if (parts.hostname or "").lower() != "news.google.com":
        return url
    match = _GOOGLE_ARTICLE_PATH.search(parts.path)
    if not match:
        return url
    token = match.group(1)
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (ValueError, binascii.Error):
        return url
    return _first_url_field(raw) or url


def _first_url_field(raw: bytes) -> str | None:
    """The first length-delimited protobuf field that holds an http(s) URL."""
    position = 0
    while position < len(raw):
        tag, position = _varint(raw, position)
        if tag is None:
            return None
        wire_type = tag & 7
        if wire_type == 0:
            _, position = _varint(raw, position)
        elif wire_type == 2:
            length, position = _varint(raw, position)
            if length is None or position + length > len(raw):
                return None
            value = raw[position : position + length]
            position += length
            if value.startswith((b"http://", b"https://")):
                try:
                    text = value.decode("ascii")
                except UnicodeDecodeError:
                    return None
                return text if urlsplit(text).hostname else None
        else:
            return None
    return None


def _varint(raw: bytes, position: int) -> tuple[int | None, int]:
    value = 0
    for shift in range(0, 64, 7):
        if position >= len(raw):
            return None, position
        byte = raw[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
    return None, position


def parse_gdelt(
    body: bytes, content_type: str | None, *, now: datetime | None = None
) -> list[FeedEntry]:
    """Articles from a GDELT ArtList JSON answer; [] for anything else, never raising.

    GDELT reports bad queries as HTTP 200 with an HTML or text body, and its JSON sometimes has
    invalid escapes; both are handled. ``published`` is when GDELT saw the article.
    """
    if content_type and "json" not in content_type.lower():
        return []
    text = body[:_MAX_GDELT_BYTES].decode("utf-8", errors="replace").strip()
    if not text.startswith("{"):
        return []
    data = _tolerant_json(text)
    articles = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        return []
    now = now or datetime.now(UTC)
    entries: dict[str, FeedEntry] = {}
    for article in articles[:_MAX_GDELT_ARTICLES]:
        entry = _gdelt_entry(article, now) if isinstance(article, dict) else None
        if entry is not None and entry.guid not in entries:
            entries[entry.guid] = entry
    return list(entries.values())


def _tolerant_json(text: str) -> object:
    for candidate in (text, _INVALID_JSON_ESCAPE.sub(r"\\\\", text)):
        try:
            return json.loads(candidate, strict=False)
        except (json.JSONDecodeError, RecursionError):
            continue
    return None


def _gdelt_entry(article: dict[str, object], now: datetime) -> FeedEntry | None:
    url = article.get("url")
    if not isinstance(url, str) or len(url) > 4000:
        return None
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        return None
    title = html_to_text(str(article.get("title") or ""), MAX_TITLE)
    title = _SPACE_AFTER_BRACKET.sub("(", _SPACE_BEFORE_PUNCTUATION.sub(r"\1", title))
    domain = article.get("domain")
    return FeedEntry(
        guid=url,
        url=url,
        title=title,
        summary="",
        published=_gdelt_date(article.get("seendate"), now),
        source_name=(html_to_text(domain, 200) or None) if isinstance(domain, str) else None,
    )


def _gdelt_date(value: object, now: datetime) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        seen = as_utc(datetime.strptime(value.strip(), "%Y%m%dT%H%M%SZ"))
    except ValueError:
        return None
    return now if seen > now + timedelta(days=1) else seen
