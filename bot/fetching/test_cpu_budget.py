"""The CPU budget interrupts a costly parse in a worker process, and only there."""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from bot.fetching import TooCostly
from bot.fetching.cpu_budget import call_with_cpu_budget


def burn(seconds: float) -> str:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass
    return "done"


def test_a_worker_process_stops_reading_when_its_cpu_budget_is_spent():
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawn) as pool:
        started = time.monotonic()
        with pytest.raises(TooCostly):
            pool.submit(call_with_cpu_budget, 0.3, burn, 30.0).result(timeout=60)
        assert time.monotonic() - started < 20
        # The worker survives, and a cheap call within budget returns its value.
        assert pool.submit(call_with_cpu_budget, 5.0, burn, 0.01).result(timeout=60) == "done"
