"""Benchmark: time to /healthz while slow clients flood the web port, new code vs old.

Each contender is the real bot process (`python -m bot.cli run`) with 1,024 descriptors (soft
and hard, so it cannot raise them), on SQLite, against the fake Telegram in this process.
`--clients` loopback connections (default 1,100) each send a request head one byte every
`--gap` seconds and reconnect when closed. While the flood runs, /healthz is asked once a
second (5 s timeout), and a digest falls due. Reported per contender: /healthz answers and
their times, whether the digest arrived (and when), and the bytes of log written.

The baseline is the old code (`--old-tree`, default /tmp/old-webport: make it with
`git worktree add /tmp/old-webport ff9fa41`) run the same way in the same run.
Flood and probes stay on 127.0.0.1 and stop after `--seconds`.

    nice .venv/bin/python bench/webflood.py [--clients 1100] [--seconds 30] [--old-tree DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import httpx  # noqa: E402

from bot.ops.descriptors import raise_descriptor_limit  # noqa: E402
from storage import Database  # noqa: E402
from tests.fakes import FakeTelegram  # noqa: E402
from tests.fixtures.digest_chats import seed_digest_chats  # noqa: E402
from tests.fixtures.processes import BotProcess, bot_env  # noqa: E402
from tests.fixtures.web_flood import SlowClients  # noqa: E402

DESCRIPTORS = 1024
PROBE_TIMEOUT = 5.0


async def run_one(name: str, tree: Path, clients: int, seconds: float, gap: float) -> dict:
    """One contender: start it, flood it, probe it, stop it."""
    chat = 9100 + len(name)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{Path(scratch) / 'bot.db'}"
        async with FakeTelegram() as tg:
            env = bot_env(tg, url, PYTHONPATH=str(tree), NEWSBRIEF_LOG_LEVEL="INFO")
            bot = BotProcess(env, "all", Path(scratch) / "bot.log", descriptor_limit=DESCRIPTORS)
            bot.start()
            flood = SlowClients(bot.port, clients, gap=gap)
            probes: list[float | None] = []
            digest_after: float | None = None
            try:
                await bot.wait_healthy(within=120)
                db = Database(url)  # the bot made the schema
                started = time.monotonic()
                await flood.start(within=min(30.0, seconds))
                now = datetime.now(UTC)
                seed_digest_chats(db, [chat], due_at=now + timedelta(seconds=2), now=now)
                due = time.monotonic() + 2
                while time.monotonic() - started < seconds:
                    probes.append(await asyncio.to_thread(_probe, bot.port))
                    if digest_after is None and tg.messages_to(chat):
                        digest_after = time.monotonic() - due
                    await asyncio.sleep(1.0)
                if digest_after is None and tg.messages_to(chat):
                    digest_after = time.monotonic() - due
                connected = flood.connections
                db.close()
            finally:
                await flood.stop()
                bot.stop()
            log_bytes = bot.log.stat().st_size
    answered = [p for p in probes if p is not None]
    return {
        "name": name,
        "probes": len(probes),
        "answered": len(answered),
        "median_s": statistics.median(answered) if answered else None,
        "max_s": max(answered) if answered else None,
        "digest_after_s": digest_after,
        "log_bytes": log_bytes,
        "connections_opened": connected,
    }


def _probe(port: int) -> float | None:
    """Asked from a thread, so the time is the bot's and not this busy event loop's."""
    started = time.monotonic()
    try:
        with httpx.Client() as client:
            answer = client.get(f"http://127.0.0.1:{port}/healthz", timeout=PROBE_TIMEOUT)
    except httpx.HTTPError:
        return None
    return time.monotonic() - started if answer.status_code == 200 else None


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}{unit}"
    return f"{value:,}{unit}"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1100)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--gap", type=float, default=3.0)
    parser.add_argument("--old-tree", type=Path, default=Path("/tmp/old-webport"))
    parser.add_argument("--data", help="unused: no data set (accepted for uniformity)")
    args = parser.parse_args()
    if not (args.old_tree / "bot" / "cli.py").exists():
        sys.exit(f"no old tree at {args.old_tree}: git worktree add {args.old_tree} ff9fa41")
    if raise_descriptor_limit() < args.clients + 500:  # the flood's sockets are ours
        sys.exit(f"this process may open too few files for {args.clients} clients (ulimit -n)")
    results = []
    for name, tree in (("new", REPO_ROOT), ("old ff9fa41", args.old_tree)):
        print(f"{name}: {args.clients} slow clients for {args.seconds:.0f} s…", file=sys.stderr)
        results.append(await run_one(name, tree, args.clients, args.seconds, args.gap))
    print(
        f"\n{'code':<12} {'/healthz answered':>18} {'median':>8} {'max':>8} "
        f"{'digest after':>13} {'log bytes':>11} {'conns opened':>13}"
    )
    for r in results:
        print(
            f"{r['name']:<12} {r['answered']:>8} of {r['probes']:<7} {_fmt(r['median_s'], 's'):>8} "
            f"{_fmt(r['max_s'], 's'):>8} {_fmt(r['digest_after_s'], 's'):>13} "
            f"{_fmt(r['log_bytes']):>11} {_fmt(r['connections_opened']):>13}"
        )
    new, old = results
    headline = {
        "clients": args.clients,
        "descriptors": DESCRIPTORS,
        "seconds": args.seconds,
        "new_healthz_answered": f"{new['answered']}/{new['probes']}",
        "new_healthz_median_s": new["median_s"],
        "new_healthz_max_s": new["max_s"],
        "new_digest_after_s": new["digest_after_s"],
        "new_log_bytes": new["log_bytes"],
        "old_healthz_answered": f"{old['answered']}/{old['probes']}",
        "old_healthz_median_s": old["median_s"],
        "old_digest_after_s": old["digest_after_s"],
        "old_log_bytes": old["log_bytes"],
    }
    print(json.dumps(headline))


if __name__ == "__main__":
    asyncio.run(main())
