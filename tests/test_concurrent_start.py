"""Six processes starting at once on one PostgreSQL database: none crashes, one upgrades.

Each round starts six real `newsbrief db upgrade` processes (the step `newsbrief run` takes
before anything else) together, on a fresh database and on one an old release left behind.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, inspect, text

from storage import migrations
from tests.fixtures.ledger import load_ledger_fixture
from tests.fixtures.processes import REPO

PROCESSES = 6
ROUNDS = 10


@pytest.fixture
def schemas(postgres_url: str) -> Iterator[list[str]]:
    """URLs of ROUNDS fresh private schemas (dropped afterwards)."""
    admin = create_engine(postgres_url)
    names = ["c_" + uuid.uuid4().hex[:12] for _ in range(ROUNDS)]
    with admin.begin() as conn:
        for name in names:
            conn.execute(text(f"CREATE SCHEMA {name}"))
    yield [re.sub(r"search_path%3D\w+", f"search_path%3D{name}", postgres_url) for name in names]
    with admin.begin() as conn:
        for name in names:
            conn.execute(text(f"DROP SCHEMA {name} CASCADE"))
    admin.dispose()


# A process that runs `newsbrief db upgrade` once per line it reads (the database URL): the
# six start each round at the same moment, without paying Python's start-up ten times over.
UPGRADE_PER_LINE = """
import contextlib, io, os, sys
from bot.cli.commands import main
for line in sys.stdin:
    os.environ["DATABASE_URL"] = line.strip()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["db", "upgrade"])
    print(code, out.getvalue().strip().replace(chr(10), " "), flush=True)
"""


def _processes() -> list[subprocess.Popen[str]]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "NEWSBRIEF_LOG_LEVEL": "WARNING"}
    return [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE_PER_LINE],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(PROCESSES)
    ]


def _start_together(procs: list[subprocess.Popen[str]], url: str) -> list[tuple[int, str]]:
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write(url + "\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        code, _, said = line.strip().partition(" ")
        results.append((int(code) if code.isdigit() else -1, said or line))
    return results


@pytest.mark.parametrize("start_from", ["fresh", "v3"])
def test_six_processes_starting_at_once_upgrade_once(start_from: str, schemas: list[str]) -> None:
    began = time.monotonic()
    procs = _processes()
    try:
        for url in schemas:
            if start_from != "fresh":
                load_ledger_fixture(url, start_from)
            results = _start_together(procs, url)
            assert [code for code, _ in results] == [0] * PROCESSES, results
            verdicts = Counter(said.split(":")[0] for _, said in results)
            assert verdicts == {"upgraded": 1, "up to date": PROCESSES - 1}, results
            engine = create_engine(url)
            with engine.connect() as conn:
                state = migrations.schema_state(conn)
                assert state.revision == migrations.head_revision() and state.ledger is None
                assert "schema_version" not in inspect(conn).get_table_names()
            engine.dispose()
    finally:
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.close()
        statuses = [proc.wait(timeout=30) for proc in procs]
    assert statuses == [0] * PROCESSES, "no process crashed"
    print(f"{ROUNDS} rounds from {start_from} in {time.monotonic() - began:.1f} s")
