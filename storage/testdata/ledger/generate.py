"""Regenerate the frozen ledger fixtures: the schema each `schema_version` release left behind.

Each fixture is the DDL a database had at ledger version N, made by running the ledger code of
the commit that released N (its own models, its own steps) on an empty SQLite file and an empty
PostgreSQL schema, then dumping what it created. Version 3 never shipped on its own (3 and 4
arrived together), so v3 is v2 upgraded by the first three steps of that commit.

Run once from the repository root (needs git history and PostgreSQL on 127.0.0.1):
    .venv/bin/python storage/testdata/ledger/generate.py
The output is committed; never regenerate it from today's code.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

HERE = Path(__file__).parent
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# ledger version -> the chain of (commit, steps to run) that produced it
RELEASES: dict[int, list[tuple[str, int]]] = {
    1: [("c52822b", 1)],
    2: [("796495a", 2)],
    3: [("796495a", 2), ("99c959c", 3)],
    4: [("99c959c", 4)],
    5: [("f545e90", 5)],
    6: [("5cddfd7", 6)],
    7: [("1c58749", 7)],
    8: [("aa61f9c", 8)],
    9: [("6ce3f2a", 9)],
}

RUN_LEDGER = """
import sys
from sqlalchemy import create_engine
import storage.migrations as m
del m.MIGRATIONS[int(sys.argv[2]):]
m.migrate(create_engine(sys.argv[1]))
"""


def _checkout(commit: str, root: Path) -> Path:
    where = root / commit
    if not where.exists():
        where.mkdir()
        archive = subprocess.run(
            ["git", "archive", commit, "storage"], check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def _run_chain(url: str, chain: list[tuple[str, int]], root: Path) -> None:
    for commit, steps in chain:
        where = _checkout(commit, root)
        subprocess.run(
            [sys.executable, "-c", RUN_LEDGER, url, str(steps)],
            check=True,
            cwd=where,
            env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        )


def _sqlite_ddl(path: Path, version: int) -> str:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
    ).fetchall()
    conn.close()
    body = ";\n".join(r[0] for r in rows)
    return f"{body};\nINSERT INTO schema_version (version) VALUES ({version});\n"


def _postgres_ddl(schema: str, version: int) -> str:
    dump = subprocess.run(
        [
            "pg_dump",
            "-s",
            "-n",
            schema,
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "test",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    keep = []
    for line in dump.splitlines():
        if line.startswith(("SET ", "SELECT pg_catalog.set_config", "--", "\\")):
            continue
        if line.startswith("CREATE SCHEMA"):
            continue
        keep.append(line.replace(f"{schema}.", ""))
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(keep)).strip()
    return f"{body}\nINSERT INTO schema_version (version) VALUES ({version});\n"


def main() -> None:
    admin = create_engine(PG)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for version, chain in RELEASES.items():
            db = root / f"v{version}.db"
            _run_chain(f"sqlite:///{db}", chain, root)
            (HERE / f"v{version}.sqlite.sql").write_text(_sqlite_ddl(db, version))
            schema = f"ledger_fixture_v{version}"
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                conn.execute(text(f"CREATE SCHEMA {schema}"))
            try:
                _run_chain(f"{PG}?options=-csearch_path%3D{schema}", chain, root)
                (HERE / f"v{version}.postgresql.sql").write_text(_postgres_ddl(schema, version))
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            print(f"v{version} written")


if __name__ == "__main__":
    main()
