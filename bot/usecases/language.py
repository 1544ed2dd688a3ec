"""Which language a chat hears: its own choice, else its first person's Telegram language."""

from __future__ import annotations

from babel import Locale

from bot.i18n import DEFAULT_LOCALE, LOCALES, _, language_name, negotiate
from storage import Chat, Database
from storage.queries import chats as store


class LanguageError(ValueError):
    """A language the bot does not speak; the message says which it does."""


class ChatLanguage:
    """The use case: a chat's language, adopted, set or preferred."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def language_of(self, chat_id: int, telegram_language: str | None) -> str:
        return await language_of(self.db, chat_id, telegram_language)

    async def set_language(self, chat_id: int, text: str) -> Chat:
        return await set_language(self.db, chat_id, text)

    async def prefer_language(self, chat_id: int, telegram_language: str) -> None:
        await prefer_language(self.db, chat_id, telegram_language)


async def language_of(db: Database, chat_id: int, telegram_language: str | None) -> str:
    """The chat's language; a chat without one adopts `telegram_language` when the bot speaks
    it (else English), the first time anyone talks there."""
    offered = negotiate(telegram_language) or DEFAULT_LOCALE
    return await db.run(store.interface_language, chat_id, offered)


async def set_language(db: Database, chat_id: int, text: str) -> Chat:
    """`/settings language ur` (or a button): raises LanguageError for a language not spoken."""
    code = negotiate(text.strip()) or _by_name(text)
    if code is None:
        spoken = ", ".join(f"{c} ({language_name(c)})" for c in LOCALES)
        raise LanguageError(
            _("I speak {languages}. For example: /settings language ur").format(languages=spoken)
        )
    return await db.run(store.set_interface_language, chat_id, code)


def _by_name(text: str) -> str | None:
    """ "Urdu", "اردو", "español": a language named in English or in itself."""
    wanted = text.strip().casefold()
    if not wanted:
        return None
    for code in LOCALES:
        locale = Locale.parse(code)
        names = {locale.get_display_name("en") or "", locale.get_display_name(code) or ""}
        if wanted in {n.casefold() for n in names}:
            return code
    return None


async def prefer_language(db: Database, chat_id: int, telegram_language: str) -> None:
    """A chat that should speak `telegram_language` whatever it spoke before (the terminal's
    --lang); one the bot does not speak changes nothing."""
    code = negotiate(telegram_language)
    if code is not None:
        await db.run(store.prefer_interface_language, chat_id, code)
