"""Recognise sentences that are page furniture rather than news, and trim datelines and photo
asides off sentences that are news."""

import re

_AGENCIES = (
    "cnn|reuters|ap|afp|upi|ians|pti|ani|dpa|efe|ansa|xinhua|bloomberg|bbc|tass|kyodo|yonhap|"
    "bernama|aa|apa|ap photo|mailonline|cnsnews|nyt"
)
# "ISLAMABAD (Reuters) -", "Islamabad (Tassawar News):", "(CNN) --", "london ( cnn ) --",
# "NEW YORK, Jan. 5 (AP) —". A parenthesis at the start is only a dateline when a dash or colon
# follows, or when it names a wire agency.
_PLACE = r"[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}(?:\s*,\s*[\w.]+(?:\s+\d{1,2})?)?"
_DATELINE_PAREN = re.compile(
    rf"^(?:{_PLACE}\s*)?\(\s*(?P<who>[^()]{{1,40}}?)\s*\)\s*(?P<sep>--|[-–—:|])?\s*",
)
# "WASHINGTON —", "KYIV, Ukraine —": an upper-case place and a dash, no agency.
_DATELINE_CAPS = re.compile(r"^[A-Z][A-Z.'’ -]{1,30}(?:,\s*[\w. ]{1,25})?\s+(?:--|[–—-])\s+")
_AGENCY_ONLY = re.compile(rf"^(?:{_AGENCIES})$", re.IGNORECASE)

_PHOTO_ASIDE = re.compile(
    r" ?\(\s*(?:pictured|picture|photo|file|left|right|centre|center|above|below|top|bottom|"
    r"middle|inset|second left|second right|far left|far right)\b[^()]{0,40}\)",
    re.IGNORECASE,
)

# Patterns are matched against the lower-cased sentence: furniture at its start, then anywhere.
_FURNITURE_START = re.compile(
    r"""
    # timestamps
      (?:published|updated|posted|last\s+(?:updated|modified))\s*:?\s.*\d
    # photo captions and credits
    | (?:photo|photos|photograph|picture|pictures|image|images|pictured|file\s+photo|
         caption|credit|video|watch)\s*(?:[:|/]|-\s)
    # links and prompts
    | (?:related|more|also\s+read|read\s+also|see\s+also|recommended)
        (?:\s+(?:stories|articles|coverage|news|videos?))?\s*:
    | advertisement$
    | (?:share|email|print|tweet|comments?)\s*(?:this)?\s*[:.!]?$
    """,
    re.VERBOSE,
)
# A credit marks its whole line as a caption: "Commuters wait. (AP Photo/Evan Vucci)".
_PHOTO_CREDIT = re.compile(
    r"\((?:ap|afp|reuters|epa|getty|ians|pti)\s*(?:photo|images?|/)"
    r"|\b(?:getty\s+images|image\s+copyright|(?:main\s+)?(?:image|photo|picture)\s+credits?)\b"
)
_FURNITURE_ANYWHERE = re.compile(
    r"""
    ©
    | \b(?:
    # photo captions
      file\s+(?:photo|picture|image|footage) | image\s+caption | pictured
    # links and prompts
    | (?:read|find\s+out|learn)\s+more | (?:click|tap)\s+(?:here|below|to)
    | scroll\s+down | continue\s+reading
    | sign\s+up\s+(?:now|here|today|for\s+(?:our|free)|to\s+our)
    | subscribe\s+(?:now|here|today|to\s+our) | our\s+newsletter
    | share\s+(?:this|on|or\s+comment|the\s+story|via|with\s+your\s+friends)
    | (?:follow|like)\s+us\s+on | pin\s+it | tweet\s+this
    # consent and comment forms
    | (?:use|uses|using|accept|allow|enable)\s+(?:all\s+)?cookies
    | cookie\s+(?:policy|settings|information|preferences|notice|consent|banner)
    | (?:manage|withdraw)\s+(?:your\s+)?consent | consent\s+(?:preferences|settings)
    | privacy\s+(?:policy|overview|settings|notice) | accept\s+all | gdpr
    | terms\s+(?:of\s+use|and\s+conditions|of\s+service)
    | leave\s+a\s+(?:reply|comment) | post\s+a\s+comment | comments\s+are\s+closed
    | email\s+address\s+will\s+not\s+be\s+published | required\s+fields
    | (?:log|sign)\s+in\s+to\s+(?:comment|reply) | save\s+my\s+name
    | all\s+rights\s+reserved
    )\b
    """,
    re.VERBOSE,
)
# "By Jane Doe", "By JANE DOE and JOHN ROE for MailOnline", "By . Daily Mail Reporter ." —
# short, and either without a closing full stop or naming a newsroom role.
_BYLINE = re.compile(r"^by\s*[.:]?\s+(?:\S+\s+){0,7}\S+$", re.IGNORECASE)
_BYLINE_ROLE = re.compile(
    r"\b(?:reporter|correspondent|editor|writer|staff|mailonline|agencies|associated\s+press)\b",
    re.IGNORECASE,
)


def is_boilerplate(sentence: str) -> bool:
    """True if the sentence is a byline, timestamp, photo caption or credit, a link or share
    prompt, or cookie/consent/comment-form text — never something a summary should quote."""
    lowered = sentence.lower()
    if _FURNITURE_START.match(lowered) or _FURNITURE_ANYWHERE.search(lowered):
        return True
    if is_photo_credit(sentence):
        return True
    if _BYLINE.match(sentence):
        return bool(_BYLINE_ROLE.search(sentence)) or not re.search(r"\w\w[.!?]\W*$", sentence)
    return False


def is_photo_credit(sentence: str) -> bool:
    """True if the sentence carries a photo credit ("(AP Photo/...)", "Getty Images"), which
    makes the line it stands on a caption."""
    return _PHOTO_CREDIT.search(sentence.lower()) is not None


def strip_dateline(sentence: str) -> str:
    """The sentence without a leading dateline ("ISLAMABAD (Reuters) -", "(CNN) --",
    "WASHINGTON —"); unchanged when it has none. The rest of the sentence is kept."""
    match = _DATELINE_PAREN.match(sentence)
    if match and (match.group("sep") or _AGENCY_ONLY.match(match.group("who").strip())):
        rest = sentence[match.end() :]
        return rest if _has_words(rest) else sentence
    match = _DATELINE_CAPS.match(sentence)
    if match:
        rest = sentence[match.end() :]
        return rest if _has_words(rest) else sentence
    return sentence


def strip_photo_asides(sentence: str) -> str:
    """The sentence without photo pointers such as "(pictured)" or "(left)"."""
    return _PHOTO_ASIDE.sub("", sentence)


def _has_words(text: str) -> bool:
    return re.search(r"\w", text) is not None
