"""Telegram's HTML subset read the way Telegram reads it, and shown as terminal text.

`read_html` checks a message like the Bot API does (only Telegram's tags, properly nested) and
returns both what the recipient's `message.text` would be and a version for a terminal: bold,
italic, underline and strike as ANSI styles when wanted, links as "text <url>", quotes with a
bar. Control characters are removed from every piece of text first: article titles and
texts come from the web, and an escape sequence in one must not reach the terminal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

MESSAGE_MAX_LENGTH = 4096

# Telegram's tags; <span> only as class="tg-spoiler".
_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre",
        "blockquote", "tg-spoiler", "tg-emoji", "span",
    }
)  # fmt: skip
_STYLE_OF = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strike",
    "strike": "strike",
    "del": "strike",
    "code": "code",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
}
# (on, off) ANSI SGR sequences; each "off" ends only its own style, so styles nest.
_ANSI = {
    "bold": ("\x1b[1m", "\x1b[22m"),
    "italic": ("\x1b[3m", "\x1b[23m"),
    "underline": ("\x1b[4m", "\x1b[24m"),
    "strike": ("\x1b[9m", "\x1b[29m"),
    "code": ("\x1b[36m", "\x1b[39m"),
    "spoiler": ("\x1b[7m", "\x1b[27m"),
}
# Whole escape sequences first (CSI like ESC[2J, OSC like ESC]0;title BEL, 8-bit CSI), so no
# half of one is left as text; then any other C0/C1 control (tab and newline kept) and the
# bidi overrides that reorder a line.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class HtmlError(ValueError):
    """The text is not HTML Telegram accepts; `str(error)` says why, like the Bot API."""


@dataclass(frozen=True)
class ReadText:
    """One message's text: `plain` as Telegram stores it, `shown` for the terminal."""

    plain: str
    shown: str


def safe_text(text: str) -> str:
    """The text without control characters or bidi overrides (nothing can steer a terminal)."""
    return _UNSAFE.sub("", _ESCAPES.sub("", text))


def read_html(source: str, *, ansi: bool) -> ReadText:
    """Parse Telegram HTML; raise HtmlError for tags Telegram would refuse."""
    parser = _TelegramHtml(ansi)
    parser.feed(source)
    parser.close()
    return parser.result()


def read_plain(text: str) -> ReadText:
    """A message sent without parse_mode: the text as it is, made safe."""
    clean = safe_text(text)
    return ReadText(clean.strip(), clean.strip())


class _TelegramHtml(HTMLParser):
    def __init__(self, ansi: bool) -> None:
        super().__init__(convert_charrefs=True)
        self._ansi = ansi
        self._plain: list[str] = []
        # Terminal output, one buffer per open block (blockquote, pre) to indent it at the end.
        self._blocks: list[list[str]] = [[]]
        self._open: list[tuple[str, str]] = []  # (tag, href) of every open tag
        self._depth = dict.fromkeys(_ANSI, 0)
        self._link_text: list[str] = []  # text inside the open <a>: is the URL worth repeating?
        self._block_ended = False

    # ----------------------------------------------------------------- parsing

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            raise HtmlError(f'Can\'t parse entities: unsupported start tag "{tag}"')
        values = dict(attrs)
        if tag == "span" and values.get("class") != "tg-spoiler":
            raise HtmlError('Can\'t parse entities: tag "span" must have class "tg-spoiler"')
        href = safe_text(values.get("href") or "").strip() if tag == "a" else ""
        self._block_ended = False
        self._open.append((tag, href))
        if tag in ("blockquote", "pre"):
            self._blocks.append([])
        style = _STYLE_OF.get(tag)
        if style is not None:
            self._style(style, +1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise HtmlError(f'Can\'t parse entities: unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self._open or self._open[-1][0] != tag:
            expected = self._open[-1][0] if self._open else "nothing"
            raise HtmlError(
                f'Can\'t parse entities: unmatched end tag "{tag}", expected "{expected}"'
            )
        _, href = self._open.pop()
        style = _STYLE_OF.get(tag)
        if style is not None:
            self._style(style, -1)
        if tag == "a":
            self._close_link(href)
        elif tag in ("blockquote", "pre"):
            self._close_block(tag)

    def handle_data(self, data: str) -> None:
        text = safe_text(data)
        self._plain.append(text)
        if self._block_ended and text.startswith("\n"):
            shown = text[1:]  # the block already ended its line
        else:
            shown = text
        self._block_ended = False
        self._blocks[-1].append(shown)
        if self._open and self._open[-1][0] == "a":
            self._link_text.append(text)

    def close(self) -> None:
        super().close()
        if self._open:
            raise HtmlError(f'Can\'t parse entities: unclosed start tag "{self._open[-1][0]}"')

    def result(self) -> ReadText:
        plain = "".join(self._plain).strip()
        if len(plain) > MESSAGE_MAX_LENGTH:
            raise HtmlError("message is too long")
        if not plain:
            raise HtmlError("message text is empty")
        return ReadText(plain, "".join(self._blocks[0]).strip())

    # ----------------------------------------------------------------- showing

    def _close_link(self, href: str) -> None:
        text = "".join(self._link_text).strip()
        self._link_text.clear()
        if href and href != text:
            self._blocks[-1].append(f" <{href}>")

    def _close_block(self, tag: str) -> None:
        inner = "".join(self._blocks.pop()).strip("\n")
        prefix = "│ " if tag == "blockquote" else "    "
        lines = "\n".join(prefix + line for line in inner.split("\n"))
        out = self._blocks[-1]
        if out and not "".join(out).endswith("\n"):
            out.append("\n")
        out.append(lines + "\n")
        self._block_ended = True

    def _style(self, style: str, step: int) -> None:
        before = self._depth[style]
        self._depth[style] = before + step
        if not self._ansi:
            return
        on, off = _ANSI[style]
        if before == 0 and step > 0:
            self._blocks[-1].append(on)
        elif before == 1 and step < 0:
            self._blocks[-1].append(off)
