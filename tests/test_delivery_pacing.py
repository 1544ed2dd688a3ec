"""Several worker processes on one PostgreSQL keep the whole bot's pace, measured where Telegram
counts it: no sliding second at the fake Bot API holds more than NEWSBRIEF_SEND_RATE sends.

Real `newsbrief run --role worker` processes send a wave of digests to the fake Telegram, which
logs when each send arrives. What makes a process late on its send slots is real, not mocked:
the process is stopped by the operating system (SIGSTOP, then SIGCONT) while it holds claims —
what a long pause, a swapped-out or CPU-starved process does. A late process must skip its
slots, not spend them in a burst alongside a process that is on time.
"""

from __future__ import annotations

import asyncio
import gc
import signal
from collections import Counter
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import col, select

from storage import Database
from storage.models import Outbox
from tests.fakes import FakeTelegram
from tests.fixtures.digest_chats import seed_digest_chats
from tests.fixtures.processes import BotProcess, bot_env, quiet

RATE = 10  # NEWSBRIEF_SEND_RATE: small, so a wave of a few seconds needs few chats
STALL = 0.8  # seconds a stopped process stays stopped: longer than its claimed slots last


@contextmanager
def steady_receiver() -> Iterator[None]:
    """The fake stamps a send when its handler runs; a collection pause in this process would
    stamp the sends that waited as one bunch. Off while a wave is measured."""
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


async def start_workers(
    tg: FakeTelegram, database_url: str, tmp_path: Path, count: int
) -> list[BotProcess]:
    db = Database(database_url)
    db.migrate()  # before they start: processes creating one fresh schema together may clash
    db.close()
    env = bot_env(tg, database_url, NEWSBRIEF_SEND_RATE=RATE)
    workers = [BotProcess(env, "worker", tmp_path / f"worker{n}.log") for n in range(count)]
    for worker in workers:
        worker.start()
    await asyncio.gather(*(w.wait_healthy(within=90) for w in workers))
    return workers


def seed_wave(database_url: str, chats: list[int]) -> Database:
    db = Database(database_url)
    db.migrate()
    now = datetime.now(UTC)
    seed_digest_chats(db, chats, due_at=now - timedelta(minutes=1), now=now)
    return db


def claims_of(db: Database, worker: BotProcess) -> list[int]:
    """Ids of the messages `worker` holds claimed (its claims name its pid)."""
    assert worker.proc is not None
    tag = f"%:{worker.proc.pid}:%"
    return list(
        db.call_sync(
            lambda s: s.exec(
                select(Outbox.id).where(
                    Outbox.status == "claimed", col(Outbox.claimed_by).like(tag)
                )
            ).all()
        )
    )


async def wait_for_claims(
    db: Database, workers: list[BotProcess], among: set[int] | None = None
) -> BotProcess:
    """Until one of `workers` holds claimed messages (of `among`, if given); returns it."""
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        for worker in workers:
            held = set(await asyncio.to_thread(claims_of, db, worker))
            if held and (among is None or held & among):
                return worker
        assert asyncio.get_running_loop().time() < deadline, workers[0].tail()
        await asyncio.sleep(0.02)


async def stall(worker: BotProcess, seconds: float = STALL) -> None:
    """Stop the process and let it go on: its timers all fire late, its claims still held."""
    assert worker.proc is not None
    worker.proc.send_signal(signal.SIGSTOP)
    try:
        await asyncio.sleep(seconds)
    finally:
        worker.proc.send_signal(signal.SIGCONT)


async def wait_for_every_chat(
    tg: FakeTelegram,
    db: Database,
    chats: list[int],
    workers: list[BotProcess],
    lost: AbstractSet[int] = frozenset(),
) -> None:
    deadline = asyncio.get_running_loop().time() + 60
    while {m.chat_id for m in tg.messages} | lost < set(chats):
        assert asyncio.get_running_loop().time() < deadline, (
            f"{len(tg.messages)} sent\n" + "\n".join(w.tail(8) for w in workers)
        )
        await asyncio.sleep(0.1)
    await quiet(workers, db)  # every live process looked again: still nothing twice


def stop_all(workers: list[BotProcess]) -> list[int]:
    return [w.stop() for w in workers if w.proc is not None and w.proc.returncode is None]


def assert_once_each(
    tg: FakeTelegram, chats: list[int], lost: AbstractSet[int] = frozenset()
) -> None:
    per_chat = Counter(m.chat_id for m in tg.messages)
    assert set(per_chat) | lost == set(chats), "every chat got its digest"
    assert max(per_chat.values()) == 1, "no chat got its digest twice"


async def test_a_late_process_never_sends_alongside_one_on_time_at_the_start_of_a_wave(
    tg: FakeTelegram, postgres_url: str, tmp_path: Path
) -> None:
    chats = list(range(21_001, 21_051))
    workers = await start_workers(tg, postgres_url, tmp_path, 2)
    late = workers[0]
    try:
        with steady_receiver():
            db = seed_wave(postgres_url, chats)
            await stall(await wait_for_claims(db, [late]))
            await wait_for_every_chat(tg, db, chats, workers)
    finally:
        statuses = stop_all(workers)
    assert statuses == [0, 0], "\n".join(w.tail() for w in workers)
    assert_once_each(tg, chats)
    assert tg.busiest_second() <= RATE, f"{tg.busiest_second()} sends in one second"
    assert tg.errors == []
    db.close()


async def test_after_a_429_pause_no_second_holds_more_than_the_rate(
    tg: FakeTelegram, postgres_url: str, tmp_path: Path
) -> None:
    chats = list(range(22_001, 22_051))
    workers = await start_workers(tg, postgres_url, tmp_path, 2)
    tg.rate_limit(1, times=12)  # the wave's first sends: 429 for many chats, everyone waits
    try:
        with steady_receiver():
            db = seed_wave(postgres_url, chats)
            await wait_for_every_chat(tg, db, chats, workers)
    finally:
        statuses = stop_all(workers)
    assert statuses == [0, 0], "\n".join(w.tail() for w in workers)
    assert_once_each(tg, chats)
    assert [e[1] for e in tg.errors] == [429] * 12, "only the 429s Telegram was told to give"
    assert tg.busiest_second() <= RATE, f"{tg.busiest_second()} sends in one second"
    db.close()


async def test_a_killed_process_s_claims_are_taken_over_at_the_whole_bot_s_pace(
    tg: FakeTelegram, postgres_url: str, tmp_path: Path
) -> None:
    chats = list(range(23_001, 23_061))
    workers = await start_workers(tg, postgres_url, tmp_path, 3)
    killed, living = workers[0], workers[1:]
    try:
        with steady_receiver():
            db = seed_wave(postgres_url, chats)
            await wait_for_claims(db, [killed])
            orphans = set(await asyncio.to_thread(claims_of, db, killed))
            killed.kill()
            lost = await asyncio.to_thread(window_losses, tg, db, killed)
            # The process that takes the dead one's claims over is held up right after.
            await stall(await wait_for_claims(db, living, among=orphans))
            await wait_for_every_chat(tg, db, chats, workers, lost)
    finally:
        statuses = stop_all(living)
    assert statuses == [0, 0], "\n".join(w.tail() for w in workers)
    assert_once_each(tg, chats, lost)
    assert tg.busiest_second() <= RATE, f"{tg.busiest_second()} sends in one second"
    db.close()


def window_losses(tg: FakeTelegram, db: Database, dead: BotProcess) -> set[int]:
    """Chats whose message the dead process had marked as on its way and that never reached
    Telegram: the documented window, counted as delivered, never resent."""
    assert dead.proc is not None
    tag = f"%:{dead.proc.pid}:%"
    rows = db.call_sync(
        lambda s: list(
            s.exec(
                select(Outbox).where(Outbox.status == "sending", col(Outbox.claimed_by).like(tag))
            )
        )
    )
    seen = {m.chat_id for m in tg.messages}
    return {r.chat_id for r in rows if r.chat_id not in seen}
