"""Run a function over many inputs in worker processes that are allowed to die.

Native readers parse untrusted files; a hostile file may crash one or make it loop. Each worker
is a separate process fed a few inputs at a time and answering one result per input, so the
parent always knows which input a worker is on. A worker is given its next batch while it still
works on the current one, so it never waits for the parent between batches. A worker that dies,
or that spends longer than the time budget on one input, is killed and replaced, and that input
gets a failure result; the others carry on. Results are returned in input order whatever order
they finish in. When the run stops early (Ctrl-C, SIGTERM, SIGHUP), every worker is killed at
once, and a worker whose parent dies, even by kill -9, is killed by the kernel.
"""

from __future__ import annotations

import contextlib
import ctypes
import enum
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from audit import collector, stopping

_PR_SET_PDEATHSIG = 1


class Failure(enum.StrEnum):
    """Why an input has no result: its worker died, or it ran past its time budget."""

    CRASHED = "crashed"
    TIMED_OUT = "timed-out"


@dataclass(frozen=True)
class TaskFailed:
    """An input whose worker died or ran past its budget."""

    reason: Failure


def _context() -> multiprocessing.context.BaseContext:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _die_with_parent(parent: int) -> None:
    """On Linux, have the kernel kill this worker if the main process dies (even by kill -9)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(0)


def forks() -> bool:
    """True when workers are forked, so what the parent has loaded is shared with them."""
    return _context().get_start_method() == "fork"


def _serve(
    connection: Connection,
    function: Callable[[Any], Any],
    initializer: Callable[[], None] | None,
    parent: int,
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    stopping.default_in_child()
    collector.fresh_in_worker()
    if sys.platform.startswith("linux"):
        _die_with_parent(parent)
    if initializer is not None:
        # A failure here (a model that will not load) must not kill every worker in turn: the
        # work function meets the same problem per input and reports it as a result.
        with contextlib.suppress(Exception):
            initializer()
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):
            return
        if batch is None:
            return
        for index, item in batch:
            connection.send((index, function(item)))


class _Worker:
    def __init__(
        self,
        context: Any,  # a fork or spawn context: BaseContext itself declares no Process
        function: Callable[[Any], Any],
        initializer: Callable[[], None] | None,
    ) -> None:
        self.connection, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child, function, initializer, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.queue: deque[int] = deque()
        self.deadline = 0.0

    def give(self, batch: list[tuple[int, Any]], budget: float) -> None:
        if not self.queue:
            self.deadline = time.monotonic() + budget
        self.queue.extend(index for index, _ in batch)
        # If the worker has just died, its sentinel says so on the next wait, and then the
        # input it was on is reported and these are handed to its replacement.
        with contextlib.suppress(OSError):
            self.connection.send(batch)

    def stop(self, force: bool = False) -> None:
        if not force:
            try:
                self.connection.send(None)
            except (OSError, ValueError):
                force = True
        if force and self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def run(
    function: Callable[[Any], Any],
    items: Sequence[Any],
    *,
    jobs: int,
    budget: float,
    batch_size: int = 1,
    initializer: Callable[[], None] | None = None,
) -> Iterator[tuple[int, Any]]:
    """Yield ``(index, result)`` for every item as it finishes; failures as :class:`TaskFailed`.

    ``budget`` is the longest one item may take, in seconds.
    """
    if not items:
        return
    context = _context()
    pending = deque(enumerate(items))
    workers = [
        _Worker(context, function, initializer) for _ in range(max(1, min(jobs, len(items))))
    ]

    def feed(worker: _Worker) -> None:
        batch = [pending.popleft() for _ in range(min(batch_size, len(pending)))]
        if batch:
            worker.give(batch, budget)

    def replace(worker: _Worker) -> _Worker:
        worker.stop(force=True)
        fresh = _Worker(context, function, initializer)
        workers[workers.index(worker)] = fresh
        lost = list(worker.queue)[1:]
        pending.extendleft(reversed([(index, items[index]) for index in lost]))
        return fresh

    finished = False
    try:
        for worker in workers:
            feed(worker)
            feed(worker)
        while any(worker.queue for worker in workers):
            busy = [worker for worker in workers if worker.queue]
            timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
            ready = set(
                wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout)
            )
            for worker in busy:
                if worker.connection in ready or worker.process.sentinel in ready:
                    try:
                        while worker.queue and worker.connection.poll():
                            index, result = worker.connection.recv()
                            worker.queue.popleft()
                            worker.deadline = time.monotonic() + budget
                            yield index, result
                    except (EOFError, OSError):
                        pass
                    if worker.queue and not worker.process.is_alive():
                        yield worker.queue[0], TaskFailed(Failure.CRASHED)
                        worker = replace(worker)
                elif time.monotonic() >= worker.deadline:
                    yield worker.queue[0], TaskFailed(Failure.TIMED_OUT)
                    worker = replace(worker)
                if len(worker.queue) <= batch_size:
                    feed(worker)
        finished = True
    finally:
        # Stopped early (Ctrl-C, SIGTERM, the caller gave up): every worker is killed at once,
        # whatever it is doing; after a full run, idle workers are asked to leave.
        for worker in workers:
            worker.stop(force=not finished or bool(worker.queue))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
