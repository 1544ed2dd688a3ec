"""The clean page itself: an article's text as quiet, self-contained HTML that loads nothing.

Everything on the page comes from the web and is untrusted: it is escaped into a fixed
template, then passed through an allow-list sanitiser (nh3) as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import nh3

from bot.fetching.urls import canonical_url
from bot.i18n.translator import _, format_local, negotiate, ngettext, text_direction, use_locale
from bot.reader.blocks import Block, reading_minutes, text_blocks
from bot.timezones.tzdb import zone_names

CSS = (Path(__file__).with_name("page.css")).read_text(encoding="utf-8")
_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()

# Nothing loads from anywhere: one inline stylesheet allowed by its hash, no scripts, no images,
# no fonts, no frames. The sandbox (without allow-scripts or allow-same-origin) is a second lock:
# scripts cannot run and the page has no origin to keep cookies or storage for.
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; img-src 'none'; "
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'; "
    "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
)

MAX_TITLE_CHARS = 300
MAX_TEXT_CHARS = 300_000
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_TAGS = {
    *("article", "header", "footer", "h1", "h2", "p", "ul", "ol", "li", "a", "time", "span"),
    "strong",
}
_ATTRIBUTES = {
    "a": {"href"},
    "time": {"datetime"},
    "p": {"class", "dir"},
    "h1": {"dir"},
    "h2": {"dir"},
    "ul": {"dir"},
    "ol": {"dir", "start"},
}


@dataclass(frozen=True)
class ReaderArticle:
    """What the reader page shows of a stored article."""

    title: str
    text: str
    url: str
    outlet: str | None
    published: datetime | None
    language: str | None = None
    archive_url: str | None = None


def render_page(article: ReaderArticle, zone: str | None = None) -> str:
    """The whole page for ``article``: its title, source, date, reading time, the text with
    its paragraphs, headings and lists, and links to the original (tracking parameters
    removed) and the archived copy. No scripts, images or anything else that loads.

    ``zone``: the reader's time zone (from the link; untrusted: an unknown name means UTC)."""
    lang = article.language if article.language and _LANGUAGE.match(article.language) else None
    # The page's own words in the article's language when the bot speaks it (they sit inside
    # its lang/dir), else English: a page reads in one language and one direction.
    with use_locale(negotiate(lang)):
        page_title, content = _content(article, zone)
    safe = nh3.clean(
        content,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )
    return (
        "<!DOCTYPE html>"
        + (f'<html lang="{lang}"{_dir(lang)}>' if lang else "<html>")
        + '<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="robots" content="noindex, nofollow, noarchive">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{_esc(page_title)}</title><style>{CSS}</style></head>"
        f"<body>{safe}</body></html>"
    )


def _content(article: ReaderArticle, zone: str | None) -> tuple[str, str]:
    """(the title as the browser tab shows it, the article element), in the current language."""
    title = _one_line(article.title, MAX_TITLE_CHARS) or _("Untitled")
    original = _web_url(canonical_url(article.url))
    host = (urlsplit(original).hostname or "").removeprefix("www.") if original else ""
    outlet = _one_line(article.outlet or "", 80) or host
    text = article.text[:MAX_TEXT_CHARS]
    meta = []
    if article.published:
        meta.append(_published(article.published, zone))
    minutes = reading_minutes(text)
    meta.append(_esc(ngettext("{n} min read", "{n} min read", minutes).format(n=minutes)))
    empty = _("(This article has no text.)")
    body = _render_blocks(text_blocks(text)) or f"<p>{_esc(empty)}</p>"
    links = []
    if original:
        read = _("Read the original at {site}").format(site=host)
        links.append(f'<a href="{html.escape(original)}">{_esc(read)}</a>')
    if article.archive_url and (archive := _web_url(article.archive_url)):
        archived = _("Archived copy")
        links.append(f'<a href="{html.escape(archive)}">{_esc(archived)}</a>')
    note = _(
        "A clean copy of the article’s text, made by newsbrief: no cookies, scripts, images "
        "or trackers."
    )
    content = (
        "<article><header>"
        + (f'<p class="kicker">{_esc(outlet)}</p>' if outlet else "")
        + f'<h1 dir="auto">{_esc(title)}</h1>'
        + f'<p class="meta">{" · ".join(meta)}</p></header>'
        + body
        + "<footer>"
        + (f"<p>{' · '.join(links)}</p>" if links else "")
        + f'<p class="note">{_esc(note)}</p></footer></article>'
    )
    return (f"{title} · {outlet}" if outlet else title), content


def _render_blocks(blocks: list[Block]) -> str:
    out: list[str] = []
    open_list = ""  # "ul" or "ol" while inside a list
    for block in blocks:
        wanted = block.list_key if block.kind == "li" else ""
        if open_list and wanted != open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        if wanted and not open_list:
            # An <ol> starts at its first item's number, as the article numbered it.
            start = f' start="{block.number}"' if block.number not in (None, 1) else ""
            out.append(f'<{wanted} dir="auto"{start}>')
            open_list = wanted
        lead = f"<strong>{_esc(block.lead)}</strong> " if block.lead else ""
        if block.kind == "li":
            out.append(f"<li>{lead}{_esc(block.text)}</li>")
        else:
            out.append(f'<{block.kind} dir="auto">{lead}{_esc(block.text)}</{block.kind}>')
    if open_list:
        out.append(f"</{open_list}>")
    return "".join(out)


def _published(when: datetime, zone: str | None) -> str:
    """The time in the reader's zone, named (the chat's zone rides on the link), else UTC."""
    utc = when.astimezone(UTC)
    name = zone if zone and zone in zone_names() else "UTC"
    # TRANSLATORS: a CLDR pattern for the clean page's date (d day, MMMM month, y year).
    shown = format_local(utc, name, _("d MMMM y, HH:mm"))
    label = f"{shown} {name.replace('_', ' ')}"
    return f'<time datetime="{utc.isoformat()}">{_esc(label)}</time>'


def _one_line(text: str, limit: int) -> str:
    text = " ".join(_CONTROL.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _web_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme in ("http", "https") and parts.hostname else None


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _dir(lang: str) -> str:
    """The page's direction from the article's language (not the reader's): Urdu, Arabic,
    Persian, Hebrew... read right to left; left-to-right needs no attribute."""
    return ' dir="rtl"' if text_direction(lang) == "rtl" else ""
