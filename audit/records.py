"""A photo result as compact JSON text, and back: how workers answer and what the cache keeps.

Results travel from worker processes and sit in the cache by the tens of thousands, so their
form matters: JSON is data only (a damaged or tampered cache cannot run code), and the C parser
is fast. The long bilingual sentences (a finding's title, why and fix) are the same in every
photo: a record names each by a short key made from its words, and carries them beside it
(Record.sentences), so the cache keeps each sentence once and the records a third of their
size, and a re-scan reads and parses that much less. Read back, each sentence is one shared
object.

A record is JSON texts joined by the ASCII record separator (0x1E), which JSON text never holds
raw (control characters are always escaped): the photo's own facts, its score, then each
finding. A library's photos share most of their findings (the same phone, owner and software in
every photo), so the decoder builds one object per distinct text and hands the same frozen
object to every photo that names it: a re-scan parses and builds a shared finding once, not
once per photo, and never parses a finding's text twice as a string inside another.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from audit.models import (
    Band,
    Confidence,
    Contribution,
    Evidence,
    EvidenceKind,
    Finding,
    Location,
    PhotoResult,
    Place,
    Score,
    Severity,
    Skip,
    Status,
    Text,
)
from audit.skips import SkipCode

VERSION = 5
Box = tuple[int, ...]
_SEVERITY = {int(s): s for s in Severity}
_CONFIDENCE = {int(c): c for c in Confidence}
_KIND = {k.value: k for k in EvidenceKind}
_STATUS = {s.value: s for s in Status}
_BAND = {b.value: b for b in Band}


class RecordError(ValueError):
    """The text is not a photo record of this version."""


#: A sentence as it travels: its key, its English and its Chinese.
Sentence = tuple[str, str, str]


@dataclass(frozen=True)
class Record:
    """What a worker sends: the record, and every sentence it names by key."""

    body: str
    sentences: tuple[Sentence, ...]


@functools.lru_cache(maxsize=4096)
def sentence_key(en: str, zh: str) -> str:
    """The same words always get the same key, in any process and any run of this version."""
    words = f"{en}\x00{zh}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(words, digest_size=9, person=b"exposure-text").hexdigest()


class _Encoder:
    """Turns one result into a record, collecting the sentences it names."""

    def __init__(self) -> None:
        self.sentences: dict[str, Sentence] = {}

    def text(self, text: Text | None) -> str | None:
        if text is None:
            return None
        key = sentence_key(text.en, text.zh)
        if key not in self.sentences:
            self.sentences[key] = (key, text.en, text.zh)
        return key

    def skip(self, skip: Skip) -> list[str | None]:
        return [skip.code, self.text(skip.message), skip.detail]

    def finding(self, finding: Finding) -> list[object]:
        text = self.text
        evidence = [
            [e.source, e.value, e.kind.value, list(e.box) if e.box else None, text(e.label)]
            for e in finding.evidence
        ]
        return [
            finding.id, int(finding.severity), int(finding.confidence), finding.bits,
            finding.links, text(finding.title), text(finding.why), text(finding.fix), evidence,
            finding.rule,
        ]  # fmt: skip


def _score(score: Score | None) -> list[object] | None:
    if score is None:
        return None
    return [
        score.bits,
        score.band.value,
        [[c.group, c.finding_id, c.bits] for c in score.contributions],
        score.linkers,
        score.lead_chance,
        score.at_home,
    ]


def _location(location: Location | None) -> list[object] | None:
    if location is None:
        return None
    place = location.place
    where = (
        [place.name, place.region, place.country, place.country_code, place.distance_km]
        if place
        else None
    )
    return [location.lat, location.lon, location.altitude_m, location.precision_m, where]


def _text_of(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: Between the JSON texts of a record.
SEPARATOR = "\x1e"


def encode(result: PhotoResult) -> Record:
    encoder = _Encoder()
    score = _score(result.score)
    facts = _text_of(
        [
            VERSION,
            result.status.value,
            encoder.skip(result.skip) if result.skip else None,
            _location(result.location),
            result.taken_at,
            result.file_format,
            [encoder.skip(note) for note in result.notes],
        ]
    )
    parts = [facts, "" if score is None else _text_of(score)]
    parts += [_text_of(encoder.finding(f)) for f in result.findings]
    return Record(SEPARATOR.join(parts), tuple(encoder.sentences.values()))


_new = object.__new__


def _evidence(
    source: str, value: str, kind: EvidenceKind, box: Box | None, label: Text | None
) -> Evidence:
    """Evidence built as pickle builds a dataclass, its fields set directly: a re-scan reads
    back some ten for every photo, and the frozen class's own __init__ takes three times as long
    (Finding likewise, in Decoder._finding; tests/test_records.py checks both against the
    classes' fields)."""
    built = _new(Evidence)
    fields = built.__dict__
    fields["source"] = source
    fields["value"] = value
    fields["kind"] = kind
    fields["box"] = box
    fields["label"] = label
    fields["value_words"] = None
    return built


#: What a damaged record raises as it is read: a value of the wrong kind, a missing part, a
#: sentence not learnt, or text nested deeper than the parser goes.
_UNREADABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError)


class Decoder:
    """Turns records back into results, with one shared object per sentence it has learnt."""

    #: Distinct findings and scores kept for sharing; past this many the store starts again,
    #: so a library of photos that share nothing keeps at most this many texts besides its
    #: results (some 15 MB for 50,000 photos).
    SHARED = 50_000

    def __init__(self) -> None:
        self._texts: dict[str, Text] = {}
        self._findings: dict[str, Finding] = {}
        self._scores: dict[str, Score] = {}

    def learn(self, sentences: Iterable[Sentence]) -> None:
        """Sentences records may name; one whose key does not fit its words is left out, so a
        damaged cache cannot put other words into a report (its records are read again)."""
        texts = self._texts
        for key, en, zh in sentences:
            if key not in texts and sentence_key(en, zh) == key:
                texts[key] = Text(en, zh)

    def _text(self, key: str | None) -> Text | None:
        return None if key is None else self._texts[key]

    def _words(self, key: str) -> Text:
        return self._texts[key]

    def _skip(self, row: list[str]) -> Skip:
        return Skip(SkipCode(row[0]), self._words(row[1]), _text_or_none(row[2]) or "")

    def _shared_finding(self, text: str) -> Finding:
        return _shared(self._findings, text, self._finding)

    def _shared_score(self, text: str) -> Score:
        return _shared(self._scores, text, _score_of)

    def _finding(self, row: list[Any]) -> Finding:
        text, words = self._text, self._words
        evidence = tuple(
            _evidence(
                _string(e[0]), _string(e[1]), _KIND[e[2]], _box(e[3]), text(_text_or_none(e[4]))
            )
            for e in row[8]
        )
        built = _new(Finding)
        fields = built.__dict__
        fields["id"] = _string(row[0])
        fields["severity"] = _SEVERITY[row[1]]
        fields["confidence"] = _CONFIDENCE[row[2]]
        fields["bits"] = _number(row[3])
        fields["title"] = words(row[5])
        fields["why"] = words(row[6])
        fields["fix"] = words(row[7])
        fields["evidence"] = evidence
        fields["links"] = _flag(row[4])
        fields["rule"] = _text_or_none(row[9])
        return built

    def decode(self, record: str, path: str) -> PhotoResult:
        """The result in ``record`` (a Record's body), shown under ``path``; RecordError if it
        is not one, or names a sentence not learnt."""
        try:
            facts, score, *findings = record.split(SEPARATOR)
            version, status, skip, location, taken_at, file_format, notes = json.loads(facts)
            if version != VERSION:
                raise RecordError(f"record version {version}")
            return PhotoResult(
                path=path,
                status=_STATUS[status],
                findings=tuple(map(self._shared_finding, findings)),
                skip=self._skip(skip) if skip else None,
                location=_location_of(location),
                taken_at=_text_or_none(taken_at),
                file_format=_text_or_none(file_format),
                notes=tuple(self._skip(n) for n in notes),
                score=self._shared_score(score) if score else None,
            )
        except RecordError:
            raise
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            RecursionError,
        ) as error:
            raise RecordError(str(error)[:200]) from None


_Built = TypeVar("_Built")

# A record read back from the cache is data anyone with the user's rights could have changed:
# every value is checked for its kind as it is built, so a wrong one makes the record unreadable
# (the photo is read again) instead of failing later, in the report.


def _shared(store: dict[str, _Built], text: str, build: Callable[[Any], _Built]) -> _Built:
    """The one object built from ``text``; ``store`` starts again past Decoder.SHARED."""
    built = store.get(text)
    if built is None:
        built = build(json.loads(text))
        if len(store) >= Decoder.SHARED:
            store.clear()
        store[text] = built
    return built


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"not text: {type(value).__name__}")
    return value


def _text_or_none(value: object) -> str | None:
    return None if value is None else _string(value)


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"not a number: {type(value).__name__}")
    return value


def _number_or_none(value: object) -> float | None:
    return None if value is None else _number(value)


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not true or false: {type(value).__name__}")
    return value


def _box(value: object) -> Box | None:
    if not value:
        return None
    if not isinstance(value, list) or len(value) != 4:
        raise TypeError("not a box")
    return tuple(int(_number(part)) for part in value)


def _score_of(row: list[Any]) -> Score:
    return Score(
        _number(row[0]),
        _BAND[row[1]],
        tuple(Contribution(_string(c[0]), _string(c[1]), _number(c[2])) for c in row[2]),
        int(_number(row[3])),
        _number(row[4]),
        _flag(row[5]),
    )


def _location_of(row: list[Any] | None) -> Location | None:
    if row is None:
        return None
    where = row[4]
    place = (
        Place(_string(where[0]), _string(where[1]), _string(where[2]), _string(where[3]),
              _number(where[4]))
        if where
        else None
    )  # fmt: skip
    return Location(
        _number(row[0]), _number(row[1]), _number_or_none(row[2]), _number(row[3]), place
    )
