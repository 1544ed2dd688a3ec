"""Decode feed and page bytes to text, surviving the charsets servers lie about."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]{1,40})", re.IGNORECASE)
_XML_PROLOG_CHARSET = re.compile(
    rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([\w.:-]{1,40})[\"']", re.IGNORECASE
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w.:-]{1,40})", re.IGNORECASE)
# WHATWG: labels for Latin-1 and ASCII mean windows-1252, which is what servers really send.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "iso8859-1": "cp1252", "utf8": "utf-8"}  # fmt: skip
_SNIFF_BYTES = 4096
# Text codecs no web server means: they raise on arbitrary bytes or smuggle escapes and markup.
_NOT_WEB_CODECS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "utf-7"}
)


def _cp1252_for_invalid_utf8(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


_FALLBACK_HANDLER = "newsbrief-cp1252-fallback"
codecs.register_error(_FALLBACK_HANDLER, _cp1252_for_invalid_utf8)


def declared_charset(body: bytes, content_type: str | None) -> str | None:
    """The charset the server or the document claims: header, then XML prolog, then <meta>."""
    if content_type:
        match = _HEADER_CHARSET.search(content_type[:300])
        if match:
            return match.group(1).lower()
    head = body[:_SNIFF_BYTES]
    in_body = _XML_PROLOG_CHARSET.match(head) or _META_CHARSET.search(head)
    return in_body.group(1).decode("ascii").lower() if in_body else None


def decode_document(body: bytes, content_type: str | None = None) -> str:
    """Text of ``body``, never raising.

    A byte-order mark wins. Then valid UTF-8 is taken as UTF-8 whatever is declared (legacy
    text almost never happens to be valid UTF-8, while "windows-1252" labels on UTF-8 bodies are
    common). Otherwise the declared charset is used; a UTF-8 label (or none) decodes as UTF-8
    with each invalid byte read as windows-1252 — the usual way a UTF-8 feed gets one stray
    smart quote pasted in from Word.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = _text_encoding(declared_charset(body, content_type))
    declared = _ALIASES.get(declared or "", declared)
    if declared and declared.replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return _decode_as(body, declared)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared not in ("utf-8", "utf8"):
        return _decode_as(body, declared)
    return body.decode("utf-8", errors=_FALLBACK_HANDLER)


def _text_encoding(label: str | None) -> str | None:
    """``label`` when it names a text encoding; None for unknown labels and for Python's
    bytes-to-bytes codecs (hex, base64, rot13, zip...), which a hostile server may name."""
    if not label:
        return None
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_WEB_CODECS:
        return None
    return label


def _decode_as(body: bytes, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return body.decode("utf-8", errors=_FALLBACK_HANDLER)
    try:
        return body.decode(encoding, errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return body.decode("utf-8", errors=_FALLBACK_HANDLER)
