"""A chat's news-search language and region (/settings lang, /settings region).

A chat that never chose follows the operator's defaults (NEWSBRIEF_LANGUAGE, NEWSBRIEF_REGION),
so changing those moves every such chat along.
"""

from __future__ import annotations

import re

from bot.i18n import _
from bot.matching.languages import country_name, language_code, language_name, suggested_code
from bot.sources.search_feeds import news_region, search_language
from bot.timezones.tzdb import country_names
from storage import Chat, Database
from storage.queries import chats as chats_q

_REGION = re.compile(r"^[A-Za-z]{2}$")
_RESET = frozenset({"default", "auto", "reset"})


class LocaleError(ValueError):
    """Why a language or region can't be set; the text is meant for the user."""


def parse_language(text: str) -> tuple[str | None, str | None]:
    """(language, region) from "de", "en-GB" or "pt_BR"; (None, None) for "default".

    Raises LocaleError, suggesting the code when a name was given ("english" -> en).
    """
    value = " ".join(text.split())
    if not value:
        raise LocaleError(_("Which language? For example /settings lang de (or en-GB)."))
    if value.lower() in _RESET:
        return None, None
    code = language_code(value) if re.fullmatch(r"[A-Za-z]{2}(?:[-_][A-Za-z]{2})?", value) else None
    if code is None:
        hint = suggested_code(value)
        example = f"/settings lang {hint}" if hint else "/settings lang de"
        raise LocaleError(
            _(
                "I don't know the language “{value}”. Use its two-letter code, for example "
                "{example}."
            ).format(value=value[:30], example=example)
        )
    region = value[3:].upper() if len(value) == 5 else None
    return code, region


def parse_region(text: str) -> str | None:
    """An ISO 3166 country code ("pk" -> "PK"); None for "default". Raises LocaleError."""
    value = text.strip()
    if value.lower() in _RESET:
        return None
    known = country_names()  # ISO 3166-1 alpha-2, from the tz database's iso3166.tab
    if not _REGION.match(value) or (known and value.upper() not in known):
        raise LocaleError(
            _(
                "“{value}” is not a country code. Use two letters, for example /settings region PK."
            ).format(value=value[:30])
        )
    return value.upper()


def describe(language: str, region: str) -> str:
    """'English (en), region PK (Pakistan)' in the chat's language — for the settings message."""
    # TRANSLATORS: the news-search language and country, e.g. "Urdu (ur), region PK (Pakistan)".
    return _("{language} ({code}), region {region} ({country})").format(
        language=language_name(language),
        code=language,
        region=region,
        country=country_name(region),
    )


class SearchLocale:
    """The language and region a chat's news searches use."""

    def __init__(self, db: Database, language: str, region: str) -> None:
        self.db = db
        self.language = language
        self.region = region

    def search_locale(self, chat: Chat) -> tuple[str, str]:
        """(language, region) the chat's news searches use: the chat's own choice, else the
        language the bot speaks there (an Urdu chat searches in Urdu), else the operator's; a
        chat searching in Urdu without a region of its own searches Pakistan's edition."""
        language = search_language(chat.language, chat.interface_language, self.language)
        return language, news_region(language, chat.region, self.language, self.region)

    async def set_search_language(self, chat_id: int, text: str) -> Chat:
        """Raises LocaleError with an explanation for a language we don't know."""
        language, region = parse_language(text)
        values: dict[str, object] = {"language": language}
        if region is not None or language is None:
            values["region"] = region
        return await self._update(chat_id, values)

    async def set_search_region(self, chat_id: int, text: str) -> Chat:
        """Raises LocaleError with an explanation for something that isn't a country code."""
        return await self._update(chat_id, {"region": parse_region(text)})

    async def _update(self, chat_id: int, values: dict[str, object]) -> Chat:
        chat = await self.db.run(chats_q.update_chat, chat_id, **values)
        assert chat is not None, "ensure_chat runs before any setting changes"
        return chat
