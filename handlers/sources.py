"""/addsource, /sources (with Remove buttons), /removesource, /export, and OPML files."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes, filters

from bot.briefings import Message
from bot.buttons import Press
from bot.i18n import _
from bot.replies import sources as source_replies
from bot.replies.list_pages import page_holding
from bot.usecases.channels import channel_name
from bot.usecases.sources import (
    MAX_OPML_BYTES,
    SourceError,
    find_source,
)
from handlers.channels import pressed_target, target_chat
from handlers.common import command_args, edit, reply, use_cases
from storage import Chat

OPML_FILENAME = "newsbrief-sources.opml"
# Feed readers export OPML as .opml, some as .xml; any other file is an import only when its
# caption says /import. Every other file is not for us and is ignored without a word.
OPML_FILES = (
    filters.Document.FileExtension("opml")
    | filters.Document.FileExtension("xml")
    | filters.Document.MimeType("text/x-opml")
)
IMPORTS = OPML_FILES | (filters.Document.ALL & filters.CaptionRegex(r"^/import(?:@\w+)?(?:\s|$)"))


async def addsource_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add a feed, or the feed a news page names, to the chat's own sources (or, from a private
    chat, to the channel its user manages)."""
    chat = await target_chat(update, context)
    text = command_args(context)
    if not text:
        await reply(update, source_replies.addsource_usage())
        return
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    try:
        added = await use_cases(context).sources.add_source(chat.id, text)
    except SourceError as exc:
        await reply(update, source_replies.source_error(str(exc)))
        return
    await reply(
        update,
        source_replies.source_added(
            added.source.title,
            added.source.url,
            added.items,
            added.found_on_page,
            channel=channel_name(chat),
        ),
    )


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's own sources (or the managed channel's), a page at a time, each with a
    Remove button."""
    chat = await target_chat(update, context)
    sources = await use_cases(context).sources.list_sources(chat.id)
    await reply(update, source_replies.sources_list(sources, chat.id, channel=channel_name(chat)))


async def removesource_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Remove a source named by its number in /sources or its address (like /unsubscribe)."""
    chat = await target_chat(update, context)
    text = command_args(context)
    if not text:
        await reply(update, source_replies.removesource_usage())
        return
    cases = use_cases(context)
    sources = await cases.sources.list_sources(chat.id)
    found = find_source(sources, text)
    removed = None
    if found is not None and found.id is not None:
        removed = await cases.sources.remove_source(chat.id, found.id)
    if removed is None:
        answer = source_replies.unknown_source(text, len(sources), channel=channel_name(chat))
        await reply(update, answer)
        return
    await reply(
        update,
        source_replies.source_removed(removed.title, removed.url, channel=channel_name(chat)),
    )


async def remove_source_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press
) -> None:
    """The ✖ button under /sources: remove the source and refresh its page in place."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    cases = use_cases(context)
    source_id = press["source"]
    before = await cases.sources.list_sources(chat.id)
    index = next((i for i, s in enumerate(before) if s.id == source_id), 0)
    removed = await cases.sources.remove_source(chat.id, source_id)
    name = (removed.title or removed.url)[:150] if removed else ""
    await query.answer(
        _("Removed “{source}”").format(source=name) if removed else _("Already removed.")
    )
    await edit(query, await sources_page(context, chat, page_holding(index)))


async def sources_page(context: ContextTypes.DEFAULT_TYPE, chat: Chat, page: int) -> Message:
    """Page `page` of /sources for the chat, as it stands now."""
    sources = await use_cases(context).sources.list_sources(chat.id)
    return source_replies.sources_list(sources, chat.id, channel=channel_name(chat), page=page)


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chat's sources (or the managed channel's) as an OPML file."""
    chat = await target_chat(update, context)
    channel = channel_name(chat)
    opml = await use_cases(context).sources.export_opml(chat.id)
    if opml is None:
        await reply(update, source_replies.no_sources_to_export(channel=channel))
        return
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(opml, filename=OPML_FILENAME),
        caption=source_replies.sources_export_caption(channel=channel).html,
        parse_mode=ParseMode.HTML,
        do_quote=False,
    )


async def opml_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An OPML file sent to the bot: add every feed it lists (to the managed channel, if any)."""
    chat = await target_chat(update, context)
    message = update.effective_message
    assert message is not None and message.document is not None
    document = message.document
    if document.file_size and document.file_size > MAX_OPML_BYTES:
        await reply(
            update, source_replies.source_error(_("That file is too big for a list of feeds."))
        )
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    try:
        summary = await use_cases(context).sources.import_opml(chat.id, data)
    except SourceError as exc:
        await reply(update, source_replies.source_error(str(exc)))
        return
    await reply(
        update,
        source_replies.opml_imported(
            summary.added,
            summary.already,
            summary.invalid,
            summary.over_limit,
            channel=channel_name(chat),
        ),
    )
