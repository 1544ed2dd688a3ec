"""Read an article's title, dates, author and links from the page's metadata, not its prose."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from timekeeping import as_utc

MAX_URL_CHARS = 2048
MAX_FIELD_CHARS = 300
MAX_JSON_LD_CHARS = 1_000_000
_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenews",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "webpage",
    }
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "dcterms.created",
    "date",
    "article:modified_time",
)
_SPACES = re.compile(r"\s+")
_SEPARATOR = r"\s+[|\-–—•·:»]\s+"
_SEPARATOR_AT_END = re.compile(rf"{_SEPARATOR}$")
_SEPARATOR_AT_START = re.compile(_SEPARATOR)
_LAST_TITLE_PART = re.compile(rf"{_SEPARATOR}([^|\-–—•·:»]{{1,40}})$")
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class PageMetadata:
    """What the page says about itself; every field is None when the page does not say."""

    title: str | None = None
    canonical_url: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    site_name: str | None = None
    image_url: str | None = None
    # The document's <title> as written ("Headline | Site"), beside ``title`` (the headline).
    document_title: str | None = None


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Collect metadata from <meta>, <link>, <time>, <html lang> and JSON-LD; never raises.

    URLs come back absolute (resolved against ``url``) and only as http(s); dates as
    timezone-aware UTC.
    """
    metas = _meta_values(tree)
    ld = list(_json_ld_articles(tree))
    site_name = _first_text(metas.get("og:site_name"), *(_ld_name(o.get("publisher")) for o in ld))
    return PageMetadata(
        title=_title(tree, metas, ld, site_name),
        canonical_url=_canonical_url(tree, metas, url),
        published=_published(tree, metas, ld),
        author=_author(tree, metas, ld),
        language=_declared_language(tree, metas),
        site_name=site_name,
        image_url=_absolute_http_url(
            _first_text(
                metas.get("og:image"), metas.get("og:image:url"), metas.get("twitter:image")
            ),
            url,
        ),
        document_title=next((_clean(t.text_content()) for t in tree.iter("title")), None),
    )


def _meta_values(tree: HtmlElement) -> dict[str, str]:
    """The first non-empty content of each <meta> name/property/itemprop, keys lower-cased."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), content.strip()[:MAX_URL_CHARS])
    return values


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value).strip()
    return text[:MAX_FIELD_CHARS] or None


def _first_text(*values: object) -> str | None:
    for value in values:
        text = _clean(value)
        if text:
            return text
    return None


def _title(
    tree: HtmlElement, metas: dict[str, str], ld: list[dict], site_name: str | None
) -> str | None:
    explicit = _first_text(
        metas.get("og:title"),
        metas.get("twitter:title"),
        *(o.get("headline") for o in ld),
    )
    if explicit:
        return _strip_site_name(explicit, site_name, guess=False)
    headings = [_clean(h.text_content()) for h in tree.iter("h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return headings[0]
    title = next((_clean(t.text_content()) for t in tree.iter("title")), None)
    return _strip_site_name(title, site_name, guess=True) if title else None


def _strip_site_name(title: str, site_name: str | None, guess: bool) -> str:
    """Drop the site's name from either end of a title ("Headline | Site"). Without a known
    site name, ``guess`` drops a short last part after a separator."""
    if site_name:
        # Compared as strings, the separator by a compiled pattern: a pattern made of each
        # page's site name was compiled anew for every page (2 % of an extraction).
        size, name = len(site_name), site_name.lower()
        if len(title) > size and title[-size:].lower() == name:
            found = _SEPARATOR_AT_END.search(title, 0, len(title) - size)
            if found and (stripped := title[: found.start()].strip()):
                return stripped
        if len(title) > size and title[:size].lower() == name:
            found = _SEPARATOR_AT_START.match(title, size)
            if found and (stripped := title[found.end() :].strip()):
                return stripped
    if guess:
        match = _LAST_TITLE_PART.search(title)
        if match and len(match.group(1)) <= len(title) / 3:
            return title[: match.start()].strip()
    return title


def _canonical_url(tree: HtmlElement, metas: dict[str, str], url: str | None) -> str | None:
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            found = _absolute_http_url(link.get("href"), url)
            if found:
                return found
    return _absolute_http_url(metas.get("og:url"), url)


def _absolute_http_url(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or len(href) > MAX_URL_CHARS:
        return None
    try:
        absolute = urljoin(base, href) if base else href
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return absolute


def _published(tree: HtmlElement, metas: dict[str, str], ld: list[dict]) -> datetime | None:
    candidates: list[object] = [o.get("datePublished") for o in ld]
    candidates += [metas.get(name) for name in _PUBLISHED_META[:-1]]
    candidates += [time.get("datetime") for time in _time_elements(tree)]
    candidates += [o.get("dateCreated") for o in ld] + [o.get("dateModified") for o in ld]
    candidates.append(metas.get(_PUBLISHED_META[-1]))
    for candidate in candidates:
        when = parse_datetime(candidate)
        if when:
            return when
    return None


def _time_elements(tree: HtmlElement) -> Iterator[HtmlElement]:
    """<time> elements, the ones marked as the publication date first."""
    times = [t for t in tree.iter("time") if t.get("datetime")]
    marked = [
        t
        for t in times
        if t.get("pubdate") is not None
        or "published" in (t.get("itemprop") or "").lower()
        or "publish" in (t.get("class") or "").lower()
    ]
    yield from marked
    yield from (t for t in times if t not in marked)


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 or RFC 2822 timestamp as aware UTC (naive ones taken as UTC), else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()[:64]
    if not text or (not text[:4].isdigit() and not text[:3].isalpha()):
        return None
    when = _parse_iso(text) or _parse_rfc2822(text)
    if when is None or not _MIN_YEAR <= when.year <= _MAX_YEAR:
        return None
    return as_utc(when)


def _parse_iso(text: str) -> datetime | None:
    # Odd trailers ("2019-11-19T14:33:00 EST") still give the date and time, read as UTC.
    for attempt in (text, text[:19], text[:10]):
        try:
            return datetime.fromisoformat(attempt)
        except ValueError:
            continue
    return None


def _parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _author(tree: HtmlElement, metas: dict[str, str], ld: list[dict]) -> str | None:
    candidates: list[object] = [_ld_name(o.get("author")) for o in ld]
    candidates += [metas.get(k) for k in ("author", "article:author", "parsely-author", "byl")]
    candidates += [metas.get("dc.creator"), metas.get("twitter:creator")]
    for link in tree.iter("a", "link"):
        if "author" in (link.get("rel") or "").lower().split():
            candidates.append(link.text_content() if link.tag == "a" else None)
            break
    for candidate in candidates:
        name = _clean(candidate)
        if name and not _looks_like_url(name):
            return re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
    return None


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "www.", "/"))


def _ld_name(value: object) -> str | None:
    """A schema.org Person/Organization (or a list of them) as a display name."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _clean(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_ld_name(v) for v in value[:10]) if n]
        return ", ".join(dict.fromkeys(names)) or None
    return None


def _json_ld_articles(tree: HtmlElement) -> Iterator[dict]:
    """JSON-LD objects of article types (anywhere in @graph or nested lists), best first."""
    found: list[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = script.text or ""
        if len(raw) > MAX_JSON_LD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        found.extend(o for o in _walk_json_ld(data, depth=0) if _is_article(o))
    # A WebPage wrapper is the weakest evidence: real article types first.
    found.sort(key=lambda o: "webpage" in _types(o))
    yield from found


def _walk_json_ld(data: object, depth: int) -> Iterator[dict]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _walk_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _walk_json_ld(data[key], depth + 1)


def _types(obj: dict) -> set[str]:
    kinds = obj.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _is_article(obj: dict) -> bool:
    return bool(_types(obj) & _ARTICLE_TYPES)


def _declared_language(tree: HtmlElement, metas: dict[str, str]) -> str | None:
    """The page's own language claim as a lower-case 2-letter code, else None."""
    root = tree.getroottree().getroot()
    for claim in (
        root.get("lang"),
        root.get("{http://www.w3.org/XML/1998/namespace}lang"),
        root.get("xml:lang"),
        metas.get("content-language"),
        metas.get("og:locale"),
        metas.get("language"),
    ):
        code = _language_code(claim)
        if code:
            return code
    return None


def _language_code(claim: str | None) -> str | None:
    if not claim:
        return None
    primary = re.split(r"[-_,;\s]", claim.strip().lower(), maxsplit=1)[0]
    return primary if len(primary) == 2 and primary.isalpha() and primary.isascii() else None
