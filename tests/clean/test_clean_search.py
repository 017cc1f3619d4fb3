"""The byte search behind "clean": every form of every value is found wherever it lies."""

from __future__ import annotations

import random

import pytest

from audit.clean import onepass, verify
from audit.clean.verify import Needle, _encodings, needles, search

TEXTS = ["Lin Xiaoyu", "林晓雨的相机", "SN12345", "2014:08:23 13:05:43", "Zoë Brontë"]
NEEDLES = [Needle(text, _encodings(text)) for text in TEXTS]
FILLER = bytes(range(256)) * 3


#: Every test runs with Hyperscan and with the search it falls back on (conftest.py).
pytestmark = pytest.mark.usefixtures("both_searches")


@pytest.mark.parametrize("needle", NEEDLES, ids=lambda needle: needle.shown)
def test_every_form_is_found_at_every_position(needle):
    for form in needle.forms:
        for position in (0, 1, 2, 3, 257, len(FILLER)):
            data = FILLER[:position] + form + FILLER[position:]
            assert search(data, NEEDLES) == [needle.shown], (form, position)


def test_a_utf16_value_cut_short_at_either_end_is_not_a_match():
    needle = Needle("Lin Xiaoyu", _encodings("Lin Xiaoyu"))
    little = "Lin Xiaoyu".encode("utf-16-le")
    # The part both UTF-16 forms share, without the zero byte that completes either one.
    assert search(FILLER[:10] + b"\x01" + little[:-1] + b"\x01", [needle]) == []
    assert search(b"\x01" + little[:-1] + b"\x00", [needle]) == ["Lin Xiaoyu"]
    assert search(b"\x00" + little[:-1] + b"\x01", [needle]) == ["Lin Xiaoyu"]


def test_nothing_is_found_in_bytes_without_the_values():
    assert search(FILLER * 10, NEEDLES) == []


def _times(value: str, keep_date: bool = False) -> list[Needle]:
    from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity, Text

    words = Text("", "")
    taken = Evidence("DateTimeOriginal", value, EvidenceKind.TIME)
    finding = Finding(
        "time.original", Severity.LOW, Confidence.HIGH, 1.0, words, words, words, (taken,)
    )
    return needles([finding], None, keep_date)


def test_every_way_a_capture_time_is_written_is_found_in_every_encoding():
    wanted = _times("2014-08-23 13:05:43")
    assert [needle.shown for needle in wanted] == [
        "2014:08:23 13:05:43",
        "2014-08-23T13:05:43",
        "2014-08-23 13:05:43",
    ]
    for needle in wanted:
        for form in needle.forms:
            data = FILLER[:100] + form + FILLER[100:]
            assert search(data, wanted) == [needle.shown], form


def test_the_clock_alone_or_another_day_at_that_time_is_not_the_capture_time():
    wanted = _times("2014-08-23 13:05:43")
    assert search(FILLER + b"13:05:43" + FILLER, wanted) == []
    assert search(FILLER + "2014:08:24 13:05:43".encode("utf-16-le") + FILLER, wanted) == []


def test_with_the_date_kept_only_the_clock_is_searched_and_not_the_copys_own_midnight():
    assert [n.shown for n in _times("2014-08-23 13:05:43", keep_date=True)] == ["13:05:43"]
    # The copy's date stamp reads 00:00:00 itself: a photo taken at midnight is not betrayed.
    assert _times("2014-08-23 00:00:00", keep_date=True) == []


def test_both_searches_agree_on_random_bytes_holding_random_values():
    rng = random.Random(7)
    alphabet = "ab0:1 林ë"
    for _ in range(200):
        texts = {"".join(rng.choice(alphabet) for _ in range(rng.randint(3, 8))) for _ in range(6)}
        wanted = [Needle(text, _encodings(text)) for text in sorted(texts)]
        wanted = [needle for needle in wanted if needle.forms]
        data = bytearray(rng.randbytes(rng.randint(0, 400)))
        for needle in rng.sample(wanted, k=min(2, len(wanted))):
            form = rng.choice(needle.forms)
            at = rng.randint(0, len(data))
            data[at:at] = form[: rng.randint(len(form) - 1, len(form))]
        assert search(bytes(data), wanted) == verify.search_each(bytes(data), wanted)


def test_a_copy_too_large_for_one_pass_is_searched_form_by_form(monkeypatch):
    monkeypatch.setattr(onepass, "MAX_SCANNED", 10)
    needle = NEEDLES[0]
    assert search(FILLER + needle.forms[1] + FILLER, NEEDLES) == [needle.shown]


def test_a_file_smaller_than_a_pass_is_worth_is_searched_form_by_form(monkeypatch):
    calls = []
    monkeypatch.setattr(verify, "ONE_PASS_FROM", len(FILLER) + 1)
    monkeypatch.setattr(verify, "search_each", lambda data, wanted: calls.append(data) or [])
    search(FILLER, NEEDLES)
    assert calls == [FILLER]


@pytest.mark.parametrize("kind", [bytearray, memoryview])
def test_a_copy_given_as_a_buffer_is_searched_like_bytes(kind):
    data = FILLER + NEEDLES[1].forms[0] + FILLER
    assert search(kind(data), NEEDLES) == search(data, NEEDLES) == [NEEDLES[1].shown]
