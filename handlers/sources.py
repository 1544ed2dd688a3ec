"""/addsource, /sources (with Remove buttons), /export, and OPML files sent to the bot."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ContextTypes, filters

from bot import replies
from bot.buttons import Press
from bot.channels import channel_name
from bot.sources.chat_sources import (
    MAX_OPML_BYTES,
    SourceError,
    add_source,
    export_opml,
    import_opml,
    list_sources,
    remove_source,
)
from handlers.channels import pressed_target, target_chat
from handlers.common import command_args, edit, reply, services_of

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
        await reply(update, replies.addsource_usage())
        return
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    try:
        added = await add_source(services_of(context), chat.id, text)
    except SourceError as exc:
        await reply(update, replies.source_error(str(exc)))
        return
    await reply(
        update,
        replies.source_added(
            added.source.title,
            added.source.url,
            added.items,
            added.found_on_page,
            channel=channel_name(chat),
        ),
    )


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's own sources (or the managed channel's), each with a Remove button."""
    chat = await target_chat(update, context)
    sources = await list_sources(services_of(context), chat.id)
    await reply(update, replies.sources_list(sources, chat.id, channel=channel_name(chat)))


async def remove_source_button(
    update: Update, context: ContextTypes.DEFAULT_TYPE, press: Press
) -> None:
    """The ✖ button under /sources: remove the source and refresh the list in place."""
    query = update.callback_query
    assert query is not None
    chat = await pressed_target(update, context, press)
    services = services_of(context)
    removed = await remove_source(services, chat.id, press["source"])
    name = (removed.title or removed.url)[:150] if removed else ""
    await query.answer(f"Removed “{name}”" if removed else "Already removed.")
    sources = await list_sources(services, chat.id)
    await edit(query, replies.sources_list(sources, chat.id, channel=channel_name(chat)))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chat's sources (or the managed channel's) as an OPML file."""
    chat = await target_chat(update, context)
    channel = channel_name(chat)
    opml = await export_opml(services_of(context), chat.id)
    if opml is None:
        await reply(update, replies.no_sources_to_export(channel=channel))
        return
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(opml, filename=OPML_FILENAME),
        caption=replies.sources_export_caption(channel=channel).html,
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
        await reply(update, replies.source_error("That file is too big for a list of feeds."))
        return
    file = await document.get_file()
    data = bytes(await file.download_as_bytearray())
    try:
        summary = await import_opml(services_of(context), chat.id, data)
    except SourceError as exc:
        await reply(update, replies.source_error(str(exc)))
        return
    await reply(
        update,
        replies.opml_imported(
            summary.added,
            summary.already,
            summary.invalid,
            summary.over_limit,
            channel=channel_name(chat),
        ),
    )
