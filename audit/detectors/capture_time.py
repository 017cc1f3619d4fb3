"""When the photo was taken, and in which time zone.

The capture time is read from the first field that has it (EXIF, then XMP, then IPTC). The
time-zone offset comes from the OffsetTime tags, or is worked out from the GPS clock (always
UTC) when both clocks are present. The offset is what adds bits: it says which band of the
world the photo was taken in (audit.score.TIMEZONE_SHARES).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from audit import messages
from audit.catalog import make_finding
from audit.detectors.registry import Detection, Need, PhotoContext, detector
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity
from audit.readers.metadata import Metadata
from audit.score import timezone_bits

_TIME_KEYS = (
    "Exif.Photo.DateTimeOriginal",
    "Exif.Image.DateTimeOriginal",
    "Xmp.exif.DateTimeOriginal",
    "Xmp.photoshop.DateCreated",
    "Exif.Photo.DateTimeDigitized",
    "Xmp.xmp.CreateDate",
    "Iptc.Application2.DateCreated",
    "Exif.Image.DateTime",
)
_OFFSET_KEYS = (
    "Exif.Photo.OffsetTimeOriginal",
    "Exif.Photo.OffsetTimeDigitized",
    "Exif.Photo.OffsetTime",
)
_GPS_KEYS = ("Exif.GPSInfo.GPSDateStamp", "Exif.GPSInfo.GPSTimeStamp")

KEYS = frozenset(_TIME_KEYS + _OFFSET_KEYS + _GPS_KEYS + ("Iptc.Application2.TimeCreated",))

_STAMP = re.compile(
    r"^\s*(\d{4})[:-](\d{2})[:-](\d{2})"  # date
    r"(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"  # time
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"  # offset
)
_OFFSET = re.compile(r"^\s*([+-])(\d{2}):?(\d{2})\s*$")


@dataclass(frozen=True)
class CaptureTime:
    local: datetime
    #: Minutes east of UTC, when known.
    offset_minutes: int | None
    source: str
    offset_source: str = ""

    def iso(self) -> str:
        text = self.local.strftime("%Y-%m-%dT%H:%M:%S")
        if self.offset_minutes is None:
            return text
        sign = "+" if self.offset_minutes >= 0 else "-"
        hours, minutes = divmod(abs(self.offset_minutes), 60)
        return f"{text}{sign}{hours:02d}:{minutes:02d}"


def _parse_offset(text: str) -> int | None:
    if text.strip() == "Z":
        return 0
    match = _OFFSET.match(text)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    total = int(hours) * 60 + int(minutes)
    if total > 14 * 60:
        return None
    return -total if sign == "-" else total


def _parse_stamp(text: str) -> tuple[datetime, int | None] | None:
    match = _STAMP.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None
    if moment.year < 1900:
        return None
    return moment, _parse_offset(zone) if zone else None


def _gps_utc(metadata: Metadata) -> datetime | None:
    date = metadata.text("Exif.GPSInfo.GPSDateStamp")
    clock = metadata.first("Exif.GPSInfo.GPSTimeStamp")
    parsed = _parse_stamp(date)
    if (
        parsed is None
        or clock is None
        or len(clock.rationals) < 3
        or any(d == 0 for _, d in clock.rationals[:3])
    ):
        return None
    hours, minutes, seconds = (n / d for n, d in clock.rationals[:3])
    try:
        return parsed[0] + timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except OverflowError:
        return None


def read_time(metadata: Metadata) -> CaptureTime | None:
    for key in _TIME_KEYS:
        parsed = _parse_stamp(metadata.text(key))
        if parsed is None:
            continue
        local, zone = parsed
        if zone is not None:
            return CaptureTime(local, zone, key, key)
        for offset_key in _OFFSET_KEYS:
            offset = _parse_offset(metadata.text(offset_key))
            if offset is not None:
                return CaptureTime(local, offset, key, offset_key)
        utc = _gps_utc(metadata)
        if utc is not None:
            minutes = round((local - utc).total_seconds() / 900) * 15
            if abs(minutes) <= 14 * 60:
                return CaptureTime(local, minutes, key, "GPS clock")
        return CaptureTime(local, None, key)
    return None


def detect(metadata: Metadata) -> tuple[list[Finding], CaptureTime | None]:
    taken = read_time(metadata)
    if taken is None:
        return [], None
    evidence = [
        Evidence(taken.source, taken.local.strftime("%Y-%m-%d %H:%M:%S"), EvidenceKind.TIME)
    ]
    if taken.offset_minutes is None:
        finding = make_finding(
            "time.original", Severity.LOW, Confidence.HIGH, 0.0, tuple(evidence), rule="local"
        )
        return [finding], taken
    label = messages.TIME_ZONE_FROM_GPS if taken.offset_source == "GPS clock" else None
    evidence.append(
        Evidence(taken.offset_source, "UTC" + taken.iso()[19:], EvidenceKind.TIME, label=label)
    )
    finding = make_finding(
        "time.original",
        Severity.MEDIUM,
        Confidence.HIGH if taken.offset_source != "GPS clock" else Confidence.MEDIUM,
        timezone_bits(taken.offset_minutes),
        tuple(evidence),
        rule="gps-clock" if taken.offset_source == "GPS clock" else "offset",
        variant="offset",
    )
    return [finding], taken


@detector("capture-time", ids={"time.original"}, needs={Need.METADATA})
def detect_time(context: PhotoContext) -> Detection:
    """The capture-time finding, and the time itself for the checks across photos."""
    findings, taken = detect(context.metadata)
    return Detection(tuple(findings), taken_at=taken.iso() if taken else None)
