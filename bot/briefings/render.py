"""Pure rendering of briefings into Telegram HTML.

Every string from the web is cut to size as its view is made (bot.briefings.bounds) and goes
through `esc` (text) or `esc_url` (href); only tags Telegram accepts are produced, and messages
are packed from whole article blocks so a split never cuts a tag or an entity.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from bot.briefings.bounds import (
    MAX_NOTE_CHARS,
    MAX_SUMMARY_CHARS,
    MAX_TITLE_CHARS,
    bounded_outlet,
    clean_text,
    link_target,
    or_untitled,
    units_fitting,
    utf16_length,
)
from bot.buttons.catalog import OPTIONS, READ, READ_PAGE
from bot.extraction.marks import split_lead_in
from bot.i18n import _, format_local, isolate, ngettext, pgettext

MAX_MESSAGE_CHARS = 4096  # in UTF-16 units of the visible text, as Telegram counts
# Room left under Telegram's limit; the visible length is measured exactly, this is only slack.
_BUDGET = MAX_MESSAGE_CHARS - 96
READ_PAGE_CHARS = 3400  # UTF-16 units of article text per reading page

_TAG = re.compile(r"<[^>]*>")


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def esc_url(url: str) -> str:
    """An href value: only http(s) URLs short enough to link pass, quoted for the attribute."""
    target = link_target(url)
    try:
        scheme = urlsplit(target).scheme if target else ""
    except ValueError:  # e.g. an unbalanced "[" in the address
        return ""
    if target is None or scheme not in ("http", "https"):
        return ""
    return html.escape(target, quote=True)


def visible_length(rendered: str) -> int:
    """What Telegram counts: UTF-16 units of the text after tags are parsed and entities decoded."""
    return utf16_length(html.unescape(_TAG.sub("", rendered)).strip())


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Message:
    html: str
    buttons: list[list[Button]] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleView:
    """What a briefing shows of one article (already decided by the caller)."""

    id: int
    title: str
    outlet: str | None
    published: datetime | None
    summary: str
    url: str
    clean_url: str | None
    archive_url: str | None
    note: str | None = None  # e.g. "Also: Dawn, Geo (3 reports) · 🏷 topic A, topic B"
    also_ids: tuple[int, ...] = ()  # the story's other articles this block stands for

    def __post_init__(self) -> None:
        # The one place web fields are cut to size before any renderer reads them; idempotent,
        # so dataclasses.replace() re-running it changes nothing.
        bounded = {
            "title": clean_text(self.title, MAX_TITLE_CHARS),
            "summary": clean_text(self.summary, MAX_SUMMARY_CHARS),
            "outlet": bounded_outlet(self.outlet, self.url),
            "url": link_target(self.url) or "",
            "clean_url": link_target(self.clean_url),
            "archive_url": link_target(self.archive_url),
            "note": clean_text(self.note, MAX_NOTE_CHARS) or None,
        }
        for name, value in bounded.items():
            object.__setattr__(self, name, value)


@dataclass(frozen=True)
class DigestSection:
    """A topic's part of a digest; `more` (count, callback data) offers the stories left out."""

    title: str
    views: Sequence[ArticleView]
    more: tuple[int, str] | None = None


def format_time(when: datetime | None, zone: str) -> str:
    if when is None:
        return ""
    # TRANSLATORS: a CLDR pattern for an article's time (dd day, MMM month, HH:mm time).
    return format_local(when, zone, _("dd MMM HH:mm"))


def with_zone(clean_url: str, zone: str) -> str:
    """The clean page's link showing times in `zone` (outside the signed part of the link)."""
    if not zone or zone == "UTC":
        return clean_url
    return f"{clean_url}{'&' if '?' in clean_url else '?'}{urlencode({'tz': zone})}"


def render_article(view: ArticleView, zone: str, *, number: int | None = None) -> str:
    """One article block: headline, summary, source and time, then the reading links."""
    title = isolate(esc(or_untitled(view.title)))
    lead = f"{number}. " if number is not None else ""
    lines = [f"<b>{lead}{title}</b>"]
    if view.summary:
        lines.append(isolate(esc(view.summary)))
    meta = " · ".join(x for x in (view.outlet, format_time(view.published, zone)) if x)
    if meta:
        lines.append(f"<i>{esc(meta)}</i>")
    if view.note:
        lines.append(f"<i>{esc(view.note)}</i>")
    # The words outside the f-strings: the extractor does not look inside them. /help names
    # them too (its "Reading options"), so the translations must say the same.
    links = []
    if href := esc_url(view.url):
        links.append(_link(href, _("Original")))
    if view.clean_url and (href := esc_url(with_zone(view.clean_url, zone))):
        links.append(_link(href, _("Clean page")))
    if view.archive_url and (href := esc_url(view.archive_url)):
        links.append(_link(href, _("Archive")))
    if links:
        lines.append(" · ".join(links))
    return "\n".join(lines)


def _link(href: str, word: str) -> str:
    return f'<a href="{href}">{esc(word)}</a>'


def read_buttons(views: Sequence[ArticleView], numbered: bool) -> list[list[Button]]:
    """Per article: Read (the text in the chat) and ⋯ (feedback: why, more, mute)."""
    buttons: list[Button] = []
    for i, v in enumerate(views, start=1):
        buttons.append(
            Button(
                pgettext("button", "📖 Read {n}").format(n=i)
                if numbered
                else pgettext("button", "📖 Read here"),
                callback_data=READ.data(article=v.id, page=0),
            )
        )
        buttons.append(
            Button(
                f"⋯ {i}" if numbered else pgettext("button", "⋯ Options"),
                callback_data=OPTIONS.data(article=v.id),
            )
        )
    return [buttons[i : i + 4] for i in range(0, len(buttons), 4)]


def render_briefing(header: str | None, views: Sequence[ArticleView], zone: str) -> list[Message]:
    """A reply about a few articles (subscribe previews, /latest): header in bold, then articles."""
    return _pack([(header, list(views))], zone)


def render_digest(
    sections: Sequence[DigestSection | tuple[str, Sequence[ArticleView]]],
    zone: str,
    *,
    title: str,
) -> list[Message]:
    """The digest: one section per topic, split between stories (never inside one)."""
    parts = [s if isinstance(s, DigestSection) else DigestSection(s[0], s[1]) for s in sections]
    if not any(section.views for section in parts):
        return []
    return _pack(
        [DigestSection(f"🗞 {title}", [])]
        + [DigestSection(f"🔎 {p.title}", list(p.views), p.more) for p in parts],
        zone,
    )


def _pack(
    sections: Sequence[DigestSection | tuple[str | None, list[ArticleView]]], zone: str
) -> list[Message]:
    messages: list[Message] = []
    parts: list[str] = []
    views_in_msg: list[ArticleView] = []
    more_in_msg: list[Button] = []

    def flush() -> None:
        if parts:
            ids = [i for v in views_in_msg for i in (v.id, *v.also_ids)]
            buttons = read_buttons(views_in_msg, numbered=True)
            buttons += [[b] for b in more_in_msg]
            messages.append(Message("\n\n".join(parts), buttons, ids))
        parts.clear()
        views_in_msg.clear()
        more_in_msg.clear()

    for section in sections:
        if not isinstance(section, DigestSection):
            section = DigestSection(section[0] or "", section[1])
        header, views = section.title or None, list(section.views)
        head = f"<b>{esc(clean_text(header, 200))}</b>" if header else None
        if head and not views:
            parts.append(head)
            continue
        for i, view in enumerate(views):
            block = render_article(view, zone, number=len(views_in_msg) + 1)
            pending = ([head] if head and i == 0 else []) + [block]
            candidate = "\n\n".join(parts + pending)
            if parts and (visible_length(candidate) > _BUDGET or len(views_in_msg) >= 8):
                flush()
                if head and i > 0:
                    pending = [_("{heading} (continued)").format(heading=head), *pending]
                block = render_article(view, zone, number=1)
                pending[-1] = block
            parts.extend(pending)
            views_in_msg.append(view)
        if section.more and views:
            count, data = section.more
            more = ngettext(
                "+ {n} more story on this topic", "+ {n} more stories on this topic", count
            )
            parts[-1] += f"\n<i>{more.format(n=count)}</i>"
            more_in_msg.append(
                Button(
                    pgettext("button", "➕ More: {topic}").format(
                        topic=clean_text((header or "").removeprefix("🔎 "), 40)
                    ),
                    callback_data=data,
                )
            )
    flush()
    if len(messages) == 1 and len(messages[0].article_ids) == 1:
        only = messages[0]
        return [Message(only.html, _read_buttons_single(only.article_ids[0]), only.article_ids)]
    return messages


def _read_buttons_single(article_id: int) -> list[list[Button]]:
    return [
        [
            Button(
                pgettext("button", "📖 Read here"),
                callback_data=READ.data(article=article_id, page=0),
            ),
            Button(pgettext("button", "⋯ Options"), callback_data=OPTIONS.data(article=article_id)),
        ]
    ]


def reading_pages(text: str, limit: int = READ_PAGE_CHARS) -> list[str]:
    """The article text cut into pages under `limit` UTF-16 units, between blocks: a list is
    one block (its items a line each), so a page ends before it rather than inside it, unless
    the list alone is longer than a page (then between items); a paragraph longer than a page is
    cut at a sentence end."""
    lines = [p.strip() for p in (text or "").split("\n") if p.strip()]
    paragraphs: list[str] = []
    for line, previous in zip(lines, [None, *lines], strict=False):
        joined = f"{paragraphs[-1]}\n{line}" if paragraphs else line
        # A list stays with its items and with the line that introduces it ("…reasons:").
        in_list = (
            previous is not None
            and _is_list_line(line)
            and (_is_list_line(previous) or previous.endswith(":"))
        )
        if in_list and utf16_length(joined) <= limit:
            paragraphs[-1] = joined
        else:
            paragraphs.append(line)
    pages: list[str] = []
    current = ""
    for para in paragraphs:
        while utf16_length(para) > limit:
            room = units_fitting(para, limit)
            cut = para.rfind(". ", 0, room)
            cut = cut + 1 if cut > room // 2 else para.rfind(" ", 0, room)
            cut = cut if cut > 0 else room
            if current:
                pages.append(current)
                current = ""
            pages.append(para[:cut].strip())
            para = para[cut:].strip()
        joined = f"{current}\n\n{para}" if current else para
        if current and utf16_length(joined) > limit:
            pages.append(current)
            current = para
        else:
            current = joined
    if current:
        pages.append(current)
    return pages or [""]


_LIST_LINE = re.compile(r"^(?:[-•▪◦*]|\d{1,3}[.)])\s+(?=\S)")


def _is_list_line(line: str) -> bool:
    return bool(_LIST_LINE.match(line))


def _reading_html(page: str) -> str:
    """A page of article text as Telegram HTML: "- " items as bullets, numbered items with their
    numbers, bold lead-ins in bold."""
    out = []
    for line in page.split("\n"):
        marker = _LIST_LINE.match(line)
        prefix, rest = "", line
        if marker:
            shown = marker.group().strip()
            prefix = "• " if not shown[0].isdigit() else f"{shown} "
            rest = line[marker.end() :]
        lead, rest = split_lead_in(rest)
        bold = f"<b>{esc(lead)}</b> " if lead else ""
        out.append(f"{esc(prefix)}{bold}{esc(rest)}")
    return "\n".join(out)


def render_reading_page(
    article_id: int, title: str, url: str, pages: Sequence[str], page: int
) -> Message:
    """Page `page` of the in-chat reader, with ◀ ▶ buttons that edit the message in place."""
    page = max(0, min(page, len(pages) - 1))
    body = _reading_html(pages[page]) if pages[page] else _("<i>No text could be extracted.</i>")
    head = f"<b>{esc(or_untitled(clean_text(title, MAX_TITLE_CHARS)))}</b>"
    if len(pages) > 1:
        where = _("Page {page} of {pages}").format(page=page + 1, pages=len(pages))
        head += f"\n<i>{where}</i>"
    text = f"{head}\n\n{body}"
    if page == len(pages) - 1 and (href := esc_url(url)):
        text += "\n\n" + _link(href, _("Original article"))
    nav = []
    if page > 0:
        nav.append(
            Button(
                pgettext("button", "◀ Previous"),
                callback_data=READ_PAGE.data(article=article_id, page=page - 1),
            )
        )
    if page < len(pages) - 1:
        nav.append(
            Button(
                pgettext("button", "Next ▶"),
                callback_data=READ_PAGE.data(article=article_id, page=page + 1),
            )
        )
    return Message(text, [nav] if nav else [], [article_id])
