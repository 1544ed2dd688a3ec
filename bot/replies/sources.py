"""A chat's own sources: /addsource, /sources, /removesource, OPML import and export."""

from __future__ import annotations

from collections.abc import Sequence

from bot.briefings.bounds import (
    MAX_BUTTON_LABEL_CHARS,
    MAX_SOURCE_ERROR_CHARS,
    MAX_SOURCE_NAME_CHARS,
    url_text,
)
from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.list_pages import page_buttons, page_label, page_of
from bot.plurals import ngettext
from storage import Source

# --- sources a chat adds -----------------------------------------------------------------------


def addsource_usage() -> Message:
    return Message(
        "Send the address of a feed or a news site, for example:\n"
        "<code>/addsource https://www.dawn.com/feeds/home</code>\n"
        "<code>/addsource https://tolonews.com/</code> (I find the site's feed)\n\n"
        "Or send me an OPML file exported from a feed reader to add all its feeds."
    )


def source_added(
    title: str | None, url: str, items: int, found_on_page: bool, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the source was added to it."""
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    how = f"I found its feed: {esc(url_text(url))}\n" if found_on_page else ""
    where = f" to the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    after = (
        "new articles that match the channel's topics will come in its digest. /sources lists them."
        if channel
        else "new articles that match your topics will come in your digest. /sources lists yours."
    )
    return Message(
        f"✅ Added <b>{name}</b>{where}.\n{how}"
        + ngettext("It has {n} item now; ", "It has {n} items now; ", items).format(n=items)
        + after
    )


def source_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def sources_list(
    sources: Sequence[Source], chat_id: int, *, channel: str | None = None, page: int = 0
) -> Message:
    """Page `page` of the sources of `chat_id`. `channel`: the managed channel's name, when
    these are its sources."""
    name = esc(clean_text(channel, 60)) if channel else ""
    if not sources:
        mine = "You haven't added any sources of your own"
        who = f"<b>{name}</b> has no sources of its own" if channel else mine
        whose = "its" if channel else "your"
        return Message(
            f"{who}. I read a list of reputable world and regional outlets and search the news "
            f"for {whose} topics; add more with <code>/addsource https://www.dawn.com/</code> or "
            "by sending me an OPML file."
        )
    shown = page_of(sources, page)
    head = f"<b>Sources of {name}</b>" if channel else "<b>Your sources</b>"
    lines = [f"{head} ({len(sources)}){page_label(shown)}"]
    for i, source in enumerate(shown.items, start=shown.start + 1):
        title = esc(clean_text(source.title or source.url, MAX_SOURCE_NAME_CHARS))
        error = clean_text(source.last_error, MAX_SOURCE_NAME_CHARS)
        state = f" — <i>stopped: {esc(error)}</i>"
        lines.append(f"{i}. {title}{state if source.disabled else ''}")
    lines.append(
        "\nTap ✖ to remove a source, or send <code>/removesource</code> and its number. "
        "/export sends them as an OPML file."
    )
    buttons = [
        [
            Button(
                f"✖ {clean_text(s.title or s.url, MAX_BUTTON_LABEL_CHARS)}",
                callback_data=b.REMOVE_SOURCE.data(chat=chat_id, source=s.id),
            )
        ]
        for s in shown.items
    ]
    nav = page_buttons("sources", chat_id, shown)
    return Message("\n".join(lines), [*buttons, nav] if nav else buttons)


def removesource_usage() -> Message:
    return Message(
        "Which source? Send its number in /sources or its address, for example "
        "<code>/removesource 3</code> or <code>/removesource https://www.dawn.com/feeds/home</code>."
    )


def source_removed(title: str | None, url: str, *, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name, when the source was one of its."""
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    whose = f" from the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    return Message(f"Removed <b>{name}</b>{whose}. /sources lists the rest.")


def unknown_source(text: str, count: int, *, channel: str | None = None) -> Message:
    """`text` named none of the chat's `count` sources (`channel`: the managed channel's name)."""
    whose = f"the sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else "your sources"
    if not count:
        return Message(f"There is nothing to remove: {whose} are empty. /addsource adds one.")
    if text.strip().isdigit():
        return Message(
            f"There is no source number {esc(clean_text(text, 20))}: you have {count}. "
            "/sources lists them with their numbers."
        )
    return Message(
        f"“{esc(clean_text(text, 100))}” is not one of {whose}. "
        "/sources lists them with their numbers."
    )


def opml_imported(
    added: int, already: int, invalid: int, over_limit: int, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the feeds were added to it."""
    to = f" to <b>{esc(clean_text(channel, 60))}</b>" if channel else ""
    added_line = ngettext(
        "📥 Added {n} source{to} from your file.", "📥 Added {n} sources{to} from your file.", added
    )
    lines = [added_line.format(n=added, to=to)]
    if already:
        whose = "the channel's" if channel else "yours"
        lines.append(
            ngettext("{n} was already {whose}.", "{n} were already {whose}.", already).format(
                n=already, whose=whose
            )
        )
    if invalid:
        lines.append(f"{invalid} skipped: not web addresses.")
    if over_limit:
        lines.append(f"{over_limit} left out: a chat can have 100 sources.")
    if added:
        lines.append("I'll read them from the next round; any that don't work, I'll tell you.")
    return Message("\n".join(lines))


def no_sources_to_export(*, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name."""
    if channel:
        return Message(
            f"<b>{esc(clean_text(channel, 60))}</b> has no sources of its own to export. "
            "Add one with /addsource."
        )
    return Message("You have no sources of your own to export. Add one with /addsource.")


def sources_export_caption(*, channel: str | None = None) -> Message:
    """The caption of the /export file; `channel`: the managed channel's name."""
    whose = f"The sources of <b>{esc(clean_text(channel, 60))}</b>" if channel else "Your sources"
    return Message(f"{whose}. Import this file into any feed reader, or send it back to me.")


def source_disabled(
    title: str | None, url: str, reason: str, gone: bool, channel: str | None = None
) -> Message:
    name = esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS))
    why = (
        "The site says it is gone for good."
        if gone
        else esc(clean_text(reason, MAX_SOURCE_ERROR_CHARS))
    )
    whose = (
        f"one of the sources of <b>{esc(clean_text(channel, 60))}</b> (/manage it to change them)"
        if channel
        else "one of your sources"
    )
    return Message(
        f"⚠️ I stopped reading <b>{name}</b>, {whose}. {why}\n"
        f"Address: {esc(url_text(url))}\n"
        "Remove it with /removesource or /sources, or add it again with /addsource once it works."
    )
