"""Skip codes: every code has words in both languages, and only file-bound ones are cached."""

from __future__ import annotations

import pytest

from audit.models import PhotoResult, Status
from audit.skips import REASONS, SkipCode, skip


def test_every_code_has_words_and_every_word_a_code():
    assert set(REASONS) == {code.value for code in SkipCode}
    assert all(code.message.en and code.message.zh for code in SkipCode)


def test_only_reasons_that_depend_on_the_file_alone_are_cacheable():
    cacheable = {code for code in SkipCode if code.cacheable}
    assert cacheable == {
        SkipCode.CORRUPT,
        SkipCode.NOT_AN_IMAGE,
        SkipCode.EMPTY_FILE,
        SkipCode.TOO_LARGE,
    }
    assert not SkipCode.TIMED_OUT.cacheable and not SkipCode.NO_PERMISSION.cacheable


def test_an_unknown_code_is_refused():
    with pytest.raises(ValueError):
        skip("no-such-code")


def test_a_result_is_either_audited_or_skipped_with_its_reason():
    reason = skip(SkipCode.CORRUPT, detail="bad marker")
    assert PhotoResult.skipped("a.jpg", reason).status is Status.SKIPPED
    with pytest.raises(ValueError):
        PhotoResult(path="a.jpg", status=Status.AUDITED, skip=reason)
    with pytest.raises(ValueError):
        PhotoResult(path="a.jpg", status=Status.SKIPPED)
