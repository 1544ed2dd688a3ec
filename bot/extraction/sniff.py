"""Tell HTML from bodies that cannot hold an article (PDF, images, archives, binary noise)."""

from __future__ import annotations

_MAGIC_PREFIXES: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip left undecoded
    b"BM",  # bitmap: checked with the version bytes below to avoid catching text
    b"OggS",
    b"ID3",
    b"fLaC",
    b"%!PS",
    b"{\\rtf",
    b"\x00\x00\x01\x00",  # icon
    b"wOFF",
    b"wOF2",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"BZh",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",  # legacy Office
)
_NON_HTML_TYPES: tuple[str, ...] = (
    "image/",
    "audio/",
    "video/",
    "font/",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/json",
    "application/javascript",
    "text/javascript",
    "text/css",
    "application/msword",
    "application/vnd.",
    "application/x-",
    "application/epub",
    "application/postscript",
    "application/rtf",
)
_SNIFF_BYTES = 4096
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])


def is_non_html(body: bytes, content_type: str | None = None) -> bool:
    """True when the body is surely not a web page: a non-HTML media type, a known binary
    signature, or control bytes that no text document contains."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type.startswith(_NON_HTML_TYPES):
        return True
    head = body[:_SNIFF_BYTES]
    stripped = head.lstrip()
    if stripped.startswith(_MAGIC_PREFIXES) and not _is_bitmap_false_alarm(stripped):
        return True
    if stripped[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ", b"ftypqt  ") or (
        stripped.startswith(b"RIFF") and stripped[8:12] in (b"WEBP", b"WAVE", b"AVI ")
    ):
        return True
    return _looks_binary(head)


def _is_bitmap_false_alarm(head: bytes) -> bool:
    """ "BM" also starts ordinary text; a real bitmap has a 14-byte header with zero bytes."""
    return head.startswith(b"BM") and b"\x00" not in head[6:10]


def _looks_binary(head: bytes) -> bool:
    if not head or head.startswith(_UTF16_BOMS):
        return False
    # Text never holds NUL or other C0 controls in bulk; UTF-16 without a BOM (vanishingly rare
    # on the web) is counted as binary too.
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) // 50
