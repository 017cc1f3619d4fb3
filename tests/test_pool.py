"""Worker processes: results in order, a crash or a hang costs one input, not the run."""

from __future__ import annotations

import os
import time

from audit import pool


def _work(item):
    if item == "crash":
        os._exit(3)
    if item == "hang":
        time.sleep(60)
    return item.upper()


def test_results_for_every_input_even_when_workers_die():
    items = ["a", "crash", "b", "hang", "c", "d"]
    started = time.monotonic()
    results = dict(pool.run(_work, items, jobs=2, budget=2.0, batch_size=2))
    assert time.monotonic() - started < 30
    assert [results[i] for i in range(len(items))] == [
        "A", pool.TaskFailed(pool.Failure.CRASHED),
        "B", pool.TaskFailed(pool.Failure.TIMED_OUT),
        "C", "D",
    ]  # fmt: skip


def test_single_worker_keeps_order():
    items = [str(n) for n in range(20)]
    results = dict(pool.run(_work, items, jobs=1, budget=10.0, batch_size=4))
    assert [results[i] for i in range(20)] == items


def test_nothing_to_do():
    assert list(pool.run(_work, [], jobs=2, budget=1.0)) == []


def _broken_start():
    raise RuntimeError("model file damaged")


def test_a_failing_initializer_does_not_kill_the_workers():
    results = dict(pool.run(_work, ["a", "b", "c"], jobs=2, budget=10.0, initializer=_broken_start))
    assert [results[i] for i in range(3)] == ["A", "B", "C"]
