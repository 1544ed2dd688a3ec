"""One translator per interface language, chosen per chat through a context variable."""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
# The interface languages, English (the source) first. A new one: docs/translating.md.
LOCALES = ("en", "ur", "ar", "fa", "tr", "es")

# Unicode isolates: a left-to-right headline inside a right-to-left sentence (or the reverse)
# keeps its own direction and does not reorder the punctuation around it.
FSI, PDI = "\u2068", "\u2069"


class Translator:
    """gettext for one language, with Babel's dates and numbers in that language."""

    def __init__(self, code: str, translations: gettext.NullTranslations) -> None:
        self.code = code
        self.locale = Locale.parse(code)
        self._t = translations

    @property
    def rtl(self) -> bool:
        return self.locale.text_direction == "rtl"

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)


def compile_catalog(code: str, directory: Path = LOCALES_DIR) -> gettext.NullTranslations:
    """The language's .po compiled in memory (what `pybabel compile` writes as a .mo file)."""
    po = directory / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == DEFAULT_LOCALE or not po.exists():
        return gettext.NullTranslations()  # English is the source text
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code, domain=DOMAIN)
    for message in list(catalog):
        # A plural entry with a form missing would show "" for some counts: English instead.
        if message.id and isinstance(message.string, tuple | list) and not all(message.string):
            catalog.delete(message.id, context=message.context)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # untranslated and fuzzy entries are left out: English shows
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


# Compiled once, when the bot's words are first imported (before the event loop serves).
_TRANSLATORS = {code: Translator(code, compile_catalog(code)) for code in LOCALES}
_current: ContextVar[Translator] = ContextVar("translator", default=_TRANSLATORS[DEFAULT_LOCALE])


def translator(code: str | None) -> Translator:
    """The translator of `code` (an interface language); English for anything else."""
    return _TRANSLATORS.get(code or DEFAULT_LOCALE, _TRANSLATORS[DEFAULT_LOCALE])


def current() -> Translator:
    return _current.get()


def speak(code: str | None) -> Translator:
    """Speak `code` for the rest of this task: one update's handling (PTB handles each update
    in its own task, so this never reaches another chat's)."""
    _current.set(translator(code))
    return _current.get()


@contextmanager
def use_locale(code: str | None) -> Iterator[Translator]:
    """Speak `code` inside the block (this task only; other updates keep their own)."""
    token = _current.set(translator(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def negotiate(language_code: str | None) -> str | None:
    """The interface language for a Telegram `language_code` ("ur", "es-MX"), or None."""
    if not language_code:
        return None
    base = language_code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in _TRANSLATORS else None


def _(message: str) -> str:
    """`message` in the current chat's language."""
    return _current.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the current chat's language (its own plural rules)."""
    return _current.get().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in a context that tells the translator what it is (a button, a day...)."""
    return _current.get().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a module-level word for extraction; translate it with `_()` where it is used."""
    return message


def direction(code: str | None = None) -> str:
    """'rtl' or 'ltr': the direction of `code`, or of the current chat's language."""
    return "rtl" if (translator(code) if code else current()).rtl else "ltr"


def isolate(text: str) -> str:
    """`text` (a headline, a name, a URL) isolated from the interface's direction when the
    interface is right-to-left; unchanged in a left-to-right one."""
    return f"{FSI}{text}{PDI}" if text and current().rtl else text


def text_direction(code: str | None) -> str:
    """'rtl' or 'ltr' for any language code ("ur", "fa-IR", "en-GB"); 'ltr' when unknown."""
    try:
        return Locale.parse((code or "").replace("-", "_")).text_direction
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"


def language_name(code: str) -> str:
    """The language's own name for itself ("اردو", "Türkçe"), for menus."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def format_local(when: datetime, zone: str, pattern: str) -> str:
    """`when` in the chat's time zone, with a CLDR pattern ("EEE dd MMM, HH:mm") in the
    current language; an unknown zone shows UTC and says so."""
    locale = current().locale
    try:
        return format_datetime(when, pattern, tzinfo=ZoneInfo(zone), locale=locale)
    except (ZoneInfoNotFoundError, ValueError):
        return format_datetime(when, pattern, tzinfo=ZoneInfo("UTC"), locale=locale) + " UTC"


def format_count(n: int) -> str:
    """A count with the current language's grouping ("1,234")."""
    return format_decimal(n, locale=current().locale)
