"""Benchmark: a wave of digests sent by 1, 2 or 4 processes against a Bot API that refuses any
message over 30 in a sliding second.

Real processes share one PostgreSQL database (a scratch schema per run): `newsbrief run --role
all` and, for N > 1, N - 1 `--role worker`. Once all are up, every chat's digest falls due at
once — the start of a wave. The fake Telegram in this process logs when each send arrives and
answers 429 to any send beyond `--limit` within the last second (a strict sliding window, no
burst allowance). Reported per run: the achieved rate (first to last message), the busiest
sliding second at the fake, 429s, lost and duplicated digests, and the send slots the processes
skipped because they could not use them on time (their /metrics).

Baseline in the same run: the code at `--baseline-commit` (ff9fa41: pacing per process),
exported with `git archive` to a scratch directory and run the same way, with its default
NEWSBRIEF_SEND_RATE (28) unless `--baseline-rate` says otherwise. There is no data set: chats
and articles are generated; `--data` is accepted for uniformity. Run it `nice`: the fake's
stamps are only as steady as this machine.

    nice .venv/bin/python bench/fanout.py [--processes 1 2 4] [--chats 1500] [--limit 30]
        [--rate 30] [--baseline-commit ff9fa41] [--baseline-processes 1] [--database URL]
"""

import argparse
import asyncio
import gc
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.fakes import FakeTelegram, busiest_window  # noqa: E402
from tests.fixtures.harness import free_port  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "fanout-dev"
DEFAULT_DATABASE = os.environ.get(
    "NEWSBRIEF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
FIRST_CHAT = 100_001
# Run inside the tree under test, so the baseline seeds with its own models.
SEED = """
import sys
from datetime import UTC, datetime, timedelta
from storage import Database
from tests.fixtures.digest_chats import seed_digest_chats
db = Database(sys.argv[1])
db.migrate()
now = datetime.now(UTC)
chats = list(range(int(sys.argv[2]), int(sys.argv[2]) + int(sys.argv[3])))
if chats:  # none: only the schema, before processes start (they would race to create it)
    seed_digest_chats(db, chats, due_at=now - timedelta(minutes=1), now=now)
"""


def export_tree(commit: str, into: Path) -> Path:
    """The repository at `commit`, as files (no worktree left behind)."""
    into.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def scratch_schema(database: str) -> tuple[str, str]:
    schema = f"bench_fanout_{uuid.uuid4().hex[:8]}"
    admin = create_engine(database)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    sep = "&" if "?" in database else "?"
    return schema, f"{database}{sep}options=-csearch_path%3D{schema}"


def drop_schema(database: str, schema: str) -> None:
    admin = create_engine(database)
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    admin.dispose()


class TimedTelegram(FakeTelegram):
    """The fake Bot API, noting when each message was accepted (arrivals it logs itself)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.accepted_at: list[float] = []

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_message(params)
        self.accepted_at.append(time.monotonic())
        return result


async def wait_healthy(port: int, proc: subprocess.Popen[bytes], within: float) -> None:
    deadline = time.monotonic() + within
    async with httpx.AsyncClient() as client:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"process exited with {proc.returncode}")
            try:
                answer = await client.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                if answer.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("process not healthy in time")
            await asyncio.sleep(0.2)


def seed(tree: Path, env: dict[str, str], url: str, chats: int) -> None:
    """The schema, and `chats` chats with a digest due, written by the code in `tree`."""
    command = [sys.executable, "-c", SEED, url, str(FIRST_CHAT), str(chats)]
    subprocess.run(command, cwd=tree, env=env, check=True)


def start_process(
    tree: Path, role: str, env: dict[str, str], log: Path
) -> tuple[subprocess.Popen[bytes], int]:
    """`newsbrief run --role ROLE` of the code in `tree`; returns it and its web port."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--role", role],
        cwd=tree,
        env={**env, "NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{port}"},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return proc, port


async def slots_missed(port: int) -> int | None:
    """The process's skipped send slots (None: its code does not count them)."""
    async with httpx.AsyncClient() as client:
        try:
            page = (await client.get(f"http://127.0.0.1:{port}/metrics", timeout=5)).text
        except httpx.HTTPError:
            return None
    found = re.search(r"^newsbrief_send_slots_missed_total (\S+)$", page, re.MULTILINE)
    return int(float(found.group(1))) if found else None


async def run_wave(
    code: str,
    tree: Path,
    processes: int,
    rate: float | None,
    args: argparse.Namespace,
    logs: Path,
) -> dict[str, Any]:
    """One wave: `processes` processes of the code in `tree`, a fresh schema, a fresh fake."""
    schema, url = scratch_schema(args.database)
    chats = list(range(FIRST_CHAT, FIRST_CHAT + args.chats))
    procs: list[tuple[subprocess.Popen[bytes], int]] = []
    load_before = os.getloadavg()[0]
    try:
        async with TimedTelegram(flood_limit=args.limit) as tg:
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("NEWSBRIEF_", "TELEGRAM_", "DATABASE_URL"))
            }
            env.update(
                {
                    "PYTHONPATH": str(tree),
                    "TELEGRAM_BOT_TOKEN": tg.token,
                    "TELEGRAM_API_URL": tg.base_url,
                    "DATABASE_URL": url,
                    "NEWSBRIEF_DEFAULT_FEEDS": "false",
                    "NEWSBRIEF_GOOGLE_NEWS": "false",
                    "NEWSBRIEF_BING_NEWS": "false",
                    "NEWSBRIEF_GDELT": "false",
                    "NEWSBRIEF_TICK_SECONDS": "1",
                    "NEWSBRIEF_EXTRACT_WORKERS": "0",
                    "NEWSBRIEF_LOG_LEVEL": "WARNING",
                }
            )
            if rate:
                env["NEWSBRIEF_SEND_RATE"] = str(rate)
            await asyncio.to_thread(seed, tree, env, url, 0)
            for n in range(processes):
                role = "all" if n == 0 else "worker"
                procs.append(start_process(tree, role, env, logs / f"{code}-{processes}-{n}.log"))
            await asyncio.gather(*(wait_healthy(port, proc, 180) for proc, port in procs))
            await asyncio.to_thread(seed, tree, env, url, args.chats)
            # The fake stamps each send when its handler runs: a collection pause here would
            # stamp the sends that waited as one bunch, a burst no process made.
            gc.collect()
            gc.freeze()
            gc.disable()
            started = time.monotonic()
            deadline = started + args.chats / max(args.limit * 0.5, 1) + 120
            while len({m.chat_id for m in tg.messages}) < len(chats):
                if time.monotonic() > deadline or any(p.poll() is not None for p, _ in procs):
                    break
                await asyncio.sleep(0.5)
            await asyncio.sleep(2.0)  # anything sent twice would arrive now
            gc.enable()
            missed = [await slots_missed(port) for _, port in procs]
            for proc, _ in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            statuses = [await asyncio.to_thread(proc.wait, 30) for proc, _ in procs]
            accepted = tg.accepted_at
            per_chat = Counter(m.chat_id for m in tg.messages)
            span = accepted[-1] - accepted[0] if len(accepted) > 1 else 0.0
            return {
                "code": code,
                "processes": processes,
                "send_rate_setting": rate or "default",
                "chats": len(chats),
                "sent": len(tg.messages),
                "rate": (len(accepted) - 1) / span if span > 0 else 0.0,
                "busiest_second": busiest_window(tg.send_arrivals),
                "busiest_accepted_second": busiest_window(accepted),
                "http_429": sum(1 for e in tg.errors if e[1] == 429),
                "other_errors": sum(1 for e in tg.errors if e[1] != 429),
                "lost": sum(1 for c in chats if per_chat[c] == 0),
                "duplicated": sum(1 for c in chats if per_chat[c] > 1),
                "slots_missed": None if None in missed else sum(m or 0 for m in missed),
                "first_after_s": accepted[0] - started if accepted else float("nan"),
                "seconds": accepted[-1] - accepted[0] if accepted else float("nan"),
                "exit_statuses": statuses,
                "load_before": round(load_before, 1),
                "load_after": round(os.getloadavg()[0], 1),
            }
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        drop_schema(args.database, schema)


def describe(r: dict[str, Any], limit: int) -> str:
    missed = "n/a" if r["slots_missed"] is None else r["slots_missed"]
    return (
        f"{r['code']:>8} × {r['processes']} (NEWSBRIEF_SEND_RATE {r['send_rate_setting']}): "
        f"{r['sent']} of {r['chats']} at {r['rate']:.2f}/s ({r['rate'] / limit:.1%} of {limit}/s), "
        f"busiest second {r['busiest_second']}, {r['http_429']} × 429, {r['lost']} lost, "
        f"{r['duplicated']} duplicated, {missed} slots skipped; load {r['load_before']}→"
        f"{r['load_after']}, exit {r['exit_statuses']}"
    )


async def main() -> None:
    logging.getLogger("telegram").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="unused: generated")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--chats", type=int, default=1500)
    parser.add_argument("--limit", type=int, default=30, help="the fake's sends per second")
    parser.add_argument("--rate", type=float, help="NEWSBRIEF_SEND_RATE (default: --limit)")
    parser.add_argument("--baseline-commit", default="ff9fa41")
    parser.add_argument("--baseline-processes", type=int, nargs="*", default=[1])
    parser.add_argument("--baseline-rate", type=float, help="its NEWSBRIEF_SEND_RATE")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a PostgreSQL URL")
    parser.add_argument("--logs", type=Path, help="keep the processes' logs in this directory")
    args = parser.parse_args()
    rate = args.rate or float(args.limit)

    results = []
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        logs = args.logs or scratch
        logs.mkdir(parents=True, exist_ok=True)
        if args.baseline_processes:
            old = export_tree(args.baseline_commit, scratch / args.baseline_commit)
            for n in args.baseline_processes:
                code = args.baseline_commit
                results.append(await run_wave(code, old, n, args.baseline_rate, args, logs))
                print(describe(results[-1], args.limit), flush=True)
        for n in args.processes:
            results.append(await run_wave("current", REPO_ROOT, n, rate, args, logs))
            print(describe(results[-1], args.limit), flush=True)

    ours = [r for r in results if r["code"] == "current"]
    base = next((r for r in results if r["code"] != "current" and r["processes"] == 1), None)
    headline: dict[str, Any] = {"limit_per_s": args.limit, "chats": args.chats}
    for r in ours:
        n = r["processes"]
        headline[f"p{n}_rate_per_s"] = round(r["rate"], 2)
        headline[f"p{n}_ratio_to_limit"] = round(r["rate"] / args.limit, 3)
        headline[f"p{n}_busiest_second"] = r["busiest_second"]
        headline[f"p{n}_http_429"] = r["http_429"]
        headline[f"p{n}_lost"] = r["lost"]
        headline[f"p{n}_duplicated"] = r["duplicated"]
    if base is not None:
        headline["baseline_rate_per_s"] = round(base["rate"], 2)
        headline["baseline_busiest_second"] = base["busiest_second"]
        headline["baseline_http_429"] = base["http_429"]
        if ours:
            headline["p1_rate_vs_baseline"] = round(ours[0]["rate"] / base["rate"], 3)
    print(json.dumps(headline))


if __name__ == "__main__":
    asyncio.run(main())
