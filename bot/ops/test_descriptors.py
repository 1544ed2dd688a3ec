"""The open-files limit is raised at start-up as far as the hard limit allows, never past it."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAISE = "from bot.ops.descriptors import raise_descriptor_limit as r; print(r())"


def _limit_after_raise(soft: int, hard: int) -> int:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    done = subprocess.run(
        [sys.executable, "-c", RAISE],
        cwd=REPO,
        preexec_fn=limit,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return int(done.stdout)


def test_the_soft_limit_rises_to_the_hard_limit():
    assert _limit_after_raise(256, 4096) == 4096


def test_a_hard_limit_at_the_soft_limit_leaves_it_as_it_is():
    assert _limit_after_raise(1024, 1024) == 1024
