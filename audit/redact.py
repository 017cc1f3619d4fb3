"""``--redact``: a copy of a report that can be shown to a room or shared.

Photos are numbered instead of named (no folder or file name survives: a name, a phone number
or a folder called after a person would give her away). Coordinates are rounded to a tenth of
a degree (about 11 km) and place names coarsened the same way (the nearest place is dropped,
region and country kept); precision widened to match; altitude and how many photos were taken
at night dropped; times kept to the day. Serial numbers and ids are masked but for their last
two characters, names and contacts reduced to initials, free text replaced by its length, and
technical details (which can quote paths) left out. The JSON of a redacted report therefore
holds no more than its table.
"""

from __future__ import annotations

import dataclasses
import datetime
import re

from audit import places
from audit.formats.common import ranked_photos
from audit.models import (
    AuditReport,
    Evidence,
    EvidenceKind,
    Finding,
    Location,
    PhotoResult,
    Place,
    Skip,
    Text,
)
from audit.skips import REASONS, SkipCode

MASK = "*"
#: A place this populous spans more than the coarsened coordinates do.
BIG_CITY = 1_000_000
#: Coordinates in a shared report keep one decimal: a cell of 11.1 km north-south, a district
#: rather than a street (docs/identifiability.md §3.1).
COARSE_DEGREES = 1
COARSE_PRECISION_M = 11_000.0
COARSE_PRECISION = "11 km"
_DAY = re.compile(r"^(\d{4}[-:]\d{2}[-:]\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?.*$")
_TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b")
#: Size evidence that would still tell more than the table should under --redact.
_DROPPED_SOURCES = frozenset({"night photos", "altitude", "stored to", "GPS error tag"})
_COARSENED_SOURCES = frozenset({"precision"})


def mask_identifier(value: str) -> str:
    keep = 2 if len(value) > 4 else 0
    return MASK * max(3, len(value) - keep) + (value[-keep:] if keep else "")


def mask_name(value: str) -> str:
    words = re.split(r"(\s+|@|\.)", value)
    return "".join(
        word if not word.strip() or word in "@." else word[0] + MASK * 3 for word in words
    )


def coarse_coordinates(value: str) -> str:
    numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
    if len(numbers) < 2:
        return MASK * 3
    return ", ".join(f"{float(n):.{COARSE_DEGREES}f}" for n in numbers[:2])


def coarse_place(value: str) -> str:
    """The place name at the ~10 km of the coordinates: the nearest place is dropped unless it
    is itself a city of a million or more (already coarser than that)."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if len(parts) > 1:
        known = places.population_of(parts[0])
        return ", ".join(parts if known and known >= BIG_CITY else parts[1:])
    known = places.population_of(parts[0]) if parts else None
    return parts[0] if known and known >= BIG_CITY else MASK * 3


def day_only(value: str) -> str:
    """A date and time kept to the day; a time-zone offset alone is kept."""
    match = _DAY.match(value.strip())
    if match:
        return match.group(1).replace(":", "-")
    if value.strip().upper().startswith("UTC"):
        return value
    return _TIME_OF_DAY.sub("", value).strip()


#: Places worked out by exposure (the nearest GeoNames place) or named in free text, which are
#: coarsened; any other place evidence was typed into the file (a street, a room) and is masked,
#: but for the fields that hold no more than a city, a region or a country.
_LOOKED_UP_PLACES = frozenset({"near", "place"})
_COARSE_FIELDS = re.compile(r"(City|ProvinceState|State|Country|CountryName|CountryCode)$")
#: Device fields a person types or a computer fills with its owner's name ("Lin's MacBook").
_OWNER_DEVICE_FIELDS = re.compile(r"(HostComputer|CameraOwnerName|OwnerName)$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d[\d ()+-]{4,}\d")
#: Dates written into file names: 20240601, 2024-06-01, 2024_06_01; or a Unix time in ms or s.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})")
_NAME_EPOCH = re.compile(r"(?<!\d)(1\d{12}|1\d{9})(?!\d)")
#: Evidence read from a file's own name, or another name of the same file (a link).
_NAME_SOURCES = frozenset({"file name", "other file name"})
#: PNG text keywords defined by the PNG specification or written by common programs; any other
#: keyword is a name someone chose, and may be theirs.
_PNG_KEYWORDS = frozenset(
    {
        "title", "author", "description", "copyright", "creation time", "software",
        "disclaimer", "warning", "source", "comment", "parameters", "prompt", "workflow",
        "xml:com.adobe.xmp", "date:create", "date:modify", "date:timestamp",
    }
)  # fmt: skip


#: A name that owns a thing: "Lily Chen's Snapseed", "林小雨的iPhone".
_POSSESSIVE = re.compile(r"(?:[A-Z][\w-]*\s+)*[A-Z][\w-]*(?='s\b|’s\b)|[\u4e00-\u9fff]{1,4}(?=的)")


def _scrubbed(value: str) -> str:
    """A free-text value with e-mail addresses, long numbers (phones, serials) and the names
    that own a thing masked."""
    value = _EMAIL.sub(lambda match: mask_name(match.group(0)), value)
    value = _LONG_NUMBER.sub(lambda match: MASK * len(match.group(0)), value)
    return _POSSESSIVE.sub(lambda match: mask_name(match.group(0)), value)


def _name_time(value: str) -> str:
    """The date a file name gives, without its time of day (or the name masked)."""
    found = _NAME_DATE.search(value)
    if found:
        return "-".join(found.groups())
    epoch = _NAME_EPOCH.search(value)
    if epoch:
        seconds = int(epoch.group(1)) / (1000 if len(epoch.group(1)) == 13 else 1)
        return datetime.datetime.fromtimestamp(seconds, datetime.UTC).strftime("%Y-%m-%d")
    return MASK * 3


def _source(source: str) -> str:
    """The source of a value, with a PNG text chunk's own keyword left out unless standard."""
    for prefix in ("PNG.tEXt.", "PNG.zTXt.", "PNG.iTXt."):
        if source.startswith(prefix):
            keyword = source[len(prefix) :]
            if keyword.lower() in _PNG_KEYWORDS or keyword.startswith("Raw profile type"):
                return source
            return prefix + MASK * 3
    return source


def _masked(evidence: Evidence) -> str:
    kind, value = evidence.kind, evidence.value
    if kind is EvidenceKind.COORDINATES:
        return coarse_coordinates(value)
    if kind is EvidenceKind.PLACE:
        if evidence.source in _LOOKED_UP_PLACES or _COARSE_FIELDS.search(evidence.source):
            return coarse_place(value)
        return mask_name(value)
    if kind is EvidenceKind.DEVICE:
        return (
            mask_name(value) if _OWNER_DEVICE_FIELDS.search(evidence.source) else _scrubbed(value)
        )
    if kind in (EvidenceKind.SERIAL, EvidenceKind.IDENTIFIER):
        return mask_identifier(value)
    if kind in (EvidenceKind.NAME, EvidenceKind.CONTACT, EvidenceKind.HANDLE):
        return mask_name(value)
    if kind is EvidenceKind.TEXT:
        return f"[{len(value)} characters]"
    if kind is EvidenceKind.TIME:
        return _name_time(value) if evidence.source in _NAME_SOURCES else day_only(value)
    return value


def _evidence(evidence: Evidence, numbers: dict[str, str]) -> Evidence | None:
    if evidence.kind is EvidenceKind.SIZE and evidence.source in _DROPPED_SOURCES:
        return None
    if evidence.kind is EvidenceKind.SIZE and evidence.source in _COARSENED_SOURCES:
        return dataclasses.replace(evidence, value=COARSE_PRECISION)
    if evidence.kind is EvidenceKind.FILE:
        return dataclasses.replace(evidence, value=numbers.get(evidence.value, "#?"))
    return dataclasses.replace(evidence, value=_masked(evidence), source=_source(evidence.source))


def _finding(finding: Finding, numbers: dict[str, str]) -> Finding:
    kept = (_evidence(e, numbers) for e in finding.evidence)
    return dataclasses.replace(finding, evidence=tuple(e for e in kept if e is not None))


def _location(location: Location | None) -> Location | None:
    if location is None:
        return None
    place = location.place
    if place is not None:
        place = Place("", "", coarse_place(place.label), place.country_code, 0.0)
    return Location(
        round(location.lat, COARSE_DEGREES),
        round(location.lon, COARSE_DEGREES),
        None,
        max(location.precision_m, COARSE_PRECISION_M),
        place,
    )


#: Parts of a skip reason that may hold a file's own text: its extension, another name it has,
#: an error message quoting it.
_PERSONAL_PLACES = re.compile(r"\{(extension|other|detail|reason|why)\}")


class _Hidden(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "…"


def _skip(skip: Skip | None) -> Skip | None:
    """The reason without the file's own text: a reason that quotes the file (its extension,
    its other name, an error naming it) is said again with every value left out."""
    if skip is None:
        return None
    template = REASONS.get(SkipCode(skip.code)) if skip.code in _SKIP_CODES else None
    message = skip.message
    if template is not None and _PERSONAL_PLACES.search(template.en + template.zh):
        message = Text(template.en.format_map(_Hidden()), template.zh.format_map(_Hidden()))
    return dataclasses.replace(skip, message=message, detail="")


_SKIP_CODES = frozenset(code.value for code in SkipCode)


def redact_report(report: AuditReport) -> AuditReport:
    order = ranked_photos(report) + list(report.skipped)
    numbers = {photo.path: f"#{n}" for n, photo in enumerate(order, start=1)}
    photos: list[PhotoResult] = []
    for photo in report.photos:
        photos.append(
            dataclasses.replace(
                photo,
                path=numbers[photo.path],
                findings=tuple(_finding(f, numbers) for f in photo.findings),
                location=_location(photo.location),
                taken_at=photo.taken_at[:10] if photo.taken_at else None,
                skip=_skip(photo.skip),
                also_at=(),
                notes=tuple(dataclasses.replace(n, detail="") for n in photo.notes),
            )
        )
    return dataclasses.replace(
        report,
        photos=tuple(photos),
        set_findings=tuple(_finding(f, numbers) for f in report.set_findings),
        profile_findings=tuple(_finding(f, numbers) for f in report.profile_findings),
        redacted=True,
    )
