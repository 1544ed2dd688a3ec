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
from bot.i18n import _, isolate, ngettext
from bot.replies.list_pages import page_buttons, page_label, page_of
from storage import Source

# --- sources a chat adds -----------------------------------------------------------------------


def addsource_usage() -> Message:
    return Message(
        _(
            "Send the address of a feed or a news site, for example:\n"
            "<code>/addsource https://www.dawn.com/feeds/home</code>\n"
            "<code>/addsource https://tolonews.com/</code> (I find the site's feed)\n\n"
            "Or send me an OPML file exported from a feed reader to add all its feeds."
        )
    )


def _channel(channel: str) -> str:
    return isolate(esc(clean_text(channel, 60)))


def source_added(
    title: str | None, url: str, items: int, found_on_page: bool, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the source was added to it."""
    name = isolate(esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS)))
    if channel:
        added = _("✅ Added <b>{source}</b> to the sources of <b>{channel}</b>.").format(
            source=name, channel=_channel(channel)
        )
    else:
        added = _("✅ Added <b>{source}</b>.").format(source=name)
    how = (
        _("I found its feed: {url}").format(url=isolate(esc(url_text(url)))) + "\n"
        if found_on_page
        else ""
    )
    after = (
        _(
            "new articles that match the channel's topics will come in its digest. "
            "/sources lists them."
        )
        if channel
        else _(
            "new articles that match your topics will come in your digest. /sources lists yours."
        )
    )
    # TRANSLATORS: followed by "new articles that match your topics will come in your digest."
    items_line = ngettext("It has {n} item now; ", "It has {n} items now; ", items).format(n=items)
    return Message(f"{added}\n{how}{items_line}{after}")


def source_error(reason: str) -> Message:
    return Message(f"⚠️ {esc(reason)}")


def sources_list(
    sources: Sequence[Source], chat_id: int, *, channel: str | None = None, page: int = 0
) -> Message:
    """Page `page` of the sources of `chat_id`. `channel`: the managed channel's name, when
    these are its sources."""
    if not sources:
        if channel:
            text = _(
                "<b>{channel}</b> has no sources of its own. I read a list of reputable world "
                "and regional outlets and search the news for its topics; add more with "
                "<code>/addsource https://www.dawn.com/</code> or by sending me an OPML file."
            ).format(channel=_channel(channel))
        else:
            text = _(
                "You haven't added any sources of your own. I read a list of reputable world "
                "and regional outlets and search the news for your topics; add more with "
                "<code>/addsource https://www.dawn.com/</code> or by sending me an OPML file."
            )
        return Message(text)
    shown = page_of(sources, page)
    head = (
        _("<b>Sources of {channel}</b>").format(channel=_channel(channel))
        if channel
        else _("<b>Your sources</b>")
    )
    lines = [f"{head} ({len(sources)}){page_label(shown)}"]
    for i, source in enumerate(shown.items, start=shown.start + 1):
        title = isolate(esc(clean_text(source.title or source.url, MAX_SOURCE_NAME_CHARS)))
        error = clean_text(source.last_error, MAX_SOURCE_NAME_CHARS)
        state = " — <i>" + _("stopped: {error}").format(error=isolate(esc(error))) + "</i>"
        lines.append(f"{i}. {title}{state if source.disabled else ''}")
    lines.append(
        "\n"
        + _(
            "Tap ✖ to remove a source, or send <code>/removesource</code> and its number. "
            "/export sends them as an OPML file."
        )
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
        _(
            "Which source? Send its number in /sources or its address, for example "
            "<code>/removesource 3</code> or "
            "<code>/removesource https://www.dawn.com/feeds/home</code>."
        )
    )


def source_removed(title: str | None, url: str, *, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name, when the source was one of its."""
    name = isolate(esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS)))
    if channel:
        text = _(
            "Removed <b>{source}</b> from the sources of <b>{channel}</b>. /sources lists the rest."
        ).format(source=name, channel=_channel(channel))
    else:
        text = _("Removed <b>{source}</b>. /sources lists the rest.").format(source=name)
    return Message(text)


def unknown_source(text: str, count: int, *, channel: str | None = None) -> Message:
    """`text` named none of the chat's `count` sources (`channel`: the managed channel's name)."""
    if not count:
        if channel:
            return Message(
                _(
                    "There is nothing to remove: the sources of <b>{channel}</b> are empty. "
                    "/addsource adds one."
                ).format(channel=_channel(channel))
            )
        return Message(
            _("There is nothing to remove: your sources are empty. /addsource adds one.")
        )
    if text.strip().isdigit():
        return Message(
            _(
                "There is no source number {number}: you have {count}. "
                "/sources lists them with their numbers."
            ).format(number=esc(clean_text(text, 20)), count=count)
        )
    named = isolate(esc(clean_text(text, 100)))
    if channel:
        return Message(
            _(
                "“{text}” is not one of the sources of <b>{channel}</b>. "
                "/sources lists them with their numbers."
            ).format(text=named, channel=_channel(channel))
        )
    return Message(
        _("“{text}” is not one of your sources. /sources lists them with their numbers.").format(
            text=named
        )
    )


def opml_imported(
    added: int, already: int, invalid: int, over_limit: int, *, channel: str | None = None
) -> Message:
    """`channel`: the managed channel's name, when the feeds were added to it."""
    if channel:
        added_line = ngettext(
            "📥 Added {n} source to <b>{channel}</b> from your file.",
            "📥 Added {n} sources to <b>{channel}</b> from your file.",
            added,
        ).format(n=added, channel=_channel(channel))
    else:
        added_line = ngettext(
            "📥 Added {n} source from your file.", "📥 Added {n} sources from your file.", added
        ).format(n=added)
    lines = [added_line]
    if already:
        lines.append(
            (
                ngettext(
                    "{n} was already the channel's.", "{n} were already the channel's.", already
                )
                if channel
                else ngettext("{n} was already yours.", "{n} were already yours.", already)
            ).format(n=already)
        )
    if invalid:
        lines.append(_("{n} skipped: not web addresses.").format(n=invalid))
    if over_limit:
        lines.append(_("{n} left out: a chat can have 100 sources.").format(n=over_limit))
    if added:
        lines.append(_("I'll read them from the next round; any that don't work, I'll tell you."))
    return Message("\n".join(lines))


def no_sources_to_export(*, channel: str | None = None) -> Message:
    """`channel`: the managed channel's name."""
    if channel:
        return Message(
            _(
                "<b>{channel}</b> has no sources of its own to export. Add one with /addsource."
            ).format(channel=_channel(channel))
        )
    return Message(_("You have no sources of your own to export. Add one with /addsource."))


def sources_export_caption(*, channel: str | None = None) -> Message:
    """The caption of the /export file; `channel`: the managed channel's name."""
    if channel:
        text = _(
            "The sources of <b>{channel}</b>. Import this file into any feed reader, or send it "
            "back to me."
        ).format(channel=_channel(channel))
    else:
        text = _("Your sources. Import this file into any feed reader, or send it back to me.")
    return Message(text)


def source_disabled(
    title: str | None, url: str, reason: str, gone: bool, channel: str | None = None
) -> Message:
    name = isolate(esc(clean_text(title or url, MAX_SOURCE_NAME_CHARS)))
    why = (
        _("The site says it is gone for good.")
        if gone
        else isolate(esc(clean_text(reason, MAX_SOURCE_ERROR_CHARS)))
    )
    if channel:
        stopped = _(
            "⚠️ I stopped reading <b>{source}</b>, one of the sources of <b>{channel}</b> "
            "(/manage it to change them)."
        ).format(source=name, channel=_channel(channel))
    else:
        stopped = _("⚠️ I stopped reading <b>{source}</b>, one of your sources.").format(source=name)
    address = _("Address: {url}").format(url=isolate(esc(url_text(url))))
    remedy = _(
        "Remove it with /removesource or /sources, or add it again with /addsource once it works."
    )
    return Message(f"{stopped} {why}\n{address}\n{remedy}")
