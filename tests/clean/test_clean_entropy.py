"""The end of a JPEG scan's entropy-coded data, checked against the format's definition."""

from __future__ import annotations

import random

import pytest

from audit.clean import entropy, onepass

#: After 0xFF these bytes do not start a marker: a stuffed zero, a restart marker, a fill byte.
NOT_MARKERS = {0x00, 0xFF, *range(0xD0, 0xD8)}


#: Every test runs with Hyperscan and with the search it falls back on (conftest.py).
pytestmark = pytest.mark.usefixtures("both_searches")


def _by_definition(data: bytes, start: int) -> int | None:
    for pos in range(start, len(data) - 1):
        if data[pos] == 0xFF and data[pos + 1] not in NOT_MARKERS:
            return pos
    return None


@pytest.mark.parametrize("seed", range(40))
def test_agrees_with_the_definition_on_data_rich_in_escapes(seed):
    rng = random.Random(seed)
    # Mostly stuffed zeros, restart markers and fill bytes, so markers are rare and late.
    pieces = []
    for _ in range(rng.randrange(1, 400)):
        roll = rng.random()
        if roll < 0.3:
            pieces.append(b"\xff" + bytes([rng.choice(sorted(NOT_MARKERS))]))
        elif roll < 0.31:
            pieces.append(b"\xff" + bytes([rng.randrange(256)]))
        else:
            pieces.append(bytes(rng.randrange(0xFF) for _ in range(rng.randrange(1, 9))))
    data = b"".join(pieces)
    start = rng.randrange(len(data))
    assert entropy.end(data, start) == _by_definition(data, start)
    for pos in range(len(data)):
        assert entropy.starts_marker(data, pos) == (_by_definition(data, pos) == pos)


def test_a_last_byte_of_0xff_is_not_a_marker_and_fill_bytes_come_before_one():
    assert entropy.end(b"\x12\x34\xff", 0) is None
    assert entropy.end(b"\x12\xff\xff\xff\xd9", 0) == 3
    assert entropy.end(b"\xff\x00\xff\xd3\xff\xc4", 0) == 4


def test_a_buffer_too_long_for_one_pass_is_searched_by_the_regular_expression(monkeypatch):
    monkeypatch.setattr(onepass, "MAX_SCANNED", 2)
    assert entropy.end(b"\x12\xff\x00\x34\xff\xc4", 0) == 4
