"""A message as Telegram stores it (text plus entities) shown as terminal text.

The Bot API emulator (bot.botapi) has already parsed the bot's HTML exactly as Telegram does,
so what is shown here is what a Telegram user would read: bold, italic, underline, strike,
code and spoilers as ANSI styles when wanted, links as "text <url>", quotes with a bar, code
blocks indented. Control characters are removed from every piece of text: article titles and
texts come from the web, and nothing in one may steer the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

_STYLE_OF = {
    "bold": "bold",
    "italic": "italic",
    "underline": "underline",
    "strikethrough": "strike",
    "code": "code",
    "spoiler": "spoiler",
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
_BLOCK_PREFIX = {"blockquote": "│ ", "expandable_blockquote": "│ ", "pre": "    "}
# Whole escape sequences first (CSI like ESC[2J, OSC like ESC]0;title BEL, 8-bit CSI), so no
# half of one is left as text; then any other C0/C1 control (tab and newline kept) and the
# bidi overrides that reorder a line.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
)
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """The text without control characters or bidi overrides (nothing can steer a terminal)."""
    return _UNSAFE.sub("", _ESCAPES.sub("", text))


def render(text: str, entities: Sequence[dict[str, Any]], *, ansi: bool) -> str:
    """The text with its entities (UTF-16 offsets, as the Bot API gives them) for a terminal."""
    index = _utf16_to_index(text)
    nodes: list[_Node] = []
    for entity in entities:
        start = index.get(int(entity["offset"]))
        end = index.get(int(entity["offset"]) + int(entity["length"]))
        if start is not None and end is not None and end > start:
            nodes.append(_Node(start, end, entity))
    root = _Node(0, len(text), {"type": "root"})
    stack = [root]
    for node in sorted(nodes, key=lambda n: (n.start, -n.end)):
        while stack[-1] is not root and node.start >= stack[-1].end:
            stack.pop()
        if node.end > stack[-1].end:  # overlapping rather than nested: show its text plainly
            continue
        stack[-1].children.append(node)
        stack.append(node)
    return _Renderer(text, ansi).inside(root).strip()


@dataclass
class _Node:
    start: int
    end: int
    entity: dict[str, Any]
    children: list[_Node] = field(default_factory=list)


class _Renderer:
    def __init__(self, text: str, ansi: bool) -> None:
        self._text = text
        self._ansi = ansi
        self._depth = dict.fromkeys(_ANSI, 0)

    def inside(self, node: _Node) -> str:
        """The node's text with its children rendered in their places."""
        out: list[str] = []
        at = node.start
        after_block = False
        for child in node.children:
            out.append(self._piece(at, child.start, after_block))
            kind = child.entity["type"]
            if kind in _BLOCK_PREFIX:
                joined = "".join(out)
                if joined and not joined.endswith("\n"):
                    out.append("\n")
                out.append(self._block(child, _BLOCK_PREFIX[kind]))
                after_block = True
            else:
                out.append(self._inline(child))
                after_block = False
            at = child.end
        out.append(self._piece(at, node.end, after_block))
        return "".join(out)

    def _piece(self, start: int, end: int, after_block: bool) -> str:
        text = safe_text(self._text[start:end])
        return text[1:] if after_block and text.startswith("\n") else text  # the block ended it

    def _block(self, node: _Node, prefix: str) -> str:
        inner = self.inside(node).strip("\n")
        return "\n".join(prefix + line for line in inner.split("\n")) + "\n"

    def _inline(self, node: _Node) -> str:
        kind = node.entity["type"]
        style = _STYLE_OF.get(kind)
        if style is None:
            inner = self.inside(node)
            url = safe_text(str(node.entity.get("url") or "")).strip()
            if kind == "text_link" and url and url != inner.strip():
                return f"{inner} <{url}>"
            return inner
        return self._style(style, +1) + self.inside(node) + self._style(style, -1)

    def _style(self, style: str, step: int) -> str:
        before = self._depth[style]
        self._depth[style] = before + step
        if not self._ansi:
            return ""
        on, off = _ANSI[style]
        if before == 0 and step > 0:
            return on
        if before == 1 and step < 0:
            return off
        return ""


def _utf16_to_index(text: str) -> dict[int, int]:
    """Each UTF-16 offset that starts a character (and the end) -> its index in `text`."""
    index: dict[int, int] = {}
    units = 0
    for position, char in enumerate(text):
        index[units] = position
        units += 2 if ord(char) > 0xFFFF else 1
    index[units] = len(text)
    return index
