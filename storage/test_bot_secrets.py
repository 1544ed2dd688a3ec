"""The bot's own secrets: made once per database, the same for every process that starts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from storage import Database
from storage.bot_secrets import kept_secret

NOW = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


def test_processes_starting_together_agree_on_one_secret(database_url: str) -> None:
    Database(database_url).migrate()
    starters = [Database(database_url) for _ in range(6)]  # an engine each, like processes
    together = threading.Barrier(len(starters))
    got: list[str] = []

    def start(db: Database) -> None:
        together.wait()
        got.append(db.call_sync(kept_secret, "reader_link_key", NOW))

    threads = [threading.Thread(target=start, args=(db,)) for db in starters]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(got) == len(starters) and len(set(got)) == 1
    assert len(got[0]) >= 43, "32 random bytes"

    later = Database(database_url)  # a restart
    assert later.call_sync(kept_secret, "reader_link_key", NOW) == got[0]
    assert later.call_sync(kept_secret, "another", NOW) != got[0], "one secret per name"
    for db in [*starters, later]:
        db.close()
