"""Lines typed at the terminal (or piped in), read in a thread so the event loop never blocks."""

from __future__ import annotations

import asyncio
import queue
import threading
from typing import BinaryIO

LINE_MAX_BYTES = 16_384  # a Telegram message is at most 4096 characters; more is cut here


class ConsoleInput:
    """`await read(prompt)` returns the next line without its newline, or None at end of input.

    Interactive (a terminal): Python's `input`, so the line can be edited (and recalled, when
    the readline module exists). Otherwise bytes from `stream`, decoded as UTF-8 with
    replacement, each line bounded. The reading thread is a daemon: a read nobody waits for
    any more (the person pressed Ctrl-C) never holds the process open.
    """

    def __init__(self, stream: BinaryIO, *, interactive: bool) -> None:
        self._stream = stream
        self._interactive = interactive
        self._requests: queue.SimpleQueue[tuple[str, asyncio.Future, asyncio.AbstractEventLoop]]
        self._requests = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._ended = False
        self._terminal_modes = _terminal_modes(stream) if interactive else None
        if interactive:
            try:
                import readline  # noqa: F401 - importing it gives input() line editing
            except ImportError:
                pass

    @property
    def interactive(self) -> bool:
        return self._interactive

    async def read(self, prompt: str = "") -> str | None:
        if self._ended:
            return None
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="terminal-input", daemon=True)
            self._thread.start()
        self._requests.put((prompt, future, loop))
        return await future

    def restore_terminal(self) -> None:
        """Put the terminal back as it was: a read abandoned mid-line may leave echo off."""
        if self._terminal_modes is None:
            return
        try:
            import termios

            termios.tcsetattr(self._stream.fileno(), termios.TCSADRAIN, self._terminal_modes)
        except (ImportError, OSError, ValueError):
            pass

    def _serve(self) -> None:
        while True:
            prompt, future, loop = self._requests.get()
            try:
                line = self._read_line(prompt)
            except (EOFError, OSError, ValueError):
                line = None
            loop.call_soon_threadsafe(_deliver, future, line)
            if line is None:
                self._ended = True
                return

    def _read_line(self, prompt: str) -> str | None:
        if self._interactive:
            return input(prompt)
        raw = self._stream.readline(LINE_MAX_BYTES)
        if not raw:
            return None
        if not raw.endswith(b"\n"):
            while (rest := self._stream.readline(LINE_MAX_BYTES)) and not rest.endswith(b"\n"):
                pass  # the rest of an over-long line is dropped
        return raw.decode("utf-8", "replace").rstrip("\r\n")


def _terminal_modes(stream: BinaryIO) -> list | None:
    try:
        import termios

        return termios.tcgetattr(stream.fileno())
    except (ImportError, OSError, ValueError):  # not a terminal, or not a POSIX one
        return None


def _deliver(future: asyncio.Future, line: str | None) -> None:
    if not future.done():
        future.set_result(line)
