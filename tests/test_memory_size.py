"""The per-file memory cap measures the worker itself, also when forked from a parent that
measured itself first (the parent's /proc/self/statm names the parent)."""

from __future__ import annotations

import os
import sys

import pytest

from audit import memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_forked_worker_measures_its_own_address_space():
    before = memory._address_space()
    assert before > 0
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        grown = bytearray(300 << 20)
        os.write(writer, str(memory._address_space()).encode())
        del grown
        os._exit(0)
    os.close(writer)
    child = int(os.read(reader, 64))
    os.close(reader)
    os.waitpid(pid, 0)
    assert child >= before + (300 << 20)
