"""Recognise the text that sits around articles: cookie and consent notices, comment forms,
newsletter boxes, share bars and "related" teasers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Paragraphs longer than this are prose even if they mention cookies or newsletters.
MAX_BOILERPLATE_CHARS = 700
# A consent wall is short; a long text that mentions cookies is an article about them.
MAX_CONSENT_WALL_CHARS = 3000
CONSENT_HOST_PREFIXES = ("consent.", "guce.", "cmp.", "privacy-consent.")

_COOKIE_AND_CONSENT = (
    r"\b(?:uses?|using|use of|accept(?:ing)?|allow|enable|store|set|place|deploy)s?\s+"
    r"(?:\w+\s+){0,3}cookies\b",
    r"\bcookies?\s+(?:policy|policies|settings|preferences|notice|statement|consent|banner)\b",
    r"\bcookie[- ]?richtlinie|\bcookie-einstellungen|\bpolítica de cookies|\bcookie ?policy\b",
    r"\baccept all\b|\breject all\b|\baccept (?:&|and) close\b",
    r"\bagree (?:&|and) (?:close|proceed)\b",
    r"\bprivacy overview\b|\bmanage (?:your )?(?:consent|preferences|privacy|cookies)\b",
    r"\bby (?:continuing|clicking|using|browsing)\b.{0,80}\b(?:agree|consent|accept)",
    r"\bwe and our (?:\d+ )?partners\b|\blegitimate interests?\b.{0,80}\bpartners\b",
    r"\bstore and/or access information on a device\b|\bbefore you continue\b",
    r"\bdo not sell my (?:personal )?info",
)
_COMMENT_FORM = (
    r"\bleave a (?:reply|comment)\b|\bcancel reply\b|\bpost (?:a )?comment\b",
    r"\byour email address will not be published\b|\brequired fields are marked\b",
    r"\bsave my name,? email,? and website\b|\bnotify me of (?:new|follow-up)\b",
    r"\byou must be logged in to post\b|\bcomments are closed\b",
    r"\bthis site uses akismet\b|\bjoin the (?:discussion|conversation)\b",
    r"^(?:\d+|no|one|two) (?:comments?|responses?|replies)\b",
    r"^(?:show|view|load|hide) (?:all )?(?:\d+ )?comments?\b|^comments?(?: \(\d+\))?$",
    r"\bcomment (?:policy|guidelines)\b|\bcommenting (?:policy|guidelines)\b",
)
_NEWSLETTER = (
    r"\bsubscribe to (?:our|the) (?:\w+ ){0,3}newsletters?\b",
    r"\bsign up (?:for|to) (?:our|the) (?:[\w'’]+ ){0,5}(?:newsletters?|emails?|alerts)\b",
    r"\bnewsletters?\b.{0,120}\b(?:inbox|sign up|subscribe|email address)\b",
    r"\b(?:sign up|subscribe)\b.{0,120}\bnewsletters?\b",
    r"\benter your e-?mail(?: address)?\b|\bdelivered (?:straight )?to your inbox\b",
)
_SHARE_AND_FOLLOW = (
    r"\bshare (?:this|on|via|to) (?:article|story|post|page|facebook|twitter|linkedin|whatsapp|"
    r"pinterest|email|reddit|x)\b",
    r"\bclick to (?:share|email|print)\b|\btweet this\b|\bfollow us on\b",
)
_TEASERS = (
    r"^(?:related|recommended|trending|popular|most read|more)(?: \w+){0,2}\s*[:|–—-]",
    r"^(?:related (?:posts?|articles?|stories|content|coverage|reading|topics)|"
    r"you (?:may|might) also (?:like|enjoy)|recommended for you|more from|read more|read next|"
    r"see also|also read|don't miss|trending now|most popular|popular posts)\b\W*$",
)
_ANCHORED = tuple(p for p in _COMMENT_FORM + _TEASERS if p.startswith("^"))
_BOILERPLATE = re.compile(
    "|".join(
        p
        for p in _COOKIE_AND_CONSENT + _COMMENT_FORM + _NEWSLETTER + _SHARE_AND_FOLLOW + _TEASERS
        if not p.startswith("^")
    ),
    re.IGNORECASE,
)
_BOILERPLATE_START = re.compile("|".join(_ANCHORED), re.IGNORECASE)
# Substrings of which every unanchored pattern needs one: a cheap gate before the regex, which
# would otherwise be tried at every position of every paragraph.
_TRIGGERS = (
    "cookie",
    "consent",
    "accept",
    "reject",
    "agree",
    "privacy",
    "partners",
    "legitimate",
    "before you continue",
    "store and/or",
    "do not sell",
    "reply",
    "comment",
    "email",
    "e-mail",
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
    "follow us",
    "cookie-",
)
_CONSENT_VOCABULARY = re.compile(
    r"\bcookies?\b|\bconsent\b|\bprivacy\b|\bpartners\b|\baccept\b|\breject\b|\bpreferences\b|"
    r"\bbefore you continue\b|\bpersonali[sz]ed\b|\bads?\b|\badvertising\b|\bvendors?\b|"
    r"\bdata\b|\bdevice\b|\bsettings\b|\bagree\b|\bgdpr\b|\btracking\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_SOCIAL_NAMES = re.compile(
    r"^(?:(?:share|tweet|pin|email|e-mail|print|comment|copy link|facebook|twitter|x|linkedin|"
    r"whatsapp|pinterest|reddit|telegram|messenger|flipboard|tumblr|mail|sms)\b[\s|·•,/]*)+$",
    re.IGNORECASE,
)


def looks_like_boilerplate(paragraph: str) -> bool:
    """True for a short paragraph that is page furniture rather than article prose: a cookie
    or consent notice, comment form, newsletter box, share bar or "related" heading."""
    text = paragraph.strip()
    if not text:
        return True
    if len(text) > MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE_START.match(text) or _SOCIAL_NAMES.match(text):
        return True
    lowered = text.lower()
    return any(t in lowered for t in _TRIGGERS) and bool(_BOILERPLATE.search(text))


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
        boilerplate_words >= 0.5 * words or vocabulary >= max(4, 0.08 * words)
    )


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""
