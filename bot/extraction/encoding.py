"""Turn the bytes of a fetched page into text, whatever the page claims about its charset."""

from __future__ import annotations

import codecs
import re

# How far into the body a <meta charset> is looked for: the HTML spec says 1024 bytes, but real
# pages put a long <head> of scripts and styles before it.
META_SCAN_BYTES = 64 * 1024

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([\w.:-]{1,40})""", re.IGNORECASE
)
_XML_PROLOG = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([\w.:-]{1,40})""")
# Sequences that appear when UTF-8 text was decoded as windows-1252 and saved again as UTF-8.
# Python codecs that no web page uses and that raise or misbehave on arbitrary bytes; UTF-7
# is refused by browsers because it smuggles markup.
_NOT_WEB_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"}
)
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ“”˜šž]|Ã[©¨¢§«¶³º¼½]")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page body to text; never raises.

    The charset comes from a byte-order mark, then the Content-Type header, then a <meta>
    charset or http-equiv in the first 64 KB (or an XML prolog), else UTF-8. A page that says
    UTF-8 but is not valid UTF-8 is read as windows-1252, and text double-encoded as
    UTF-8-through-windows-1252 ("Ã©") is repaired.
    """
    if not body:
        return ""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    encoding = (
        _charset_from_header(content_type) or _charset_from_meta(body[:META_SCAN_BYTES]) or "utf-8"
    )
    if encoding == "utf-8":
        return _decode_claimed_utf8(body)
    try:
        return body.decode(encoding, errors="replace")
    except (LookupError, UnicodeError, ValueError):  # a codec that refuses "replace"
        return _decode_claimed_utf8(body)


def _charset_from_header(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type[:500])
    return _normalise_charset(match.group(1)) if match else None


def _charset_from_meta(head: bytes) -> str | None:
    match = _XML_PROLOG.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    encoding = _normalise_charset(match.group(1).decode("ascii", errors="ignore"))
    # A <meta> read with an ASCII-compatible scan cannot truly be UTF-16 (WHATWG rule).
    if encoding in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        return "utf-8"
    return encoding


def _normalise_charset(label: str) -> str | None:
    """The Python codec for a charset label, with the WHATWG aliases browsers apply."""
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    # A hostile header can name any Python codec: base64, zlib, unicode-escape...
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB_CHARSETS:
        return None
    name = info.name
    # Browsers read latin-1 and ASCII labels as windows-1252: pages rely on it for “smart quotes”.
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if name in ("utf-8-sig",):
        return "utf-8"
    return name


def _decode_claimed_utf8(body: bytes) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_broken_utf8(body)
    # A substring test first: the regex over a whole page costs more than the rest of decoding.
    if ("Ã" in text or "â€" in text or "Â" in text) and _MOJIBAKE.search(text):
        return _repair_double_encoding(text)
    return text


def _decode_broken_utf8(body: bytes) -> str:
    """Invalid UTF-8: mostly-UTF-8 pages keep UTF-8 (a stray byte); the rest are windows-1252."""
    utf8 = body.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    good_multibyte = sum(1 for ch in utf8 if ord(ch) > 0x7F) - bad
    if good_multibyte > 4 * bad:
        return utf8
    return body.decode("cp1252", errors="replace")


def _c1_passthrough(error: UnicodeError) -> tuple[bytes, int]:
    """Encode the five C1 controls windows-1252 leaves undefined as their own byte, the way
    browsers decoded them when the mojibake was made."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if any(ord(ch) not in _CP1252_UNDEFINED for ch in chunk):
        raise error
    return bytes(ord(ch) for ch in chunk), error.end


_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
codecs.register_error("newsbrief-c1-passthrough", _c1_passthrough)


def _repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that was read as windows-1252 and re-encoded, when the undoing is lossless."""
    try:
        repaired = text.encode("cp1252", errors="newsbrief-c1-passthrough").decode("utf-8")
    except UnicodeError:
        return text
    return repaired if len(_MOJIBAKE.findall(repaired)) < len(_MOJIBAKE.findall(text)) else text
