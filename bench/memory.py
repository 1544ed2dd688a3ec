"""Benchmark: one worker's memory, and one digest run, at 100,000 chats on PostgreSQL.

A scratch schema is filled with COPY: 100,000 chats, 300,000 topics (three a chat), 1,000,000
articles over 90 days (in stories of three), their stories, five recent matches per topic and
1,000,000 past deliveries. A real worker process (`python -m bot.cli run --role worker`)
starts on it — loading and compiling every topic and indexing the last week's stories — and then
every chat's digest falls due at once. Reported: the worker's resident memory after start-up
and at its peak, start-up time, and how long the digest run takes to queue every digest.
Baseline, measured in the same run: the same digests for 1,000 chats queued the simple way,
one chat at a time (per-chat query, one ORM row per message), against the batched run's code.
The schema is dropped at the end.

    .venv/bin/python bench/memory.py [--database URL] [--chats 100000] [--articles 1000000]
"""

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402

import storage.models as m  # noqa: E402
from storage import Database  # noqa: E402
from tests.fakes import FakeTelegram  # noqa: E402
from tests.fixtures.harness import free_port  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "memory-dev"
DEFAULT_DATABASE = os.environ.get(
    "NEWSBRIEF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
NOW = datetime.now(UTC).replace(microsecond=0)


def words(rng: random.Random, count: int) -> list[str]:
    """A made-up vocabulary: syllables glued together, so topics and titles share words."""
    syllables = "ka ri to ma ne su lo pa vi de ra mu si te no ba gu ze ho fi".split()
    vocab: set[str] = set()
    while len(vocab) < count:
        vocab.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
    return sorted(vocab)


def template(model: type[SQLModel], **required: Any) -> dict[str, Any]:
    """Every column of the table with the model's defaults, so new columns need no change here."""
    row = model(**required).model_dump()
    return {column.name: row.get(column.name) for column in model.__table__.columns}  # type: ignore[attr-defined]  # SQLAlchemy adds __table__


def copy_rows(raw: Any, model: type[SQLModel], base: dict[str, Any], rows: Any) -> int:
    """COPY rows (dicts of the varying columns) into the model's table; returns how many."""
    columns = list(base)
    table = model.__table__.name  # type: ignore[attr-defined]  # SQLAlchemy adds __table__
    count = 0
    with raw.cursor() as cur:
        with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                values = base | row
                copy.write_row([values[c] for c in columns])
                count += 1
    return count


def load(url: str, args: argparse.Namespace) -> dict[str, int]:
    rng = random.Random(7)
    vocab = words(rng, 3000)
    engine = create_engine(url)
    raw = engine.raw_connection()
    driver = raw.driver_connection
    assert driver is not None  # a pooled connection that is open has its driver's connection
    days = 90
    chats, articles = args.chats, args.articles
    counts = {}
    future = NOW + timedelta(days=1)  # not due until the run starts

    base = template(m.Chat, id=1, created_at=NOW)
    counts["chats"] = copy_rows(
        driver,
        m.Chat,
        base,
        ({"id": c, "next_digest_at": future} for c in range(1, chats + 1)),
    )
    per_chat = args.topics // chats
    base = template(m.Topic, id=1, chat_id=1, query="x", normalized="x", created_at=NOW)

    def topics():
        topic_id = 0
        for chat in range(1, chats + 1):
            for _ in range(per_chat):
                topic_id += 1
                query = " ".join(rng.sample(vocab, rng.randint(1, 3)))
                # Two topics of one chat may draw the same words; normalized must differ.
                normalized = f"{query} {topic_id}"
                yield {"id": topic_id, "chat_id": chat, "query": query, "normalized": normalized}

    counts["topics"] = copy_rows(driver, m.Topic, base, topics())
    stories = articles // 3 + 1
    base = template(m.Story, id=1, headline="x", first_seen=NOW, last_updated=NOW)
    counts["stories"] = copy_rows(
        driver,
        m.Story,
        base,
        (
            {
                "id": s,
                "headline": " ".join(rng.sample(vocab, 6)),
                "last_updated": NOW - timedelta(days=days) * (1 - s / stories),
                "article_count": 3,
            }
            for s in range(1, stories + 1)
        ),
    )
    body = " ".join(rng.choices(vocab, k=args.text_chars // 7))
    base = template(
        m.Article, id=1, canonical_url="x", url="x", title="x", fetched_at=NOW, text_from="page"
    )

    def article_rows():
        for a in range(1, articles + 1):
            fetched = NOW - timedelta(days=days) * (1 - a / articles)  # oldest first
            title = " ".join(rng.sample(vocab, 8))
            yield {
                "id": a,
                "canonical_url": f"https://news{a % 500}.example/{a}",
                "url": f"https://news{a % 500}.example/{a}",
                "title": title,
                "outlet": f"Outlet {a % 500}",
                "published_at": fetched,
                "fetched_at": fetched,
                "text": f"{title}. {body[a % 97 :]}",
                "summary": body[a % 89 : a % 89 + 300],
                "language": "en",
                "story_id": (a - 1) // 3 + 1,
            }

    counts["articles"] = copy_rows(driver, m.Article, base, article_rows())
    recent_from = int(articles * (1 - 3 / days))  # the last three days' articles
    base = template(m.TopicMatch, id=1, topic_id=1, article_id=1, chat_id=1, matched_at=NOW)

    def matches():
        match_id = 0
        for topic_id in range(1, counts["topics"] + 1):
            chat = (topic_id - 1) // per_chat + 1
            for article in rng.sample(range(recent_from, articles + 1), 5):
                match_id += 1
                yield {"id": match_id, "topic_id": topic_id, "article_id": article, "chat_id": chat}

    counts["matches"] = copy_rows(driver, m.TopicMatch, base, matches())
    base = template(m.Delivery, id=1, chat_id=1, article_id=1, kind="digest", sent_at=NOW)
    counts["deliveries"] = copy_rows(
        driver,
        m.Delivery,
        base,
        (
            {"id": d, "chat_id": d % chats + 1, "article_id": d % recent_from + 1}
            for d in range(1, args.deliveries + 1)
        ),
    )
    with driver.cursor() as cur:
        for table in ("topic", "article", "topicmatch", "delivery"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        for table in ("chat", "topic", "story", "article", "topicmatch", "delivery"):
            cur.execute(f"ANALYZE {table}")
    driver.commit()
    raw.close()
    engine.dispose()
    return counts


def existing(url: str) -> dict[str, int]:
    """Row counts of a schema filled by an earlier run (--keep)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            name: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for name, table in (
                ("chats", "chat"),
                ("topics", "topic"),
                ("articles", "article"),
                ("stories", "story"),
                ("matches", "topicmatch"),
                ("deliveries", "delivery"),
            )
        }
    engine.dispose()
    return counts


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
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


async def measure_worker(url: str, scratch: Path, *, run: bool = True) -> dict[str, float]:
    port = free_port()
    engine = create_engine(url)
    async with FakeTelegram() as tg:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBRIEF_", "TELEGRAM_"))}
        env.update(
            {
                "PYTHONPATH": str(REPO_ROOT),
                "TELEGRAM_BOT_TOKEN": tg.token,
                "TELEGRAM_API_URL": tg.base_url,
                "DATABASE_URL": url,
                "NEWSBRIEF_DEFAULT_FEEDS": "false",
                "NEWSBRIEF_GOOGLE_NEWS": "false",
                "NEWSBRIEF_BING_NEWS": "false",
                "NEWSBRIEF_GDELT": "false",
                "NEWSBRIEF_WAYBACK_API_URL": "",
                "NEWSBRIEF_TICK_SECONDS": "2",
                "NEWSBRIEF_READER_LISTEN": f"127.0.0.1:{port}",
                "NEWSBRIEF_LOG_LEVEL": "WARNING",
            }
        )
        started = time.monotonic()
        proc = start_worker(env, scratch)
        async with httpx.AsyncClient() as client:
            while True:
                if proc.poll() is not None:
                    raise SystemExit((scratch / "worker.log").read_text()[-3000:])
                try:
                    if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
        startup = time.monotonic() - started
        await asyncio.sleep(5)
        after_start = rss_mb(proc.pid)
        if not run:
            proc.send_signal(signal.SIGTERM)
            await asyncio.to_thread(proc.wait, 60)
            return {"startup_s": startup, "rss_after_start_mb": after_start}
        due = datetime.now(UTC) - timedelta(minutes=1)
        with engine.begin() as conn:
            conn.execute(text("UPDATE chat SET next_digest_at = :due"), {"due": due})
        run_started = time.monotonic()
        peak = after_start
        while True:
            await asyncio.sleep(1.0)
            peak = max(peak, rss_mb(proc.pid))
            with engine.connect() as conn:
                waiting = conn.execute(
                    text("SELECT count(*) FROM chat WHERE next_digest_at <= :due"), {"due": due}
                ).scalar_one()
            if waiting == 0:
                break
            if proc.poll() is not None:
                raise SystemExit((scratch / "worker.log").read_text()[-3000:])
        run_seconds = time.monotonic() - run_started
        with engine.connect() as conn:
            queued = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        high_water = rss_mb(proc.pid, "VmHWM")
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 60)
    engine.dispose()
    return {
        "startup_s": startup,
        "rss_after_start_mb": after_start,
        "peak_rss_mb": peak,  # sampled every second of the digest run
        "high_water_mb": high_water,  # the most it ever held, start-up included
        "digest_run_s": run_seconds,
        "messages_queued": queued,
    }


async def compare_with_one_chat_at_a_time(url: str, sample: int) -> dict[str, float]:
    """The batched digest run against the simple per-chat way, same chats, rolled back."""
    from bot.briefings import ArticleView
    from bot.delivery.queue import queue_message
    from bot.digests.offer import offered
    from bot.usecases.digests import LOOKBACK, compose_digest, queue_due_batch

    def view(article: m.Article) -> ArticleView:
        return ArticleView(
            article.id or 0,
            article.title,
            article.outlet,
            article.published_at,
            article.summary,
            article.url,
            None,
            None,
        )

    db = Database(url)
    due = NOW - timedelta(minutes=1)

    def batched(s) -> float:
        s.execute(
            text("UPDATE chat SET next_digest_at = :d WHERE id <= :n"), {"d": due, "n": sample}
        )
        started = time.perf_counter()
        claimed = sample
        while claimed:
            _, claimed = queue_due_batch(s, view, now=NOW, real_now=NOW, grace=timedelta(hours=2))
        elapsed = time.perf_counter() - started
        s.rollback()
        return elapsed

    def one_at_a_time(s) -> float:
        started = time.perf_counter()
        for chat in s.exec(select(m.Chat).where(m.Chat.id <= sample)):
            items = offered(s, chat.id, NOW - LOOKBACK, NOW)
            for message in compose_digest(chat, items, view, NOW):
                queue_message(s, chat.id, message, kind="digest", now=NOW)
                s.flush()
            chat.next_digest_at = NOW + timedelta(days=1)
            s.add(chat)
            s.flush()
        elapsed = time.perf_counter() - started
        s.rollback()
        return elapsed

    simple = db.call_sync(one_at_a_time)
    ours = db.call_sync(batched)
    db.close()
    return {"simple_s": simple, "batched_s": ours}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="unused: generated")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="a PostgreSQL URL")
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--topics", type=int, default=300_000)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--text-chars", type=int, default=1500, help="length of article texts")
    parser.add_argument("--sample", type=int, default=1000, help="chats for the baseline")
    parser.add_argument("--keep", help="keep the filled schema under this name (or reuse it)")
    parser.add_argument(
        "--startup-only", action="store_true", help="measure start-up memory, no digest run"
    )
    args = parser.parse_args()

    schema = args.keep or f"bench_memory_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.database)
    with admin.begin() as conn:
        reuse = bool(
            conn.execute(
                text("SELECT 1 FROM information_schema.schemata WHERE schema_name = :n"),
                {"n": schema},
            ).first()
        )
        if not reuse:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in args.database else "?"
    url = f"{args.database}{sep}options=-csearch_path%3D{schema}"
    try:
        Database(url).migrate()
        loading = time.monotonic()
        counts = existing(url) if reuse else load(url, args)
        load_s = time.monotonic() - loading
        print(
            f"loaded {counts['chats']:,} chats, {counts['topics']:,} topics, "
            f"{counts['articles']:,} articles, {counts['stories']:,} stories, "
            f"{counts['matches']:,} matches, {counts['deliveries']:,} deliveries "
            f"in {load_s:.0f} s ({'reused' if reuse else 'COPY'})"
        )
        if args.startup_only:
            with tempfile.TemporaryDirectory() as scratch:
                worker = await measure_worker(url, Path(scratch), run=False)
            print(
                f"worker: started in {worker['startup_s']:.0f} s, "
                f"{worker['rss_after_start_mb']:.0f} MB resident after start-up"
            )
            print(json.dumps({k: round(v, 1) for k, v in worker.items()}))
            return
        baseline = await compare_with_one_chat_at_a_time(url, args.sample)
        print(
            f"{args.sample:,} digests queued one chat at a time: {baseline['simple_s']:.2f} s; "
            f"batched (ours): {baseline['batched_s']:.2f} s "
            f"({baseline['simple_s'] / baseline['batched_s']:.1f}× faster)"
        )
        with tempfile.TemporaryDirectory() as scratch:
            worker = await measure_worker(url, Path(scratch))
        print(
            f"worker: started in {worker['startup_s']:.0f} s, "
            f"{worker['rss_after_start_mb']:.0f} MB resident after start-up, "
            f"peak {worker['peak_rss_mb']:.0f} MB during the digest run (target < 300 MB); "
            f"high-water mark {worker['high_water_mb']:.0f} MB (start-up included)"
        )
        print(
            f"digest run: {counts['chats']:,} digests ({worker['messages_queued']:,} messages) "
            f"queued in {worker['digest_run_s']:.0f} s "
            f"({counts['chats'] / worker['digest_run_s']:.0f} chats/s)"
        )
        print(
            json.dumps(
                {
                    "chats": counts["chats"],
                    "topics": counts["topics"],
                    "articles": counts["articles"],
                    "rss_after_start_mb": round(worker["rss_after_start_mb"], 1),
                    "peak_rss_mb": round(worker["peak_rss_mb"], 1),
                    "high_water_mb": round(worker["high_water_mb"], 1),
                    "startup_s": round(worker["startup_s"], 1),
                    "digest_run_s": round(worker["digest_run_s"], 1),
                    "digest_chats_per_s": round(counts["chats"] / worker["digest_run_s"], 1),
                    "batched_vs_one_at_a_time": round(
                        baseline["simple_s"] / baseline["batched_s"], 2
                    ),
                }
            )
        )
    finally:
        with admin.begin() as conn:
            if args.keep:  # ready for the next run: no digest queued, none due
                conn.execute(text(f"DELETE FROM {schema}.outbox"))
                conn.execute(
                    text(f"UPDATE {schema}.chat SET next_digest_at = :f"),
                    {"f": NOW + timedelta(days=1)},
                )
            else:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    asyncio.run(main())
