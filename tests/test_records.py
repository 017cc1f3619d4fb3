"""Worker and cache records: every result survives the round trip unchanged."""

from __future__ import annotations

import pytest
from canonical import canonical_report

from audit import records


@pytest.mark.parametrize("index", [0, 1])
def test_round_trip(index):
    result = canonical_report().photos[index]
    assert records.Decoder().decode(records.encode(result), result.path) == result


def test_decoder_shares_repeated_sentences():
    result = canonical_report().photos[0]
    decoder = records.Decoder()
    first = decoder.decode(records.encode(result), "a")
    second = decoder.decode(records.encode(result), "b")
    assert first.findings[0].why is second.findings[0].why


@pytest.mark.parametrize(
    "text", ["", "[]", "not json", "[2]", '[1,"audited",null,[["x"]],null,null,null,[],null]']
)
def test_bad_records_are_refused(text):
    with pytest.raises(records.RecordError):
        records.Decoder().decode(text, "x")


def test_the_whole_score_survives_so_the_report_need_not_score_again():
    import dataclasses

    from audit.models import Band, Contribution, Score

    photo = canonical_report().photos[0]
    scored = dataclasses.replace(
        photo,
        score=Score(
            41.5, Band.LIKELY_YOU, (Contribution("location", "location.gps", 30.0),), 2, 0.35, True
        ),
    )
    assert records.Decoder().decode(records.encode(scored), scored.path).score == scored.score
