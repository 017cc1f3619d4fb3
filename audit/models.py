"""The values every part of exposure passes around: findings, photos, scores, reports.

All of them are frozen so that a detector, the scorer and a formatter can share them without
one changing what another sees. Severity and confidence are ordered enums, so that
``--fail-on high`` is a comparison, not a string match.
"""

from __future__ import annotations

import enum
import functools
import math
from dataclasses import dataclass

WORLD_POPULATION = 8.1e9
#: log2 of the world's population: the bits that single out one person.
MAX_BITS = math.log2(WORLD_POPULATION)


class Lang(enum.StrEnum):
    EN = "en"
    ZH = "zh"


@dataclass(frozen=True)
class Text:
    """A user-facing sentence in both languages the tool speaks."""

    en: str
    zh: str

    def get(self, lang: Lang | str) -> str:
        return self.zh if str(lang) == "zh" else self.en

    def format(self, **values: object) -> Text:
        return Text(self.en.format(**values), self.zh.format(**values))


class Severity(enum.IntEnum):
    """How much a finding matters if a stranger sees the photo."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.strip().upper()]


class Confidence(enum.IntEnum):
    """How sure the detector is that what it saw is real (GPS tags: high; OCR: lower)."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Confidence:
        return cls[value.strip().upper()]


class EvidenceKind(enum.StrEnum):
    """What sort of value a piece of evidence is; it decides how ``--redact`` treats it."""

    COORDINATES = "coordinates"
    PLACE = "place"
    SERIAL = "serial"
    IDENTIFIER = "identifier"
    NAME = "name"
    CONTACT = "contact"
    HANDLE = "handle"
    TEXT = "text"
    TIME = "time"
    DEVICE = "device"
    FILE = "file"
    SIZE = "size"
    #: A settings answer or menu path: about the app, not the person, so never masked.
    SETTING = "setting"


@dataclass(frozen=True)
class Evidence:
    """What was seen and where: a tag name, a chunk, a region of the pixels."""

    source: str
    value: str
    kind: EvidenceKind = EvidenceKind.TEXT
    #: Left, top, width, height in the photo's pixels, for things seen in the image.
    box: tuple[int, int, int, int] | None = None
    #: Words for ``source`` when it is not a tag name (e.g. "precision", "file name").
    label: Text | None = None
    #: Words for ``value`` when it is a code with a meaning (a settings answer: "yes" / "是").
    value_words: Text | None = None

    def source_words(self, lang: Lang | str) -> str:
        return self.label.get(lang) if self.label else self.source

    def shown_value(self, lang: Lang | str) -> str:
        return self.value_words.get(lang) if self.value_words else self.value


@dataclass(frozen=True)
class Finding:
    """One thing in a photo (or across photos) that helps a stranger find its owner."""

    id: str
    severity: Severity
    confidence: Confidence
    #: Surprisal in bits: -log2 of the share of people who share this value.
    bits: float
    title: Text
    why: Text
    fix: Text
    evidence: tuple[Evidence, ...] = ()
    #: A linker (serial number, unique id) names no one by itself but ties photos together.
    links: bool = False
    #: The rule that fired, ``id/name``: a data-file rule (``text.watermark/xiaohongshu``,
    #: ``identity.owner/copyright``) or the branch of a code detector (``location.gps/exif``).
    rule: str = ""

    def matches(self, prefixes: tuple[str, ...]) -> bool:
        """True when a prefix picks this finding by its id or by its rule."""
        return any(self.id.startswith(p) or self.rule.startswith(p) for p in prefixes)


@dataclass(frozen=True)
class Place:
    """The nearest populated place in the offline GeoNames data."""

    name: str
    region: str
    country: str
    country_code: str
    distance_km: float

    @property
    def label(self) -> str:
        parts = [part for part in (self.name, self.region, self.country) if part]
        return ", ".join(dict.fromkeys(parts))


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    altitude_m: float | None
    #: The radius in metres that the stored value really pins down.
    precision_m: float
    place: Place | None


@dataclass(frozen=True)
class Skip:
    """Why a photo, or one kind of check on it, could not be done."""

    code: str
    message: Text
    #: A technical detail (the reader's own words), kept short; shown only in JSON.
    detail: str = ""


class Status(enum.StrEnum):
    AUDITED = "audited"
    SKIPPED = "skipped"


class Band(enum.StrEnum):
    CROWD = "crowd"
    NEIGHBOURHOOD = "neighbourhood"
    STREET = "street or small group"
    LIKELY_YOU = "likely you"

    @property
    def rank(self) -> int:
        return _BAND_RANKS[self]


#: Each band's place in the order above (a report ranks every photo by it).
_BAND_RANKS = {band: position for position, band in enumerate(Band)}


@dataclass(frozen=True)
class Contribution:
    """How one finding fed the total: its group and the bits it added there."""

    group: str
    finding_id: str
    bits: float


@dataclass(frozen=True)
class Score:
    bits: float
    band: Band
    contributions: tuple[Contribution, ...] = ()
    #: Linkers seen: they add nothing alone but join photos into one set.
    linkers: int = 0
    #: Chance that a lead (a face put into a face-search engine) finds other photos of her.
    lead_chance: float = 0.0
    #: A GPS fix was scored as a home, school or workplace, not just where a photo was taken.
    at_home: bool = False

    @property
    def one_in(self) -> float:
        """This many people, on average, for each one who shares all the findings."""
        return float(2.0**self.bits)

    @property
    def crowd(self) -> float:
        """About how many people in the world share all the findings."""
        return max(1.0, WORLD_POPULATION / self.one_in)


@dataclass(frozen=True)
class PhotoResult:
    """One input: audited with its findings, or skipped with the reason."""

    path: str
    status: Status
    findings: tuple[Finding, ...] = ()
    skip: Skip | None = None
    location: Location | None = None
    #: Capture time as written in the file, ISO 8601, with its offset when the file has one.
    taken_at: str | None = None
    file_format: str | None = None
    #: Checks that could not run on an audited photo (for example the pixels were too large).
    notes: tuple[Skip, ...] = ()
    score: Score | None = None
    #: Other paths (links, second names) that lead to this same file; it is audited once.
    also_at: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # An audited photo has no skip reason; a skipped input has one and nothing else found.
        if (self.status is Status.SKIPPED) != (self.skip is not None):
            raise ValueError(
                f"a {self.status} result {'needs' if self.skip is None else 'has'} a skip"
            )
        if self.status is Status.SKIPPED and (self.findings or self.location or self.score):
            raise ValueError("a skipped input carries no findings, location or score")

    @classmethod
    def skipped(cls, path: str, reason: Skip, file_format: str | None = None) -> PhotoResult:
        """An input that could not be audited, and why."""
        return cls(path=path, status=Status.SKIPPED, skip=reason, file_format=file_format)

    @property
    def fully_read(self) -> bool:
        """True when every part of the file was read and checked; only then may it be "clean"."""
        from audit.skips import NOT_FULLY_READ

        return self.status is Status.AUDITED and not any(
            note.code in NOT_FULLY_READ for note in self.notes
        )

    @property
    def unread_notes(self) -> tuple[Skip, ...]:
        """The notes that say which part of the file was not read or not checked."""
        from audit.skips import NOT_FULLY_READ

        return tuple(note for note in self.notes if note.code in NOT_FULLY_READ)


@dataclass(frozen=True)
class AuditReport:
    """Everything one run found; the only thing a formatter sees."""

    tool_version: str
    photos: tuple[PhotoResult, ...]
    set_findings: tuple[Finding, ...] = ()
    set_score: Score | None = None
    profile_findings: tuple[Finding, ...] = ()
    redacted: bool = False
    metadata_only: bool = False

    # Formatters ask for these several times over tens of thousands of photos: each is worked
    # out once (the report is frozen, so it cannot go stale).
    @functools.cached_property
    def all_findings(self) -> tuple[Finding, ...]:
        photo_findings = tuple(f for photo in self.photos for f in photo.findings)
        return photo_findings + self.set_findings + self.profile_findings

    @functools.cached_property
    def audited(self) -> tuple[PhotoResult, ...]:
        return tuple(p for p in self.photos if p.status is Status.AUDITED)

    @functools.cached_property
    def skipped(self) -> tuple[PhotoResult, ...]:
        return tuple(p for p in self.photos if p.status is Status.SKIPPED)
