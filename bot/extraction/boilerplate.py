"""Recognise the text that sits around articles: cookie and consent notices, comment forms,
newsletter boxes, share bars and "related" teasers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.extraction.marks import unmarked

# Paragraphs longer than this are prose even if they mention cookies or newsletters.
MAX_BOILERPLATE_CHARS = 700
# Phrases that also occur in news prose ("join the discussion", "share on Facebook") count only
# in lines this short: widgets and buttons are terse.
MAX_WIDGET_LINE_CHARS = 200
# A consent wall is short; a long text that mentions cookies is an article about them.
MAX_CONSENT_WALL_CHARS = 3000
CONSENT_HOST_PREFIXES = ("consent.", "guce.", "cmp.", "privacy-consent.")

# Cookie and consent notices. Articles about cookie law use the same words, so beyond a short
# label these count only when the text talks to the reader the way banners do (_ADDRESS).
_CONSENT_PHRASES = (
    r"\bcookies? (?:policy|policies|settings|preferences|notice|statement|consent|banner)\b",
    r"\bcookie-?richtlinie\b|\bcookie-einstellungen\b|\bpolítica de cookies\b",
    r"\b(?:we|this (?:site|website)|our (?:site|website|partners)) (?:\w+ ){0,2}(?:uses?|sets?|"
    r"places?|stores?) (?:\w+ ){0,2}cookies\b",
    r"\buse of (?:all )?(?:the )?cookies\b|\baccept(?:ing)? (?:all |the |our )?cookies\b",
    r"[\"“‘']accept all[\"”’']|\baccept (?:&|and) close\b|\bagree (?:&|and) (?:close|proceed)\b",
    r"\bprivacy overview\b|\bmanage (?:your )?(?:consent|cookies|privacy settings)\b",
    r"\bby continuing to (?:use|browse|visit) (?:this|our|the) (?:site|website)\b",
    r"\bwe and our (?:\d+ )?partners\b|\bstore and/or access information on a device\b",
    r"\bbefore you continue to\b|\bdo not sell (?:or share )?my personal info",
)
_ADDRESS = re.compile(r"\b(?:you|your|we|our|us|this (?:site|website))\b", re.IGNORECASE)
MAX_LABEL_CHARS = 60
# Phrases that only page furniture uses, in any paragraph up to MAX_BOILERPLATE_CHARS.
_FURNITURE_PHRASES = (
    # comment forms
    r"\bleave a reply\b|\bcancel reply\b|\byour email address will not be published\b",
    r"\brequired fields are marked\b|\bsave my name,? email,? and website\b",
    r"\bnotify me of (?:new|follow-up) (?:comments|posts)\b|\byou must be logged in to post\b",
    r"\bthis site uses akismet\b",
    # newsletter boxes
    r"\bsubscribe to (?:our|the) (?:\w+ ){0,3}newsletters?\b",
    r"\bsign up (?:for|to) (?:our|the) (?:[\w'’]+ ){0,5}(?:newsletters?|e-?mails|alerts)\b",
    r"\benter your e-?mail address\b",
    # paywall and app notices
    r"\bsubscri(?:be|ption)\b.{0,60}\bfull (?:story|article)\b|"
    r"\bfull (?:story|article)\b.{0,60}\bsubscri(?:be|ption)\b|\balready a subscriber\b",
    r"\bdownload (?:the|our) (?:[\w-]+ ){0,3}apps?\b.{0,40}\b(?:ios|android)\b",
    # Arabic and Urdu comment sections: the policy above the comments, with its guidelines or
    # terms, and the disclaimer that readers' (or columnists') views are not the outlet's.
    r"التعليقات.{0,300}(?:إرشادات|شروط|سياسة) (?:ال)?(?:استخدام|خصوصية|نشر)",
    r"(?:الآراء|التعليقات|المشاركات) (?:الواردة|المنشورة)(?: \S+){0,2} (?:لا تعبر|لا تعكس)",
    r"ادارے کا (?:\S+ ){0,4}(?:رائے|آرا|آراء) سے متفق ہونا ضروری نہیں",
)
# Phrases that news prose uses too: furniture only in a short line.
_WIDGET_PHRASES = (
    r"\bleave a comment\b|\bpost (?:a )?comment\b|\bcomments are closed\b",
    r"\bcomment(?:ing)? (?:policy|guidelines)\b",
    r"\btell us what you think\b",
    r"\bnewsletters?\b.{0,120}\b(?:inbox|sign up|subscribe|e-?mail address)\b",
    r"\b(?:sign up|subscribe)\b.{0,120}\bnewsletters?\b|\bdelivered (?:straight )?to your inbox\b",
    r"\bclick to (?:share|email|print)\b|\btweet this\b|\bfollow us on\b",
    # unrendered WordPress shortcodes: markup, not prose
    r"\[/?[a-z_]+(?:\s[^\]]*)?\].{0,150}\[/[a-z_]+\]",
)
# Whole short lines that are labels, counters or calls to action.
_WIDGET_LINES = (
    r"^(?:accept|reject|allow|deny) all(?: cookies)?\W*$",
    r"^manage (?:your )?(?:preferences|options)\b|^join the (?:discussion|conversation)\b",
    r"^share (?:this|on|via|to) (?:article|story|post|page|facebook|twitter|x|linkedin|whatsapp|"
    r"pinterest|e-?mail|reddit)\b",
    r"^(?:\d+|no|one|two) (?:comments?|responses?|replies)\b",
    r"^(?:show|view|load|hide|see) (?:all )?(?:\d+ )?comments?\b|^comments?(?: \(\d+\))?\W*$",
    r"^follow\b.{0,100}\bon (?:twitter|facebook|instagram|linkedin|youtube|tiktok)\b",
    r"^(?:tags?|tagged(?: with| in)?|etiquetas|marcadores|schlagwörter|stichwörter)\s*:?\s*$",
    r"^(?:related|recommended|trending|popular|most read|more)(?: \w+){0,2}\s*[:|–—-]",
    r"^(?:related (?:posts?|articles?|stories|content|coverage|reading|topics)|"
    r"you (?:may|might) also (?:like|enjoy)|recommended for you|more from|read more|read next|"
    r"see also|also read|don't miss|trending now|most popular|popular posts)\b\W*$",
    # the same labels and counters in the other languages of the feeds (German, Spanish,
    # French, Portuguese, Italian, Polish): a label, at most a few words, no sentence
    r"^(?:lesen sie (?:auch|mehr)|auch interessant|das könnte sie (?:auch )?interessieren|"
    r"weitere (?:artikel|beiträge|themen)|mehr (?:zum thema|themen|artikel)|zum weiterlesen|"
    r"ähnliche (?:artikel|beiträge)|kommentierte artikel|lee también|te puede interesar|"
    r"noticias relacionadas|artículos relacionados|(?:à )?lire aussi|voir aussi|leia também|"
    r"veja também|leggi anche|czytaj (?:także|też)|zobacz (?:także|też)|"
    r"przeczytaj (?:także|też|również))\b[^.!?]{0,60}$",
    r"^(?:(?:\d+|keine?|ein|zwei|sin|aucun|nessun) )?(?:kommentare?|comentarios?|"
    r"commentaires?|commenti?)(?: insgesamt)?\W*\d*(?:\s*\([^)]{0,80}\))?\W*$",
    # picture credits and captions' labels, tables of contents
    r"^(?:(?:title |header |featured |cover )?(?:photo|image|picture)s?(?: credits?)?|credits?|"
    r"(?:titel|beitrags|vorschau)?bild(?:quelle|nachweis)?|fotos?|bildnachweis)\s*:[^.!?]{0,80}$",
    r"^(?:table of contents|contents|inhaltsverzeichnis|inhalt|índice|sommaire)\W*$",
    # advertising labels and disclosures
    r"^\W*(?:anzeige|werbung|advertisement|sponsored|publicidad|publicité)\W*$",
    r"^.{0,40}\b(?:enthält (?:\w+ )?(?:werbung|affiliate[- ]links?)|affiliate[- ]links?\b.{0,20}"
    r"enthalten|(?:contains|includes) affiliate links)\b",
)
_CONSENT = re.compile("|".join(_CONSENT_PHRASES), re.IGNORECASE)
_FURNITURE = re.compile("|".join(_FURNITURE_PHRASES), re.IGNORECASE)
_WIDGET = re.compile("|".join(_WIDGET_PHRASES), re.IGNORECASE)
_WIDGET_LINE = re.compile("|".join(_WIDGET_LINES), re.IGNORECASE)
# Substrings of which every phrase needs one: a cheap gate before the regexes, which would
# otherwise be tried at every position of every paragraph.
_TRIGGERS = (
    "cookie",
    "consent",
    "accept",
    "reject",
    "agree",
    "privacy",
    "partners",
    "before you continue",
    "store and/or",
    "do not sell",
    "reply",
    "comment",
    "mail",
    "required fields",
    "akismet",
    "join the",
    "logged in",
    "newsletter",
    "sign up",
    "inbox",
    "share",
    "click to",
    "tweet",
    "follow",
    "tell us",
    "preferences",
    "[/",
    "subscri",
    "download",
    "التعليقات",
    "الآراء",
    "المشاركات",
    "متفق",
)
_CONSENT_VOCABULARY = re.compile(
    r"\bcookies?\b|\bconsent\b|\bprivacy\b|\bpartners\b|\baccept\b|\breject\b|\bpreferences\b|"
    r"\bbefore you continue\b|\bpersonali[sz]ed\b|\bads?\b|\badvertising\b|\bvendors?\b|"
    r"\bdata\b|\bdevice\b|\bsettings\b|\bagree\b|\bgdpr\b|\btracking\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_REFERENCE_MARKER = re.compile(r"\[\d{1,3}\](?=\s)")
# A marker anywhere in a line ("… the FSF Europe [3]."): each such substring is one match.
_MARKER_IN_TEXT = re.compile(r"\[\d{1,3}\]")
MAX_DATELINE_CHARS = 80
_DATE_OR_TIME = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b")
_DATE_NAMES = frozenset(
    """
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december mon tue wed thu fri sat sun monday tuesday
    wednesday thursday friday saturday sunday am pm gmt utc est edt cst cdt pst pdt bst cet cest
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    segunda terça quarta quinta sexta feira sábado domingo
    enero febrero marzo mayo junio julio septiembre setiembre octubre noviembre diciembre lunes
    martes miércoles jueves viernes
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre lundi
    mardi mercredi jeudi vendredi samedi dimanche
    januar februar märz juni juli oktober dezember montag dienstag mittwoch donnerstag freitag
    samstag sonntag uhr
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedì martedì
    mercoledì giovedì venerdì sabato domenica
    januari februari maret mei agustus desember senin selasa rabu kamis jumat sabtu minggu wib
    """.split()
)
# Words that may sit around a date in a dateline without making it prose.
_DATE_FILLERS = frozenset(
    """
    a m p st nd rd th at on of the updated published posted last modified ist et pt de às as em
    publicado atualizado del actualizado el a las le à h mis jour publié um am aktualisiert
    veröffentlicht alle ore di pubblicato aggiornato pukul diperbarui
    """.split()
)
_SOCIAL_NAMES = re.compile(
    r"^(?:(?:share|tweet|pin|email|e-mail|print|comment|copy link|facebook|twitter|x|linkedin|"
    r"whatsapp|pinterest|reddit|telegram|messenger|flipboard|tumblr|mail|sms)\b[\s|·•,/]*)+$",
    re.IGNORECASE,
)


def looks_like_boilerplate(paragraph: str) -> bool:
    """True for a paragraph that is page furniture rather than article prose: a cookie or
    consent notice, comment form, newsletter box, share or follow bar, "related" heading, or a
    line that is mostly a bare URL. Long paragraphs are always prose."""
    text = paragraph.strip()
    if not text:
        return True
    if len(text) > MAX_BOILERPLATE_CHARS:
        return False
    short = len(text) <= MAX_WIDGET_LINE_CHARS
    if short and (_WIDGET_LINE.match(text) or _SOCIAL_NAMES.match(text) or _mostly_url(text)):
        return True
    lowered = text.lower()
    if not any(trigger in lowered for trigger in _TRIGGERS):
        return False
    if _FURNITURE.search(text) or (short and _WIDGET.search(text)):
        return True
    return bool(_CONSENT.search(text) and (len(text) <= MAX_LABEL_CHARS or _ADDRESS.search(text)))


def _mostly_url(text: str) -> bool:
    urls = _URL.findall(text)
    return bool(urls) and sum(len(u) for u in urls) >= 0.5 * len(text)


def remove_boilerplate(paragraphs: list[str], title: str | None = None) -> list[str]:
    """The paragraphs minus furniture: boilerplate lines, bare date lines, lines that are mostly
    a URL, and a repeat of the headline at the top (the title is kept apart from the text)."""
    headline = _comparable(title) if title else None
    kept: list[str] = []
    # The reference markers of the kept lines, gathered as lines are kept: a page of many
    # reference lines must not search every kept line for each.
    markers: set[str] = set()
    for index, paragraph in enumerate(paragraphs):
        plain = _line_text(unmarked(paragraph))  # "**Read more:** …" is a "Read more" line
        if (looks_like_boilerplate(plain) or is_dateline(plain)) and not _pointed_to(
            plain, markers
        ):
            continue
        if headline and index < 3 and _comparable(plain) == headline:
            continue
        kept.append(paragraph)
        markers.update(_MARKER_IN_TEXT.findall(paragraph))
    return kept


def _line_text(line: str) -> str:
    """The line as the rules read it: whitespace of any kind (no-break spaces from the page's
    markup) as single spaces, and a table row with one filled cell as that cell's text (a
    label laid out in a table: "| Weitere Artikel |")."""
    text = " ".join(line.split())
    if len(text) > 2 and text[0] == "|" and text[-1] == "|":
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", text[1:-1])]
        filled = [cell for cell in cells if cell]
        if len(filled) == 1:
            return filled[0]
    return text


def _pointed_to(line: str, kept_markers: set[str]) -> bool:
    """A reference the text points to: a URL line opening with a marker ("[3] https://…")
    that an earlier kept paragraph carries ("… the FSF Europe [3] …"): ``kept_markers``."""
    marker = _REFERENCE_MARKER.match(line)
    return marker is not None and marker.group() in kept_markers and _mostly_url(line.strip())


def _comparable(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def is_dateline(paragraph: str) -> bool:
    """True for a short line that only gives a date or time ("Updated at 1:23 p.m.",
    "segunda-feira, 22 de janeiro de 2018 às 0:13")."""
    if len(paragraph) > MAX_DATELINE_CHARS or not any(ch.isdigit() for ch in paragraph):
        return False
    words = _WORD.findall(paragraph.lower())
    if not words or not all(w.isdigit() or w in _DATE_NAMES or w in _DATE_FILLERS for w in words):
        return False
    # digits alone ("$139.00", "5 of 10") are a price or a count unless shaped like a date
    return any(w in _DATE_NAMES for w in words) or bool(_DATE_OR_TIME.search(paragraph))


def is_consent_wall(final_url: str | None, text: str) -> bool:
    """True when the page is a cookie/consent interstitial instead of the article: the final URL
    is on a consent host (consent.*, guce.*), or the text is short and mostly consent talk."""
    if final_url and _host(final_url).startswith(CONSENT_HOST_PREFIXES):
        return True
    stripped = text.strip()
    if not stripped:
        return False
    if len(stripped) > MAX_CONSENT_WALL_CHARS:
        return False
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", stripped) if p.strip()]
    words = len(_WORD.findall(stripped))
    boilerplate_words = sum(len(_WORD.findall(p)) for p in paragraphs if looks_like_boilerplate(p))
    vocabulary = len(_CONSENT_VOCABULARY.findall(stripped))
    mentions_cookies = re.search(r"\bcookies?\b|\bconsent\b", stripped, re.IGNORECASE)
    return bool(mentions_cookies) and (
        boilerplate_words >= 0.5 * words
        or (boilerplate_words >= 0.2 * words and vocabulary >= max(4, 0.12 * words))
    )


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
