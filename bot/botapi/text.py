"""Telegram's pipeline for the text of an outgoing message, as the Bot API server runs it.

`parse_html` follows TDLib's `parse_html` (td/telegram/MessageEntity.cpp): a `<` always starts
a tag, only a fixed set of tags exists, errors name the byte offset, and only `&lt; &gt; &amp;
&quot;` and numeric references are decoded (any other `&name;` stays literally). `format_text`
then cleans and trims the text like `fix_formatted_text` and checks its length after parsing
(`telegram_length`, in UTF-16 units), which is how a 4096-character limit can hold 5000 bytes
of markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from bot.botapi.errors import BotApiError, bad_request

MESSAGE_MAX_LENGTH = 4096
CAPTION_MAX_LENGTH = 1024

_ALLOWED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
        "tg-emoji", "span", "pre", "code", "blockquote",
    }
)  # fmt: skip
_NAMED_REFERENCES = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_SPACE_BYTES = frozenset(b" \t\r\n\0\v")
_SIMPLE_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# Characters TDLib's clean_input_string drops from message text.
_DROPPED_CHARS = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u0333\u033f\u030a")
# Characters is_empty_string treats as blank, beyond ' ' and '\n'.
_BLANK_CHARS = frozenset(
    " \n\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u2800\u3000\ufffc\u200b\u200c\u200d\u200e\u200f\u202e\ufeff\xa0"
)


class EntityParseError(ValueError):
    """The HTML could not be parsed; `str(error)` is TDLib's reason, e.g. 'Unclosed end tag ...'."""


@dataclass
class _Entity:
    type: str
    offset: int
    length: int
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"type": self.type, "offset": self.offset, "length": self.length, **self.extra}


@dataclass(frozen=True)
class FormattedText:
    """A text as the recipient sees it, with Bot API MessageEntity dicts (UTF-16 offsets)."""

    text: str
    entities: tuple[dict[str, Any], ...] = ()
    hrefs: tuple[str, ...] = ()  # href (or, without one, the text) of every non-empty <a>


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def parse_html(source: str) -> FormattedText:
    """Parse Bot API HTML into plain text plus entities; raise EntityParseError like TDLib."""
    try:
        data = source.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise EntityParseError("Strings must be encoded in UTF-8") from exc
    return _HtmlParser(data).run()


def _lower(raw: bytes) -> str:
    return raw.decode("utf-8", "replace").lower()


class _HtmlParser:
    """A byte-level port of TDLib's parse_html; reading past the end yields NUL like a C string."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.out = bytearray()
        self.utf16 = 0
        self.entities: list[_Entity] = []
        self.hrefs: list[str] = []
        # (tag name, argument, utf16 offset, byte offset in out)
        self.stack: list[tuple[str, str, int, int]] = []

    def at(self, index: int) -> int:
        return self.data[index] if index < len(self.data) else 0

    def is_space(self, index: int) -> bool:
        return self.at(index) in _SPACE_BYTES

    def run(self) -> FormattedText:
        i = 0
        while i < len(self.data):
            byte = self.data[i]
            if byte == ord("&"):
                code, end = self.decode_reference(i)
                if code:
                    self.append_code_point(code)
                    i = end
                    continue
            if byte != ord("<"):
                if byte & 0xC0 != 0x80:  # first byte of a UTF-8 sequence
                    self.utf16 += 2 if byte >= 0xF0 else 1
                self.out.append(byte)
                i += 1
                continue
            if self.at(i + 1) == ord("/"):
                i = self.end_tag(i)
            else:
                i = self.start_tag(i)
        if self.stack:
            tag = self.stack[-1][0]
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        for entity in self.entities:
            if entity.type == "code":
                entity.extra.pop("language", None)
        self.entities.sort(key=lambda e: (e.offset, -e.length))
        return FormattedText(
            self.out.decode("utf-8"),
            tuple(e.as_json() for e in self.entities),
            tuple(self.hrefs),
        )

    def append_code_point(self, code: int) -> None:
        if 0xD800 <= code <= 0xDFFF:
            raise EntityParseError(
                "Text contains invalid Unicode characters after decoding HTML entities, "
                "check for unmatched surrogate code units"
            )
        self.utf16 += 2 if code > 0xFFFF else 1
        self.out += chr(code).encode("utf-8")

    def decode_reference(self, pos: int) -> tuple[int, int]:
        """Return (code point, index after the reference), or (0, pos) if it is not one."""
        end = pos + 1
        code = 0
        if self.at(pos + 1) == ord("#"):
            end += 1
            if self.at(pos + 2) == ord("x"):
                end += 1
                while self.at(end) and chr(self.at(end)) in "0123456789abcdefABCDEF":
                    code = code * 16 + int(chr(self.at(end)), 16)
                    end += 1
            else:
                while ord("0") <= self.at(end) <= ord("9"):
                    code = code * 10 + self.at(end) - ord("0")
                    end += 1
            if code == 0 or code >= 0x10FFFF or end - pos >= 10:
                return 0, pos
            char = chr(code)
        else:
            while chr(self.at(end)).isascii() and chr(self.at(end)).isalpha():
                end += 1
            name = self.data[pos + 1 : end]
            if name not in _NAMED_REFERENCES:
                return 0, pos
            char = _NAMED_REFERENCES[name]
        if self.at(end) == ord(";"):
            end += 1
        return ord(char), end

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        while not self.is_space(i) and self.at(i) != ord(">"):
            i += 1
        if self.at(i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
        tag = _lower(self.data[begin + 1 : i])
        if tag not in _ALLOWED_TAGS:
            raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')

        argument = ""
        while self.at(i) != ord(">"):
            while self.at(i) and self.is_space(i):
                i += 1
            if self.at(i) == ord(">"):
                break
            name_begin = i
            while not self.is_space(i) and self.at(i) not in b"=>/\"'":
                i += 1
            name = self.data[name_begin:i]
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                )
            while self.at(i) and self.is_space(i):
                i += 1
            if self.at(i) != ord("="):
                if self.at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if tag == "blockquote" and name == b"expandable":
                    argument = "1"
                continue
            i += 1
            while self.at(i) and self.is_space(i):
                i += 1
            if self.at(i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            value, i = self.attribute_value(i)
            if self.at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            if tag == "a" and name == b"href":
                argument = value
            elif tag == "code" and name == b"class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif tag == "span" and name == b"class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif tag == "tg-emoji" and name == b"emoji-id":
                argument = value
            elif tag == "blockquote" and name == b"expandable":
                argument = "1"

        if tag == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
            )
        self.stack.append((tag, argument, self.utf16, len(self.out)))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in (ord("'"), ord('"')):
            # An unquoted name token: letters, digits, periods or hyphens, case-insensitive.
            token_begin = i
            while chr(self.at(i)).isascii() and (chr(self.at(i)).isalnum() or self.at(i) in b".-"):
                i += 1
            if not self.is_space(i) and self.at(i) != ord(">"):
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
            return _lower(self.data[token_begin:i]), i
        i += 1
        value = bytearray()
        while self.at(i) != quote and self.at(i):
            if self.at(i) == ord("&"):
                code, end = self.decode_reference(i)
                if code:
                    value += chr(code).encode("utf-8", "surrogatepass")
                    i = end
                    continue
            value.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return value.decode("utf-8", "replace"), i

    def end_tag(self, begin: int) -> int:
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        i = begin + 2
        while not self.is_space(i) and self.at(i) != ord(">"):
            i += 1
        end_name = _lower(self.data[begin + 2 : i])
        while self.is_space(i) and self.at(i):
            i += 1
        if self.at(i) != ord(">"):
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, out_begin = self.stack[-1]
        if end_name and end_name != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        if self.utf16 > offset:
            inner = self.out[out_begin:].decode("utf-8")
            self.add_entity(tag, argument, offset, self.utf16 - offset, inner)
        self.stack.pop()
        return i + 1

    def add_entity(self, tag: str, argument: str, offset: int, length: int, inner: str) -> None:
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last.offset, last.length) == (offset, length)
        if tag in _SIMPLE_TAG_TYPES:
            self.entities.append(_Entity(_SIMPLE_TAG_TYPES[tag], offset, length))
        elif tag == "tg-emoji":
            if not argument.lstrip("-").isdigit() or int(argument) == 0:
                raise EntityParseError("Invalid custom emoji identifier specified")
            self.entities.append(
                _Entity("custom_emoji", offset, length, {"custom_emoji_id": argument})
            )
        elif tag == "a":
            self.hrefs.append(argument or inner)
            url = checked_link(argument or inner)
            if url is not None:
                self.entities.append(_Entity("text_link", offset, length, {"url": url}))
        elif tag == "pre":
            if last is not None and same_span and last.type == "code" and last.extra:
                last.type = "pre"
            else:
                self.entities.append(_Entity("pre", offset, length))
        elif tag == "code":
            if last is not None and same_span and last.type == "pre" and argument:
                last.extra["language"] = argument
            else:
                extra = {"language": argument} if argument else {}
                self.entities.append(_Entity("code", offset, length, extra))
        elif tag == "blockquote":
            kind = "expandable_blockquote" if argument else "blockquote"
            self.entities.append(_Entity(kind, offset, length))


def check_url(url: str) -> str:
    """The URL Telegram would keep for a link or URL button; raise ValueError with its reason.

    Approximates TDLib's check_url: tg:// and ton:// links pass, http(s) links need a host
    with a dot (so "localhost" fails), a bare host gets "http://", other protocols fail.
    """
    url = url.strip()
    scheme, sep, rest = url.partition(":")
    if sep and scheme.isascii() and scheme.isalpha() and not rest[:1].isdigit():
        scheme = scheme.lower()
        if scheme in ("tg", "ton"):
            return url
        if scheme not in ("http", "https"):
            raise ValueError("Unsupported URL protocol")
    else:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError as exc:
        raise ValueError("Wrong HTTP URL") from exc
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or any(" " in label for label in labels):
        raise ValueError("Wrong HTTP URL")
    return url


def checked_link(url: str) -> str | None:
    """The URL a text_link entity keeps, or None where TDLib silently drops the entity."""
    try:
        return check_url(url)
    except ValueError:
        return None


def _clean(text: str, entities: list[_Entity]) -> str:
    """Replace control characters with spaces and drop the ones TDLib drops, moving entities."""
    new_chars: list[str] = []
    position = [0]  # new UTF-16 position for each old UTF-16 boundary
    new_utf16 = 0
    for ch in text:
        units = 2 if ord(ch) > 0xFFFF else 1
        if ch in _DROPPED_CHARS:
            position.extend([new_utf16] * units)
            continue
        if ord(ch) < 32 and ch != "\n":
            ch = " "
        new_chars.append(ch)
        for unit in range(units):
            position.append(new_utf16 + unit + 1)
        new_utf16 += units
    for entity in entities:
        start = position[min(entity.offset, len(position) - 1)]
        end = position[min(entity.offset + entity.length, len(position) - 1)]
        entity.offset, entity.length = start, end - start
    entities[:] = [e for e in entities if e.length > 0]
    return "".join(new_chars)


def _trim(text: str, entities: list[_Entity]) -> str:
    """Trim like fix_formatted_text: right always, left only up to the first entity."""
    last = max((i for i, ch in enumerate(text) if ch not in " \n"), default=-1)
    if last < 0:
        return ""
    text = text[: last + 1]
    end = utf16_length(text)
    entities[:] = [e for e in entities if e.offset < end]
    for entity in entities:
        entity.length = min(entity.length, end - entity.offset)
    entities.sort(key=lambda e: (e.offset, -e.length))
    first_entity = entities[0].offset if entities else len(text)
    strip = 0
    while strip < first_entity and text[strip] in " \n":
        strip += 1
    for entity in entities:
        entity.offset -= strip
    return text[strip:]


def is_blank(text: str) -> bool:
    """True if Telegram would consider the text empty (spaces, zero-width marks, NBSP...)."""
    return all(ch in _BLANK_CHARS or 0xE0000 <= ord(ch) <= 0xE007F for ch in text)


def _given_entities(raw: Any) -> list[_Entity]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise bad_request("can't parse entities JSON object")
    entities = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise bad_request("can't parse MessageEntity JSON object")
        try:
            offset, length = int(item["offset"]), int(item["length"])
        except (KeyError, TypeError, ValueError) as exc:
            raise bad_request("can't parse MessageEntity JSON object") from exc
        extra = {k: v for k, v in item.items() if k not in ("type", "offset", "length")}
        entities.append(_Entity(item["type"], offset, length, extra))
    return entities


def format_text(
    raw: str,
    parse_mode: str | None,
    given_entities: Any = None,
    *,
    caption: bool = False,
) -> FormattedText:
    """What Telegram makes of a text or caption parameter; raise BotApiError as it would.

    Messages must be 1-4096 and captions 0-1024 long after parsing and trimming, measured by
    `telegram_length`.
    """
    formatted = _visible(raw, parse_mode, given_entities)
    if is_blank(formatted.text):
        if caption:
            return FormattedText("", (), formatted.hrefs)
        raise bad_request("message text is empty")
    limit = CAPTION_MAX_LENGTH if caption else MESSAGE_MAX_LENGTH
    if utf16_length(formatted.text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return formatted


def telegram_length(raw: str, parse_mode: str | None = "HTML") -> int:
    """The length Telegram holds against its 4096 (caption: 1024) limit: UTF-16 code units of
    the text left after entity parsing, cleaning and trimming - not of the HTML source.

    Telegram's documents say "characters"; whether it counts an astral character (an emoji)
    once or twice is disputed, so this takes the stricter reading, as its entity offsets do:
    a message that fits here fits either way. Raises BotApiError where Telegram would refuse
    the markup itself.
    """
    return utf16_length(_visible(raw, parse_mode, None).text)


def _visible(raw: str, parse_mode: str | None, given_entities: Any) -> FormattedText:
    """Parse (HTML), clean and trim a text the way Telegram does, before any length check."""
    mode = (parse_mode or "").lower()
    hrefs: tuple[str, ...] = ()
    if mode == "html":
        try:
            parsed = parse_html(raw)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from exc
        text, hrefs = parsed.text, parsed.hrefs
        entities = _given_entities(list(parsed.entities))
    elif mode in ("markdown", "markdownv2"):
        raise BotApiError(400, f"Bad Request: this Bot API emulator does not emulate {mode}")
    elif mode in ("", "none"):
        text, entities = raw, _given_entities(given_entities)
    else:
        raise bad_request("unsupported parse_mode")
    for entity in entities:
        if entity.offset < 0 or entity.length < 0:
            raise bad_request("can't parse entities: entity with negative offset or length")
    text = _trim(_clean(text, entities), entities)
    return FormattedText(text, tuple(e.as_json() for e in entities), hrefs)
