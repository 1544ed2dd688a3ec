"""`newsbrief chat` as a person uses it: a real process, lines typed on stdin, text read back.

The bot polls the local news site; nothing talks to Telegram (no token is given at all).
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import httpx

from tests.fixtures.harness import free_port, seed_site

HEADLINE = "Pakistan and Afghan Interim Government Continue Dialogue in Istanbul"
COOKIE_BOILERPLATE = ("uses cookies", "Cookie Settings", "Accept All", "consent")


class Terminal:
    """A `newsbrief chat` process: `type` a line, `expect` text to appear on its stdout."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""
        self._cursor = 0
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := await self.process.stdout.read(4096):
            self.output += chunk.decode("utf-8", "replace")
            self._changed.set()
        self._changed.set()

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def expect(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:  # noqa: ASYNC109
        """The first match of `pattern` in output not yet consumed by an earlier expect."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = re.compile(pattern).search(self.output, self._cursor)
            if found:
                self._cursor = found.end()
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0 or self._reader.done():
                raise AssertionError(
                    f"{pattern!r} not printed; after the last match:\n{self.output[self._cursor :]}"
                )
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def exit_code(self, timeout: float = 20.0) -> int:  # noqa: ASYNC109
        code = await asyncio.wait_for(self.process.wait(), timeout)
        await self._reader
        return code


async def start_chat(
    tmp_path: Path, feeds: list[str], env: dict[str, str] | None = None, *args: str
) -> Terminal:
    """A chat that has started (said hello); retried when its reader port was taken meanwhile."""
    for _ in range(3):
        term = await _launch(tmp_path, feeds, env or {}, *args)
        started = await term.expect(r"nothing goes to Telegram|can't serve reader pages", 30)
        if started.group() != "can't serve reader pages":
            return term
        assert await term.exit_code() == 1
    raise AssertionError("no free port for the reader pages")


async def _launch(tmp_path: Path, feeds: list[str], extra: dict[str, str], *args: str) -> Terminal:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NEWSBRIEF_", "TELEGRAM_", "DATABASE_URL"))
    }
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}",
            "NEWSBRIEF_FEEDS": ",".join(feeds),
            "NEWSBRIEF_DEFAULT_FEEDS": "false",
            "NEWSBRIEF_ALLOW_PRIVATE_URLS": "true",
            "NEWSBRIEF_EXTRACT_WORKERS": "0",
            "NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{free_port()}",
            "NEWSBRIEF_TICK_SECONDS": "0.2",
            "NEWSBRIEF_POLL_SECONDS": "1",
            "NEWSBRIEF_MIN_FEED_INTERVAL": "0",
            "NEWSBRIEF_FETCH_DEADLINE": "5",
            "NEWSBRIEF_WAYBACK_API_URL": "",
            "NEWSBRIEF_GOOGLE_NEWS": "false",
            "NEWSBRIEF_BING_NEWS": "false",
            "NEWSBRIEF_GDELT": "false",
            "PYTHONIOENCODING": "utf-8",
            **extra,
        }
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "chat",
        "--name",
        "Ada",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
        cwd=tmp_path,  # no .env of the checkout is read
    )
    return Terminal(process)


async def test_a_chat_in_urdu_with_lang(site, tmp_path):
    term = await start_chat(tmp_path, [], None, "--lang", "ur")
    try:
        await term.type("/start")
        await term.expect(r"السلام علیکم، Ada! میں newsbrief ہوں")
        await term.type("/settings")
        await term.expect(r"آپ کی ترتیبات")
        await term.type("/quit")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()


async def test_a_conversation_in_the_terminal(site, tmp_path):
    feed = site.add_feed("/feed/", [], title="Tassawar News")  # the article comes later
    term = await start_chat(tmp_path, [feed])
    try:
        await term.type("/start")
        await term.expect(r"Hello, Ada! I'm newsbrief")
        await term.expect(r"\[\d+\.1\] ➕ Pakistan Afghanistan talks")

        await term.type("/subscribe Istanbul")
        await term.expect(r"✅ You now follow Istanbul")
        seed_site(site)  # the article appears in the feed; the bot polls it every second

        # The digest goes out through the outbox, whose own Bot reaches this terminal too.
        for _ in range(20):
            await term.type("/digest")
            answer = await term.expect(r"Your news digest[^\n]*\n+[^\n]*Istanbul|Nothing new")
            if answer.group().startswith("Your news digest"):
                break
            await asyncio.sleep(0.5)
        else:
            raise AssertionError("the poll never brought the Istanbul article")
        await term.expect(re.escape(HEADLINE))

        await term.type("/latest Istanbul talks")
        await term.expect(re.escape(HEADLINE))
        clean = await term.expect(r"Clean page <(http://127\.0\.0\.1:\d+/[^>\s]+)>")
        read = await term.expect(r"\[(\d+\.\d+)\] 📖 Read (?:here|1)")

        await term.type(f"#{read.group(1)}")
        await term.expect(r"(?i)third round")
        page = term.output[read.end() :]
        assert not any(phrase.lower() in page.lower() for phrase in COOKIE_BOILERPLATE), page

        # The Clean page link is served by this chat's reader server.
        async with httpx.AsyncClient() as client:
            response = await client.get(clean.group(1))
        assert response.status_code == 200 and "Istanbul" in response.text
        assert "set-cookie" not in response.headers

        await term.type("#9999")
        await term.expect(r"There is no button \[9999\]")

        await term.type("/quit")
        await term.expect(r"\(bye\)")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()


async def test_end_of_input_leaves_cleanly(site, tmp_path):
    term = await start_chat(tmp_path, [seed_site(site)])
    try:
        await term.type("/help")
        await term.expect(r"/subscribe — Follow a topic")
        assert term.process.stdin is not None
        term.process.stdin.close()  # Ctrl-D
        await term.expect(r"end of input")
        assert await term.exit_code() == 0
        assert "\x1b[" not in term.output  # not a terminal: no colour codes
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()


async def test_clean_page_links_still_open_in_the_next_chat(site, tmp_path):
    """No reader key configured: a Clean page link from yesterday's chat opens in today's
    (the same database keeps the key)."""
    feed = seed_site(site)
    term = await start_chat(tmp_path, [feed])
    try:
        for _ in range(40):  # until the first poll has brought the article
            await term.type("/latest Istanbul talks")
            answer = await term.expect(
                r"Clean page <(http://127\.0\.0\.1:\d+/r/[^>\s]+)>|[Nn]othing"
            )
            if answer.group(1):
                break
            await asyncio.sleep(0.5)
        else:
            raise AssertionError("the poll never brought the Istanbul article")
        path = httpx.URL(answer.group(1)).path
        await term.type("/quit")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()

    term = await start_chat(tmp_path, [feed])  # the same chat.db
    try:
        base = (await term.expect(r"Reader pages: (http://127\.0\.0\.1:\d+)")).group(1)
        async with httpx.AsyncClient() as client:
            page = await client.get(base + path)
        assert page.status_code == 200 and "Istanbul" in page.text
        await term.type("/quit")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()


async def test_a_piped_script_presses_the_same_buttons_in_every_run(site, tmp_path):
    """Buttons are numbered per message (#2.1: message 2's first), a bare #2 is the latest
    message's; the script waits for the first poll, and /wait polls again."""
    feed = site.add_feed("/feed/", [], title="Tassawar News")  # the article comes later
    # The operator's setting goes through the resolver the chat uses: a city is enough.
    term = await start_chat(tmp_path, [feed], {"NEWSBRIEF_TIMEZONE": "Karachi"})
    try:
        await term.expect(r"\(news polled: 1 source read\)")
        await term.type("/start")
        await term.expect(r"message 2\b")  # the message /start was is number 1
        await term.expect(r"\[2\.1\] ➕ Pakistan Afghanistan talks")
        await term.type("/help")
        await term.expect(r"/subscribe — Follow a topic")
        await term.type("#2.1")  # the first suggestion under /start, whatever came since
        await term.expect(r"✅ You now follow Pakistan Afghanistan talks")

        seed_site(site)
        await term.type("/wait")
        await term.expect(r"\(news polled: 1 source read\)")
        await term.type("/latest Istanbul talks")
        await term.expect(re.escape(HEADLINE))
        await term.expect(r"\[\d+\.2\] ⋯ 1")
        await term.type("#2")  # the latest message's second button: ⋯ of its first article
        await term.expect(r"What would you like to do with this article\?")
        await term.type("#2.99")
        await term.expect(r"There is no button \[2\.99\]")

        await term.type("/settings")
        await term.expect(r"Time zone: Asia/Karachi")
        await term.type("/quit")
        assert await term.exit_code() == 0
    finally:
        if term.process.returncode is None:
            term.process.kill()
            await term.process.wait()
