"""The per-file memory cap measures the worker itself, also when forked from a parent that
measured itself first (the parent's /proc/self/statm names the parent); a cleaning worker keeps
freed large buffers for the next file."""

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
    # Measured in the parent, it would stay near ``before``. The child's other mappings can
    # shrink a little after the fork (about 1 MB was seen once), so the growth is checked with
    # room to spare.
    assert child >= before + (300 << 20) - (64 << 20)


_FAULTS_OF_A_SECOND_BUFFER = """
import resource, sys
from audit import memory
if sys.argv[1] == "reuse":
    memory.reuse_large_buffers()
first = b"a" * (20 << 20)
del first
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
second = b"b" * (20 << 20)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_worker_reuses_the_memory_of_one_files_buffers_for_the_next():
    import subprocess

    def faults(mode: str) -> int:
        run = subprocess.run(
            [sys.executable, "-c", _FAULTS_OF_A_SECOND_BUFFER, mode],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(run.stdout)

    # 20 MB is 5,120 pages of 4 KB: each faulted in again, zero-filled, unless it is reused.
    assert faults("default") > 2000
    assert faults("reuse") < 500
