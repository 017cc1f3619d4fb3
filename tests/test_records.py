"""Worker and cache records: every result survives the round trip unchanged."""

from __future__ import annotations

import pytest
from canonical import canonical_report

from audit import records


def _round_trip(result, decoder=None, path=None):
    decoder = decoder or records.Decoder()
    record = records.encode(result)
    decoder.learn(record.sentences)
    return decoder.decode(record.body, path or result.path)


@pytest.mark.parametrize("index", [0, 1])
def test_round_trip(index):
    result = canonical_report().photos[index]
    assert _round_trip(result) == result


def test_decoder_shares_repeated_sentences():
    result = canonical_report().photos[0]
    decoder = records.Decoder()
    first = _round_trip(result, decoder, "a")
    second = _round_trip(result, decoder, "b")
    assert first.findings[0].why is second.findings[0].why


def test_photos_that_share_a_finding_share_one_object():
    photos = canonical_report().photos
    decoder = records.Decoder()
    first = _round_trip(photos[0], decoder, "a")
    second = _round_trip(photos[0], decoder, "b")
    assert first == _round_trip(photos[0], path="a")
    assert all(a is b for a, b in zip(first.findings, second.findings, strict=True))
    assert first.score is second.score


def test_the_shared_findings_start_again_past_their_bound(monkeypatch):
    monkeypatch.setattr(records.Decoder, "SHARED", 2)
    photo = canonical_report().photos[0]
    assert len(photo.findings) > 2
    decoder = records.Decoder()
    assert _round_trip(photo, decoder) == photo
    assert len(decoder._findings) <= 2
    assert _round_trip(photo, decoder) == photo


def test_sentences_travel_beside_the_record_not_in_it():
    result = canonical_report().photos[0]
    record = records.encode(result)
    why = result.findings[0].why
    assert why.en not in record.body and why.zh not in record.body
    assert (records.sentence_key(why.en, why.zh), why.en, why.zh) in record.sentences
    assert len({key for key, _, _ in record.sentences}) == len(record.sentences)


def test_a_record_naming_a_sentence_not_learnt_is_refused():
    record = records.encode(canonical_report().photos[0])
    with pytest.raises(records.RecordError):
        records.Decoder().decode(record.body, "x")


def test_a_sentence_whose_words_do_not_fit_its_key_is_not_learnt():
    result = canonical_report().photos[0]
    record = records.encode(result)
    swapped = [(key, "Nothing to worry about.", zh) for key, en, zh in record.sentences]
    decoder = records.Decoder()
    decoder.learn(swapped)
    with pytest.raises(records.RecordError):
        decoder.decode(record.body, "x")


@pytest.mark.parametrize(
    "text", ["", "[]", "not json", "[2]", '[1,"audited",null,[["x"]],null,null,null,[],null]']
)
def test_bad_records_are_refused(text):
    with pytest.raises(records.RecordError):
        records.Decoder().decode(text, "x")


_FACTS = f'[{records.VERSION},"audited",null,null,null,null,[]]'


@pytest.mark.parametrize(
    "text",
    [
        _FACTS,
        _FACTS + "\x1e\x1e{",
        _FACTS + "\x1e[1]",
        _FACTS + '\x1e\x1e["x"]',
        _FACTS.encode(),
        None,
    ],
)
def test_damaged_parts_of_a_record_are_refused(text):
    with pytest.raises(records.RecordError):
        records.Decoder().decode(text, "x")


def _tampered(change_finding=None, change_score=None):
    """A real record with one part changed as someone editing the cache could."""
    import dataclasses
    import json

    from audit.models import Band, Contribution, Score

    photo = canonical_report().photos[0]
    photo = dataclasses.replace(
        photo, score=Score(12.5, Band.LIKELY_YOU, (Contribution("place", "location.gps", 9.0),))
    )
    record = records.encode(photo)
    facts, score, finding, *rest = record.body.split(records.SEPARATOR)
    finding_row, score_row = json.loads(finding), json.loads(score)
    if change_finding:
        change_finding(finding_row)
    if change_score:
        change_score(score_row)
    parts = [facts, json.dumps(score_row), json.dumps(finding_row), *rest]
    decoder = records.Decoder()
    decoder.learn(record.sentences)
    return decoder, records.SEPARATOR.join(parts)


def _set(index, value):
    def change(row):
        row[index] = value

    return change


@pytest.mark.parametrize(
    ("finding", "score"),
    [
        (_set(3, "many"), None),  # bits
        (_set(4, "yes"), None),  # links
        (_set(0, 7), None),  # id
        (_set(8, [["src", "value", "text", "abcd", None]]), None),  # a box that is not one
        (_set(8, [["src", ["not", "text"], "text", None, None]]), None),
        (None, _set(2, ["abc"])),  # a contribution that is not one
        (None, _set(0, None)),
        (_set(8, "[" * 100_000), None),
    ],
)
def test_values_of_the_wrong_kind_make_a_record_unreadable(finding, score):
    decoder, body = _tampered(finding, score)
    with pytest.raises(records.RecordError):
        decoder.decode(body, "x")


def test_text_nested_deeper_than_the_parser_goes_is_unreadable():
    decoder, body = _tampered()
    facts, score, *findings = body.split(records.SEPARATOR)
    deep = "[" * 200_000 + "]" * 200_000
    for broken in ([deep, score, *findings], [facts, deep, *findings], [facts, score, deep]):
        with pytest.raises(records.RecordError):
            decoder.decode(records.SEPARATOR.join(broken), "x")


def test_an_untampered_record_reads_back_through_the_same_path():
    decoder, body = _tampered()
    assert decoder.decode(body, "x").score.contributions[0].bits == 9.0


def test_a_record_without_findings_or_score_is_read():
    result = records.Decoder().decode(_FACTS + "\x1e", "x")
    assert result.findings == () and result.score is None


def test_a_record_of_the_previous_version_is_refused():
    body = records.encode(canonical_report().photos[0]).body
    with pytest.raises(records.RecordError):
        records.Decoder().decode(body.replace(f"[{records.VERSION},", "[4,", 1), "x")


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
    assert _round_trip(scored).score == scored.score


def test_the_decoder_sets_every_field_of_what_it_builds_itself():
    """Findings and evidence are built field by field: a field added to either class must be
    read back too, or the round trip above would not be equal."""
    import dataclasses

    from audit.models import Evidence, EvidenceKind, Finding, Text

    photo = canonical_report().photos[0]
    seen = Evidence(
        "text", "@lin.xiaoyu", EvidenceKind.HANDLE, (10, 20, 300, 40), Text("watermark", "水印")
    )
    first = photo.findings[0]
    photo = dataclasses.replace(
        photo, findings=(dataclasses.replace(first, evidence=(seen,)), *photo.findings)
    )
    decoded = _round_trip(photo)
    assert decoded == photo
    for finding in decoded.findings:
        assert list(vars(finding)) == [field.name for field in dataclasses.fields(Finding)]
        for evidence in finding.evidence:
            assert list(vars(evidence)) == [field.name for field in dataclasses.fields(Evidence)]
