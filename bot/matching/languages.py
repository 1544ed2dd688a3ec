"""Two-letter language codes for `lang:` filters: which exist, what they are called."""

from babel import Locale, UnknownLocaleError

from bot.i18n import _, current

# ISO 639-1.
CODES = frozenset(
    """aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht
    hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la
    lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj
    om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv
    sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
    """.split()
)

NAMES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

# What people write instead of the code: names, three-letter codes, country codes.
_MISTAKES = {name.lower(): code for code, name in NAMES.items()} | {
    "deutsch": "de",
    "francais": "fr",
    "espanol": "es",
    "русский": "ru",
    "eng": "en",
    "deu": "de",
    "ger": "de",
    "fra": "fr",
    "fre": "fr",
    "spa": "es",
    "rus": "ru",
    "ara": "ar",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "urd": "ur",
    "tur": "tr",
    "ua": "uk",
    "jp": "ja",
    "cn": "zh",
    "gr": "el",
    "kr": "ko",
    "dk": "da",
    "cz": "cs",
    "al": "sq",
    "ir": "fa",
}


def language_code(value: str) -> str | None:
    """The ISO 639-1 code `value` is, or None: "DE" -> "de", "de-AT" -> "de", "ger" -> None."""
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if code in CODES else None


def suggested_code(value: str) -> str | None:
    """The code someone probably meant by `value` ("english", "eng", "jp"), if we can tell."""
    return _MISTAKES.get(value.strip().lower())


def language_name(code: str) -> str:
    """`code`'s name in the current chat's language (CLDR's, through Babel: "German", "جرمن",
    "alemán"), or the code itself in quotes when CLDR has none."""
    try:
        name = Locale.parse(code).get_display_name(current().locale)
    except (UnknownLocaleError, ValueError, TypeError):
        name = None
    return name or _("language “{code}”").format(code=code)


def country_name(code: str) -> str:
    """An ISO 3166 country code's name in the current chat's language ("PK" -> "Pakistan")."""
    return current().locale.territories.get(code.upper(), code.upper())
