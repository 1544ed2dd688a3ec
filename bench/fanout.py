"""Benchmark: a digest fan-out to 10,000 chats against a Bot API enforcing 30 messages/s.

The bot runs as a real worker process (`python -m bot.cli run --role worker`) on a fresh
database where every chat's digest is due; the fake Telegram in this process refuses with 429
whenever more than `--limit` messages arrive within one second. Reported: the achieved rate
(first to last message), 429s, lost and duplicated digests, and the worker's peak memory.

Baseline, measured in the same run: PTB's own AIORateLimiter (overall 30/s, the documented way
to stay under the limit) sending `--baseline` messages concurrently to the same kind of fake.
There is no data set: chats and articles are generated; `--data` is accepted for uniformity.

    .venv/bin/python bench/fanout.py [--chats 10000] [--limit 30] [--database URL]
"""

import argparse
import asyncio
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from telegram import Bot  # noqa: E402
from telegram.error import RetryAfter  # noqa: E402
from telegram.ext import AIORateLimiter, ExtBot  # noqa: E402

from storage import Database  # noqa: E402
from tests.fakes import FakeTelegram  # noqa: E402
from tests.fixtures.digest_chats import seed_digest_chats  # noqa: E402
from tests.fixtures.harness import free_port  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "fanout-dev"


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each message was accepted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted_at: list[float] = []

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_message(params)
        self.accepted_at.append(time.monotonic())
        return result


def peak_rss_mb(pid: int) -> float:
    """VmHWM: the most resident memory the process ever had."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_worker(env: dict[str, str], scratch: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--role", "worker"],
        cwd=scratch,
        env=env,
        stdout=(scratch / "worker.log").open("wb"),
        stderr=subprocess.STDOUT,
    )


async def run_bot(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    database = args.database or f"sqlite:///{scratch / 'fanout.db'}"
    db = Database(database)
    db.migrate()
    chats = list(range(100_001, 100_001 + args.chats))
    async with TimedTelegram(flood_limit=args.limit) as tg:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBRIEF_", "TELEGRAM_"))}
        env.update(
            {
                "PYTHONPATH": str(REPO_ROOT),
                "TELEGRAM_BOT_TOKEN": tg.token,
                "TELEGRAM_API_URL": tg.base_url,
                "DATABASE_URL": database,
                "NEWSBRIEF_DEFAULT_FEEDS": "false",
                "NEWSBRIEF_GOOGLE_NEWS": "false",
                "NEWSBRIEF_BING_NEWS": "false",
                "NEWSBRIEF_GDELT": "false",
                "NEWSBRIEF_TICK_SECONDS": "1",
                "NEWSBRIEF_EXTRACT_WORKERS": "0",
                "NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{free_port()}",
                "NEWSBRIEF_LOG_LEVEL": "WARNING",
            }
        )
        if args.rate:
            env["NEWSBRIEF_SEND_RATE"] = str(args.rate)
        now = datetime.now(UTC)
        # In a thread: the fake Telegram shares this event loop and must keep answering.
        await asyncio.to_thread(
            seed_digest_chats, db, chats, due_at=now - timedelta(minutes=1), now=now
        )
        proc = start_worker(env, scratch)
        # The fake stamps each message when its handler runs: a 100 ms collection of this
        # process's own garbage would stamp the requests that waited as one bunch and refuse
        # them with 429s Telegram never sent (seen: 3 in 10,000, each right after one).
        gc.collect()
        gc.freeze()
        gc.disable()
        started = time.monotonic()
        deadline = started + args.chats / max(args.limit * 0.5, 1) + 120
        while len({m.chat_id for m in tg.messages}) < len(chats) and time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(2.0)  # anything sent twice would arrive now
        gc.enable()
        peak = peak_rss_mb(proc.pid) if proc.poll() is None else float("nan")
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 30)
        if proc.returncode not in (0, -signal.SIGTERM) or not tg.messages:
            print((scratch / "worker.log").read_text(errors="replace")[-3000:], file=sys.stderr)
        per_chat = Counter(m.chat_id for m in tg.messages)
        times = tg.accepted_at
        span = times[-1] - times[0] if len(times) > 1 else float("nan")
        return {
            "chats": len(chats),
            "sent": len(tg.messages),
            "rate": (len(times) - 1) / span if span == span and span > 0 else 0.0,
            "first_after_s": times[0] - started if times else float("nan"),
            "total_s": times[-1] - started if times else float("nan"),
            "http_429": sum(1 for e in tg.errors if e[1] == 429),
            "other_errors": sum(1 for e in tg.errors if e[1] != 429),
            "lost": sum(1 for c in chats if per_chat[c] == 0),
            "duplicates": sum(1 for c in chats if per_chat[c] > 1),
            "peak_rss_mb": peak,
            "exit_status": proc.returncode,
        }


async def run_baseline(limit: int, count: int) -> dict[str, Any]:
    """PTB's AIORateLimiter at its defaults (30/s overall), all messages at once."""
    async with TimedTelegram(flood_limit=limit) as tg:
        bot: Bot = ExtBot(tg.token, base_url=tg.base_url, rate_limiter=AIORateLimiter())
        refused = 0

        async def one(n: int) -> None:
            nonlocal refused
            try:
                await bot.send_message(200_001 + n, f"Digest <b>{n}</b>", parse_mode="HTML")
            except RetryAfter:
                refused += 1

        async with bot:
            started = time.monotonic()
            await asyncio.gather(*(one(n) for n in range(count)))
            elapsed = time.monotonic() - started
        return {"sent": len(tg.messages), "rate": len(tg.messages) / elapsed, "http_429": refused}


async def main() -> None:
    logging.getLogger("telegram").setLevel(logging.CRITICAL)  # the baseline's 429 tracebacks
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="unused: generated")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--limit", type=int, default=30, help="the fake's messages per second")
    parser.add_argument("--rate", type=float, default=0, help="NEWSBRIEF_SEND_RATE (default: ours)")
    parser.add_argument("--baseline", type=int, default=600, help="messages for the baseline")
    parser.add_argument("--database", help="DATABASE_URL (default: a scratch SQLite file)")
    args = parser.parse_args()

    baseline = await run_baseline(args.limit, args.baseline)
    print(
        f"baseline, PTB AIORateLimiter(30/s): {baseline['sent']} of {args.baseline} sent at "
        f"{baseline['rate']:.1f}/s, {baseline['http_429']} refused with 429"
    )
    with tempfile.TemporaryDirectory() as scratch:
        ours = await run_bot(args, Path(scratch))
    print(
        f"newsbrief outbox: {ours['sent']} of {ours['chats']} digests at {ours['rate']:.2f}/s "
        f"({ours['rate'] / args.limit:.1%} of the {args.limit}/s limit), "
        f"{ours['http_429']} × 429, {ours['lost']} lost, {ours['duplicates']} duplicated"
    )
    print(
        f"first message {ours['first_after_s']:.1f} s after the worker started, last after "
        f"{ours['total_s']:.1f} s; worker peak RSS {ours['peak_rss_mb']:.0f} MB; "
        f"exit status {ours['exit_status']}"
    )
    print(
        json.dumps(
            {
                "chats": ours["chats"],
                "rate_per_s": round(ours["rate"], 2),
                "limit_per_s": args.limit,
                "ratio_to_limit": round(ours["rate"] / args.limit, 3),
                "http_429": ours["http_429"],
                "lost": ours["lost"],
                "duplicates": ours["duplicates"],
                "peak_rss_mb": round(ours["peak_rss_mb"], 1),
                "seconds": round(ours["total_s"], 1),
                "baseline_rate_per_s": round(baseline["rate"], 2),
                "baseline_http_429": baseline["http_429"],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
