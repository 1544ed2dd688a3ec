"""The bot's words in the chat's language: gettext catalogs (managed with Babel) and formatting.

Replies call `_("...")`, `ngettext(...)` and `pgettext(...)`; which language they speak is the
translator of the chat being answered, set around a handler or a send with `use_locale(code)`
(a context variable, so concurrent updates of different chats never mix). Module-level words
are marked with `N_()` for extraction and translated where they are used.

Catalogs live in bot/locales/ (messages.pot and one .po per language); they are compiled in
memory when first used, so a fresh clone runs without a build step. docs/translating.md says how
to add a language.
"""

from bot.i18n.translator import (
    DEFAULT_LOCALE,
    FSI,
    LOCALES,
    N_,
    PDI,
    Translator,
    _,
    current,
    direction,
    format_count,
    format_local,
    isolate,
    language_name,
    negotiate,
    ngettext,
    pgettext,
    speak,
    translator,
    use_locale,
)

__all__ = [
    "DEFAULT_LOCALE",
    "FSI",
    "LOCALES",
    "N_",
    "PDI",
    "Translator",
    "_",
    "current",
    "direction",
    "format_count",
    "format_local",
    "isolate",
    "language_name",
    "negotiate",
    "ngettext",
    "pgettext",
    "speak",
    "translator",
    "use_locale",
]
