"""Decompression bombs and loops: sizes are checked before decoding, memory is capped.

Nothing here allocates the memory a bomb asks for: each test shows that the bomb is refused
from its declared size before decoding starts (benchmarks/hostile.py measures real peaks).
"""

from __future__ import annotations

import multiprocessing
import resource

import pytest

from audit import memory
from audit.models import Skip, Status
from audit.pixels import decode
from hostile import generators

BOMBS = [
    ("webp", generators.webp_declared),
    ("png", generators.png_declared),
    ("jpeg", generators.jpeg_declared),
    ("jpeg", generators.progressive_jpeg_14000),
    ("heif", generators.heic_declared),
    ("tiff", generators.tiff_declared),
]


@pytest.mark.parametrize(("file_format", "make"), BOMBS, ids=[make.__name__ for _, make in BOMBS])
def test_picture_bombs_are_refused_before_decoding(file_format, make, monkeypatch):
    def no_decoding(*_args, **_kwargs):
        raise AssertionError("a bomb reached the decoder")

    monkeypatch.setattr(decode, "_small_rgb", no_decoding)
    result = decode.decode(make(), file_format)
    assert isinstance(result, Skip)
    assert result.code in ("pixels-too-large", "pixels-no-memory")


def test_progressive_jpeg_costs_its_coefficients():
    """The 14000 x 14000 progressive JPEG took 1.29 GB: its full-size coefficients."""
    baseline = memory.decode_cost("jpeg", 14000, 14000, side=decode.WORK_SIDE)
    progressive = memory.decode_cost("jpeg", 14000, 14000, progressive=True, side=960)
    assert baseline < memory.DECODE_BUDGET < progressive
    assert memory.decode_cost("jpeg", 4032, 3024, progressive=True, side=960) < (
        memory.DECODE_BUDGET
    )


def test_real_photo_sizes_still_fit():
    """A 48 MP phone photo (HEIC or JPEG) and a 24 MP PNG or TIFF are still decoded."""
    for file_format in ("heif", "jpeg"):
        assert memory.decode_cost(file_format, 8064, 6048, side=960) <= memory.DECODE_BUDGET
    for file_format in ("png", "tiff", "webp"):
        assert memory.decode_cost(file_format, 6000, 4000, side=960) <= memory.DECODE_BUDGET


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("ztxt.png", lambda: generators.png_ztxt_bomb(megabytes=64)),
        ("iccp.png", lambda: generators.png_iccp_bomb(megabytes=64)),
        ("loop.tif", generators.tiff_ifd_loop),
        ("boxes.heic", generators.heif_deep_boxes),
        ("gif.gif", generators.gif_declared),
    ],
)
def test_metadata_bombs_and_loops_end_with_a_result(audit_bytes, name, make):
    result = audit_bytes(name, make())
    assert result.status in (Status.AUDITED, Status.SKIPPED)
    assert result.skip is None or result.skip.code != "internal-error"


def _allocate_under_budget(queue) -> None:
    memory.enable()
    try:
        with memory.file_budget(0):
            bytearray(2 * memory.HEADROOM)
        queue.put("allocated")
    except MemoryError:
        queue.put("refused")
    queue.put(resource.getrlimit(resource.RLIMIT_AS)[0])


def test_the_worker_budget_turns_a_runaway_allocation_into_memory_error():
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_allocate_under_budget, args=(queue,))
    child.start()
    child.join(60)
    assert queue.get(timeout=5) == "refused"
    assert queue.get(timeout=5) == resource.getrlimit(resource.RLIMIT_AS)[0]  # restored


def test_memory_error_is_a_plain_skip(audit_bytes, monkeypatch):
    from audit import inspect

    def exhausted(*_args, **_kwargs):
        raise MemoryError

    monkeypatch.setattr(inspect, "read_metadata", exhausted)
    result = audit_bytes("photo.jpg", generators.small_jpeg())
    assert result.status is Status.SKIPPED
    assert result.skip is not None and result.skip.code == "no-memory"
    assert "too large to check safely" in result.skip.message.en


def test_a_decoder_out_of_memory_is_a_plain_note():
    note = decode.failure(MemoryError())
    assert note.code == "pixels-no-memory"
    assert "too large to check safely" in note.message.en
