"""/addsource, /sources (with Remove buttons), /export, and OPML files sent to the bot."""

from __future__ import annotations

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from bot import replies
from bot.sources.chat_sources import (
    MAX_OPML_BYTES,
    SourceError,
    add_source,
    export_opml,
    import_opml,
    list_sources,
    remove_source,
)
from handlers.common import chat_of, command_args, edit, reply, services_of

OPML_FILENAME = "newsbrief-sources.opml"


async def addsource_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add a feed, or the feed a news page names, to the chat's own sources."""
    chat = await chat_of(update, context)
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
            added.source.title, added.source.url, added.items, added.found_on_page
        ),
    )


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List the chat's own sources, each with a Remove button."""
    chat = await chat_of(update, context)
    await reply(update, replies.sources_list(await list_sources(services_of(context), chat.id)))


async def remove_source_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The ✖ button under /sources: remove the source and refresh the list in place."""
    query = update.callback_query
    assert query is not None and query.data is not None
    chat = await chat_of(update, context)
    services = services_of(context)
    removed = await remove_source(services, chat.id, int(query.data.split(":")[1]))
    name = (removed.title or removed.url)[:150] if removed else ""
    await query.answer(f"Removed “{name}”" if removed else "Already removed.")
    await edit(query, replies.sources_list(await list_sources(services, chat.id)))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the chat's sources as an OPML file."""
    chat = await chat_of(update, context)
    opml = await export_opml(services_of(context), chat.id)
    if opml is None:
        await reply(update, replies.no_sources_to_export())
        return
    message = update.effective_message
    assert message is not None
    await message.reply_document(
        InputFile(opml, filename=OPML_FILENAME),
        caption="Your sources. Import this file into any feed reader, or send it back to me.",
        do_quote=False,
    )


async def opml_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An OPML file sent to the bot: add every feed it lists."""
    chat = await chat_of(update, context)
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
        replies.opml_imported(summary.added, summary.already, summary.invalid, summary.over_limit),
    )
