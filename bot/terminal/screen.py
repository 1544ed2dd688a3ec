"""What the person at the terminal sees: the bot's messages as text, buttons numbered to press.

Buttons are numbered per message: [3.2] is message 3's second button, so a script that presses
#3.2 presses the same button in every run, however the bot's other messages were timed; a
button on an older message can still be pressed, as in Telegram. A bare number ([2], #2) is the
latest message's (the last one shown with buttons). Files the bot sends are saved in
`files_dir`, by default a new private temporary folder (a fixed name in a shared /tmp could be
a link someone else planted).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.botapi import Button, CallbackAnswered, MessageDeleted, MessageShown, SentMessage
from bot.i18n import ngettext
from bot.terminal.local_api import Event, Undelivered
from bot.terminal.rich_text import render, safe_text

_DIM = ("\x1b[2m", "\x1b[22m")
_SAFE_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Pressable:
    """A numbered button: a callback on a message, or a link."""

    message_id: int
    button: Button


class Screen:
    """Writes the bot's side of the conversation to `out`; remembers numbered buttons."""

    def __init__(self, out: TextIO, *, ansi: bool, files_dir: Path | None = None) -> None:
        self._out = out
        self._ansi = ansi
        self._files_dir = files_dir
        self._buttons: dict[int, list[Pressable]] = {}  # message id -> its buttons in order
        self._latest: int | None = None  # the last message shown with buttons
        self._prompt = ""  # shown while a line is being read, redrawn after bot output

    def show(self, event: Event) -> None:
        """Print one thing the bot did."""
        if isinstance(event, MessageShown):
            self._write(self._message(event.message, edited=event.edited))
        elif isinstance(event, CallbackAnswered):
            if event.text:  # an answer without text only stops the button's spinner
                mark = "⚠" if event.alert else "ⓘ"
                self._write(f"  {mark} {safe_text(event.text)}\n")
        elif isinstance(event, MessageDeleted):
            self._write(self._dim(f"  (the bot deleted message {event.message_id})") + "\n")
        elif isinstance(event, Undelivered):
            note = f"  (not shown: {event.method} to chat {event.chat_id}, not this terminal's)"
            self._write(self._dim(note) + "\n")

    def button(self, number: int, message_id: int | None = None) -> Pressable | None:
        """Button `number` (from 1) of the message, or of the latest one with buttons."""
        message_id = self._latest if message_id is None else message_id
        buttons = self._buttons.get(message_id) if message_id is not None else None
        if not buttons or not 1 <= number <= len(buttons):
            return None
        return buttons[number - 1]

    def say(self, text: str) -> None:
        """A line from the terminal itself (hints, errors), not from the bot."""
        self._write(self._dim(text) + "\n")

    def echo(self, line: str) -> None:
        """Repeat what was read from a non-terminal input, so a transcript reads as a dialogue."""
        self._write(f"› {safe_text(line)}\n")

    def reading(self, prompt: str) -> None:
        """A line is being read with this prompt on screen ("" when reading stopped)."""
        self._prompt = prompt

    # ---------------------------------------------------------------- internals

    def _message(self, message: SentMessage, *, edited: bool) -> str:
        width = min(shutil.get_terminal_size((80, 24)).columns, 100)
        title = f"newsbrief · message {message.message_id}"
        if edited:
            title += " (edited)"
        if message.reply_to_message_id is not None:
            title += f" · reply to {message.reply_to_message_id}"
        lines = [self._dim(f"── {title} " + "─" * max(3, width - len(title) - 4))]
        if message.document is not None:
            lines.append(self._saved(message))
        body = self._body(message)
        if body:
            lines.append(body)
        pressables: list[Pressable] = []
        for row in message.button_rows():
            lines.extend(self._row(message.message_id, row, width, pressables))
        self._buttons[message.message_id] = pressables
        if pressables:
            self._latest = message.message_id
        return "\n".join(lines) + "\n\n"

    def _body(self, message: SentMessage) -> str:
        """What Telegram shows: the text as the Bot API parsed it, styled by its entities."""
        return render(message.text, message.entities, ansi=self._ansi)

    def _row(
        self, message_id: int, row: list[Button], width: int, pressables: list[Pressable]
    ) -> list[str]:
        labels = []
        for button in row:
            pressables.append(Pressable(message_id, button))
            label = f"[{message_id}.{len(pressables)}] {safe_text(button.text)}"
            if button.url:
                label += f" <{safe_text(button.url)}>"
            labels.append(label)
        joined = "   ".join(labels)
        if len(joined) + 2 <= width:
            return ["  " + joined]
        return ["  " + label for label in labels]

    def _saved(self, message: SentMessage) -> str:
        document = message.document
        assert document is not None
        file_name = document.filename or "file"
        name = _SAFE_FILE_NAME.sub("_", Path(file_name).name).strip("._") or "file"
        if self._files_dir is None:
            self._files_dir = Path(tempfile.mkdtemp(prefix="newsbrief-chat-"))
        path = self._files_dir / f"{message.message_id}-{name[:100]}"
        path.write_bytes(document.content)
        size = len(document.content)
        saved = ngettext("{n} byte", "{n:,} bytes", size).format(n=size)
        return f"📎 {safe_text(file_name)} ({saved}) saved to {path}"

    def _dim(self, text: str) -> str:
        return f"{_DIM[0]}{text}{_DIM[1]}" if self._ansi else text

    def _write(self, text: str) -> None:
        if self._prompt and self._ansi:
            # Clear the prompt line, print, then show the prompt (and what was typed) again.
            self._out.write("\r\x1b[K" + text + self._prompt + _typed_so_far())
        else:
            self._out.write(text)
        self._out.flush()


def _typed_so_far() -> str:
    try:
        import readline
    except ImportError:  # not on every platform; the prompt alone is still right
        return ""
    return readline.get_line_buffer()
