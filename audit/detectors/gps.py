"""GPS coordinates from EXIF (or XMP), with the precision they really carry and a place name.

The precision is what the stored numbers can express (a value kept to 1/100 of an arc-second
pins a spot to 30 cm), widened to the receiver's error: the GPSHPositioningError tag when the
file has one, else the typical 5 m of a phone. Bits are those of where a photo was taken, not
of a home: the people living within a short trip of the fix (audit.score.where_taken_bits);
a fix shown to be a home is scored as one by audit.score.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from audit import geo, messages
from audit.catalog import make_finding
from audit.detectors.registry import Detection, Need, PhotoContext, detector
from audit.models import (
    Confidence,
    Evidence,
    EvidenceKind,
    Finding,
    Location,
    Severity,
    Skip,
)
from audit.readers import motion_video
from audit.readers.metadata import Metadata, Tag
from audit.score import WEIGHTS, where_taken_bits
from audit.skips import SkipCode, skip

KEYS = frozenset(
    {
        "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", "Exif.GPSInfo.GPSLongitude",
        "Exif.GPSInfo.GPSLongitudeRef", "Exif.GPSInfo.GPSAltitude", "Exif.GPSInfo.GPSAltitudeRef",
        "Exif.GPSInfo.GPSHPositioningError", "Xmp.exif.GPSLatitude", "Xmp.exif.GPSLongitude",
        "Xmp.exif.GPSAltitude", "Xmp.exif.GPSAltitudeRef", "Xmp.exif.GPSHPositioningError",
        motion_video.LOCATION_KEY,
    }
)  # fmt: skip

#: One degree of latitude on the ground (docs/identifiability.md §3.1).
METRES_PER_DEGREE = 111_320.0
#: Fixes at or finer than this pin a building: "critical" (docs/identifiability.md §3.1).
STREET_LEVEL_M = 100.0


@dataclass(frozen=True)
class Fix:
    lat: float
    lon: float
    altitude_m: float | None
    #: The finest step the stored value can express, in metres.
    resolution_m: float
    error_m: float | None
    source: str


def _dms(rationals: tuple[tuple[int, int], ...]) -> tuple[float, float] | None:
    """Degrees and the resolution in degrees from (deg, min, sec) rationals."""
    if len(rationals) < 1 or any(den == 0 for _, den in rationals[:3]):
        return None
    parts = list(rationals[:3]) + [(0, 1)] * (3 - len(rationals[:3]))
    units = (1.0, 1 / 60, 1 / 3600)
    if any(num < 0 for num, _ in parts):
        return None
    value = sum(num / den * unit for (num, den), unit in zip(parts, units, strict=True))
    used = [i for i, (num, _) in enumerate(parts) if num != 0] or [0]
    last = used[-1]
    resolution = units[last] / parts[last][1]
    return value, resolution


def _exif_degrees(tag: Tag) -> tuple[float, float] | None:
    """Degrees and resolution of an EXIF GPS coordinate: rationals as EXIF asks, or decimal
    degrees written as text by some converters (ExifTool reads those too)."""
    if tag.rationals:
        return _dms(tag.rationals)
    dms = _DMS_TEXT.match(tag.text)
    if dms is not None:
        degrees, minutes, seconds = dms.groups()
        decimals = len(seconds.partition(".")[2])
        value = int(degrees) + int(minutes) / 60 + float(seconds) / 3600
        return value, 10.0**-decimals / 3600
    decimal = _DECIMAL_DEGREES.match(tag.text)
    if decimal is None or decimal.group(1).startswith(("-", "+")):
        return None
    return float(decimal.group(1)), 10.0 ** -len(decimal.group(2) or "")


def _signed(value: float, ref: str, negative: str) -> float:
    return -value if ref.strip().upper().startswith(negative) else value


def _rational_value(tag: Tag | None) -> float | None:
    if tag is None or not tag.rationals:
        return None
    num, den = tag.rationals[0]
    return num / den if den else None


def _from_exif(metadata: Metadata) -> Fix | None:
    lat_tag = metadata.first("Exif.GPSInfo.GPSLatitude")
    lon_tag = metadata.first("Exif.GPSInfo.GPSLongitude")
    if not lat_tag or not lon_tag:
        return None
    lat = _exif_degrees(lat_tag)
    lon = _exif_degrees(lon_tag)
    if lat is None or lon is None:
        return None
    altitude = _rational_value(metadata.first("Exif.GPSInfo.GPSAltitude"))
    if altitude is not None and metadata.text("Exif.GPSInfo.GPSAltitudeRef").strip() in (
        "1",
        "Below sea level",
    ):
        altitude = -altitude
    error = _rational_value(metadata.first("Exif.GPSInfo.GPSHPositioningError"))
    resolution_m = max(lat[1], lon[1]) * METRES_PER_DEGREE
    return Fix(
        lat=_signed(lat[0], metadata.text("Exif.GPSInfo.GPSLatitudeRef"), "S"),
        lon=_signed(lon[0], metadata.text("Exif.GPSInfo.GPSLongitudeRef"), "W"),
        altitude_m=altitude,
        resolution_m=resolution_m,
        error_m=error,
        source="Exif.GPSInfo",
    )


_XMP_COORDINATE = re.compile(
    r"^\s*(\d{1,3})(?:,(\d{1,2}(?:\.\d+)?))?(?:,(\d{1,2}(?:\.\d+)?))?\s*([NSEW])\s*$", re.I
)
#: Signed decimal degrees, which some writers put where XMP asks for ``DDD,MM.mmK``; ExifTool
#: reads them, and so does this.
_DECIMAL_DEGREES = re.compile(r"^\s*([+-]?\d{1,3}(?:\.(\d+))?)\s*$")
#: Decimal degrees with the hemisphere's letter after them ("33.8688S").
_DECIMAL_WITH_REF = re.compile(r"^\s*(\d{1,3}(?:\.(\d+))?)\s*([NSEW])\s*$", re.I)
#: Degrees, minutes and seconds written as text in an EXIF field ("51 30 2.52").
_DMS_TEXT = re.compile(r"^\s*(\d{1,3})[ ,]+(\d{1,2})[ ,]+(\d{1,2}(?:\.\d+)?)\s*$")
#: IPTC Extension locations (Lightroom, photo agencies): where the photo was taken, then where
#: what it shows is; each holds its own GPSLatitude and GPSLongitude.
_IPTC_LOCATION = re.compile(
    r"^Xmp\.iptcExt\.Location(Created|Shown)\[(\d+)\]/Iptc4xmpExt:GPS(Latitude|Longitude)$"
)


def wanted_key(key: str) -> bool:
    """The IPTC Extension GPS fields, whose names carry an index and so are not in KEYS."""
    return key.startswith("Xmp.iptcExt.Location") and _IPTC_LOCATION.match(key) is not None


def _xmp_coordinate(text: str) -> tuple[float, float] | None:
    """XMP's ``DDD,MM.mmmmK`` or ``DDD,MM,SSK`` form (or signed decimal degrees), with its
    resolution in degrees."""
    match = _XMP_COORDINATE.match(text)
    if not match:
        decimal = _DECIMAL_DEGREES.match(text)
        if decimal:
            return float(decimal.group(1)), 10.0 ** -len(decimal.group(2) or "")
        lettered = _DECIMAL_WITH_REF.match(text)
        if lettered:
            value = float(lettered.group(1))
            resolution = 10.0 ** -len(lettered.group(2) or "")
            return (-value if lettered.group(3).upper() in "SW" else value), resolution
        return None
    degrees, minutes, seconds, ref = match.groups()
    value = float(degrees) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    last, unit = (
        (seconds, 1 / 3600) if seconds else (minutes, 1 / 60) if minutes else (degrees, 1.0)
    )
    decimals = len(last.partition(".")[2])
    resolution = unit * 10.0**-decimals
    return (-value if ref.upper() in "SW" else value), resolution


def _from_xmp(metadata: Metadata) -> Fix | None:
    lat = _xmp_coordinate(metadata.text("Xmp.exif.GPSLatitude"))
    lon = _xmp_coordinate(metadata.text("Xmp.exif.GPSLongitude"))
    if lat is None or lon is None:
        return None
    return Fix(lat[0], lon[0], None, max(lat[1], lon[1]) * METRES_PER_DEGREE, None, "Xmp.exif")


def _iptc_ext_fixes(metadata: Metadata) -> Iterator[Fix]:
    """Each IPTC Extension location with both coordinates: LocationCreated before
    LocationShown, in the order they are listed."""
    pairs: dict[tuple[str, int], dict[str, str]] = {}
    for key, tags in metadata.tags.items():
        match = _IPTC_LOCATION.match(key) if key.startswith("Xmp.iptcExt.") else None
        if match and tags:
            which, index, axis = match.groups()
            pairs.setdefault((which, int(index)), {})[axis] = tags[0].text
    for (which, _index), axes in sorted(
        pairs.items(), key=lambda item: (item[0][0] != "Created", item[0][1])
    ):
        lat = _xmp_coordinate(axes.get("Latitude", ""))
        lon = _xmp_coordinate(axes.get("Longitude", ""))
        if lat is not None and lon is not None:
            resolution = max(lat[1], lon[1]) * METRES_PER_DEGREE
            yield Fix(lat[0], lon[0], None, resolution, None, f"Xmp.iptcExt.Location{which}")


def _from_video(metadata: Metadata) -> Fix | None:
    """The place a motion photo's embedded video names (audit.readers.motion_video)."""
    point = motion_video.parse_iso6709(metadata.text(motion_video.LOCATION_KEY))
    if point is None:
        return None
    lat, lon, altitude, resolution = point
    return Fix(lat, lon, altitude, resolution * METRES_PER_DEGREE, None, motion_video.LOCATION_KEY)


def _candidates(metadata: Metadata) -> Iterator[Fix]:
    """Every fix the file holds, in the order they count: the photo's own EXIF, XMP and IPTC
    Extension fixes, then the embedded video's (an app removed the photo's and kept the
    video's)."""
    for fix in (_from_exif(metadata), _from_xmp(metadata)):
        if fix is not None:
            yield fix
    yield from _iptc_ext_fixes(metadata)
    video = _from_video(metadata)
    if video is not None:
        yield video


def _usable(fix: Fix) -> bool:
    """In range, and not the 0,0 some apps write when they have no fix."""
    if not (-90 <= fix.lat <= 90 and -180 <= fix.lon <= 180):
        return False
    return not (abs(fix.lat) < 1e-9 and abs(fix.lon) < 1e-9)


def read_fix(metadata: Metadata) -> Fix | None:
    """The photo's GPS fix: the first usable one of those it holds, or None.

    A placeholder or out-of-range fix in one place does not hide a real one in another (an
    editor that zeroed the EXIF position may have left the XMP one)."""
    return next((fix for fix in _candidates(metadata) if _usable(fix)), None)


def _coordinates(metadata: Metadata) -> tuple[float | None, float | None] | None:
    """Latitude and longitude as stored (None where unreadable), or None when there is no GPS."""
    lat_tag = metadata.first("Exif.GPSInfo.GPSLatitude")
    lon_tag = metadata.first("Exif.GPSInfo.GPSLongitude")
    if lat_tag or lon_tag:
        lat = _exif_degrees(lat_tag) if lat_tag else None
        lon = _exif_degrees(lon_tag) if lon_tag else None
        return (
            _signed(lat[0], metadata.text("Exif.GPSInfo.GPSLatitudeRef"), "S") if lat else None,
            _signed(lon[0], metadata.text("Exif.GPSInfo.GPSLongitudeRef"), "W") if lon else None,
        )
    lat_text = metadata.text("Xmp.exif.GPSLatitude")
    lon_text = metadata.text("Xmp.exif.GPSLongitude")
    if lat_text or lon_text:
        xmp_lat, xmp_lon = _xmp_coordinate(lat_text), _xmp_coordinate(lon_text)
        return (xmp_lat[0] if xmp_lat else None, xmp_lon[0] if xmp_lon else None)
    return None


def damage(metadata: Metadata) -> Skip | None:
    """A note for a GPS block that is there but cannot be used whole, saying what is readable.

    One valid coordinate still narrows down where a photo was taken, so it is never dropped
    in silence.
    """
    if read_fix(metadata) is not None:
        return None
    found = _coordinates(metadata)
    if found is None:
        return None
    lat, lon = found
    lat_ok = lat is not None and -90 <= lat <= 90
    lon_ok = lon is not None and -180 <= lon <= 180
    if lat_ok and lon_ok:
        return None  # the 0,0 placeholder: nothing to report
    # Shown to about 11 km, as --redact would show it: a note is never redacted further.
    if lat_ok:
        what = messages.GPS_ONLY_LATITUDE.format(lat=lat)
    elif lon_ok:
        what = messages.GPS_ONLY_LONGITUDE.format(lon=lon)
    else:
        what = messages.GPS_NEITHER
    detail = f"usable: latitude {lat_ok}, longitude {lon_ok}"
    return skip(SkipCode.GPS_DAMAGED, what=what, detail=detail)


def precision_m(fix: Fix) -> float:
    return max(fix.resolution_m, fix.error_m or WEIGHTS["gps_error_m"].value)


def detect(metadata: Metadata, places: bool = True) -> tuple[list[Finding], Location | None]:
    """The GPS finding and location; without ``places``, no place is named and the fix is
    weighed as if taken in a town (the density used when the place data is missing)."""
    fix = read_fix(metadata)
    if fix is None:
        return [], None
    precision = precision_m(fix)
    place = geo.nearest_place(fix.lat, fix.lon) if places else None
    crowd = geo.density(fix.lat, fix.lon) if places else geo.URBAN_DENSITY
    bits = where_taken_bits(precision, crowd)
    location = Location(
        round(fix.lat, 7), round(fix.lon, 7), fix.altitude_m, round(precision, 1), place
    )
    from_video = fix.source == motion_video.LOCATION_KEY
    evidence = [
        Evidence(
            fix.source,
            f"{fix.lat:.6f}, {fix.lon:.6f}",
            EvidenceKind.COORDINATES,
            label=messages.VIDEO_PLACE if from_video else None,
        )
    ]
    if place:
        evidence.append(Evidence("near", place.label, EvidenceKind.PLACE, label=messages.NEAR))
    evidence.append(
        Evidence("precision", f"{precision:.0f} m", EvidenceKind.SIZE, label=messages.PRECISION)
    )
    evidence.append(
        Evidence(
            "stored to", _metres(fix.resolution_m), EvidenceKind.SIZE, label=messages.STORED_TO
        )
    )
    if fix.error_m is not None:
        evidence.append(
            Evidence(
                "GPS error tag", f"{fix.error_m:.0f} m", EvidenceKind.SIZE, label=messages.GPS_ERROR
            )
        )
    if fix.altitude_m is not None:
        evidence.append(
            Evidence(
                "altitude", f"{fix.altitude_m:.0f} m", EvidenceKind.SIZE, label=messages.ALTITUDE
            )
        )
    street_level = precision <= STREET_LEVEL_M
    finding = make_finding(
        "location.gps",
        Severity.CRITICAL
        if street_level
        else Severity.HIGH
        if precision <= 10_000
        else Severity.MEDIUM,
        Confidence.HIGH,
        bits,
        tuple(evidence),
        rule=_RULES.get(fix.source, "exif"),
        variant="precise" if street_level else "coarse",
    )
    return [finding], location


#: The rule (location.gps/<rule>) for each place a fix can come from.
_RULES = {
    "Xmp.exif": "xmp",
    "Exif.GPSInfo": "exif",
    "Xmp.iptcExt.LocationCreated": "iptc",
    "Xmp.iptcExt.LocationShown": "iptc",
    motion_video.LOCATION_KEY: "video",
}


def _metres(value: float) -> str:
    if value < 0.01:
        return "< 1 cm"
    if value < 1:
        return f"{value * 100:.0f} cm"
    if value < 1000:
        return f"{value:.0f} m"
    return f"{value / 1000:.1f} km"


@detector("gps", ids={"location.gps"}, needs={Need.METADATA})
def detect_location(context: PhotoContext) -> Detection:
    """The GPS finding, and the place it points at for the report and the checks across photos."""
    findings, location = detect(context.metadata, context.places)
    return Detection(tuple(findings), location=location)
