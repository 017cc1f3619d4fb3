"""A photo result as compact JSON text, and back: how workers answer and what the cache keeps.

Results travel from worker processes and sit in the cache by the tens of thousands, so their
form matters: JSON is data only (a damaged or tampered cache cannot run code), the C parser is
fast, and the long bilingual sentences that repeat in every finding are shared again as one
object each when read back.
"""

from __future__ import annotations

import json
from typing import Any

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

VERSION = 3
_SEVERITY = {int(s): s for s in Severity}
_CONFIDENCE = {int(c): c for c in Confidence}
_KIND = {k.value: k for k in EvidenceKind}
_STATUS = {s.value: s for s in Status}
_BAND = {b.value: b for b in Band}


class RecordError(ValueError):
    """The text is not a photo record of this version."""


def _text(text: Text | None) -> list[str] | None:
    return [text.en, text.zh] if text is not None else None


def _skip(skip: Skip) -> list[str]:
    return [skip.code, skip.message.en, skip.message.zh, skip.detail]


def _finding(finding: Finding) -> list[object]:
    evidence = [
        [e.source, e.value, e.kind.value, list(e.box) if e.box else None, _text(e.label)]
        for e in finding.evidence
    ]
    return [
        finding.id, int(finding.severity), int(finding.confidence), finding.bits, finding.links,
        _text(finding.title), _text(finding.why), _text(finding.fix), evidence, finding.rule,
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


def encode(result: PhotoResult) -> str:
    return json.dumps(
        [
            VERSION,
            result.status.value,
            _skip(result.skip) if result.skip else None,
            [_finding(f) for f in result.findings],
            _location(result.location),
            result.taken_at,
            result.file_format,
            [_skip(note) for note in result.notes],
            _score(result.score),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )  # fmt: skip


class Decoder:
    """Turns records back into results, sharing one object per distinct sentence."""

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], Text] = {}

    def _text(self, pair: list[str] | None) -> Text | None:
        if pair is None:
            return None
        key = (pair[0], pair[1])
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = Text(pair[0], pair[1])
        return found

    def _words(self, pair: list[str] | None) -> Text:
        found = self._text(pair)
        if found is None:
            raise RecordError("a sentence is missing from the record")
        return found

    def _skip(self, row: list[str]) -> Skip:
        return Skip(SkipCode(row[0]), self._words(row[1:3]), row[3])

    def _finding(self, row: list[Any]) -> Finding:
        text, words = self._text, self._words
        evidence = tuple(
            Evidence(e[0], e[1], _KIND[e[2]], tuple(e[3]) if e[3] else None, text(e[4]))
            for e in row[8]
        )
        return Finding(
            row[0],
            _SEVERITY[row[1]],
            _CONFIDENCE[row[2]],
            row[3],
            words(row[5]),
            words(row[6]),
            words(row[7]),
            evidence,
            row[4],
            row[9],
        )

    def decode(self, record: str, path: str) -> PhotoResult:
        """The result in ``record``, shown under ``path``; RecordError if it is not one."""
        try:
            version, status, skip, findings, location, taken_at, file_format, notes, score = (
                json.loads(record)
            )
            if version != VERSION:
                raise RecordError(f"record version {version}")
            where = None
            if location is not None:
                place = Place(*location[4]) if location[4] else None
                where = Location(location[0], location[1], location[2], location[3], place)
            return PhotoResult(
                path=path,
                status=_STATUS[status],
                findings=tuple(self._finding(f) for f in findings),
                skip=self._skip(skip) if skip else None,
                location=where,
                taken_at=taken_at,
                file_format=file_format,
                notes=tuple(self._skip(n) for n in notes),
                score=Score(
                    score[0],
                    _BAND[score[1]],
                    tuple(Contribution(*c) for c in score[2]),
                    score[3],
                    score[4],
                    score[5],
                )
                if score
                else None,
            )
        except RecordError:
            raise
        except (ValueError, TypeError, KeyError, IndexError) as error:
            raise RecordError(str(error)) from None
