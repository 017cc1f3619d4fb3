"""Agreement with ExifTool on real camera files (the shared corpus, where present).

Every file where ExifTool reads GPS must get location.gps within 1e-5 degrees; every serial
number and owner field it reports must appear in device.serial / identity.owner; every unique
id in device.unique-id; and every file ends audited or skipped, never with an exception.
"""

from __future__ import annotations

import csv

from audit.engine import AuditOptions, run_audit
from audit.models import Status

SERIALS = ("SerialNumber", "InternalSerialNumber", "LensSerialNumber")
OWNERS = ("OwnerName", "Artist", "Copyright")


def _reference(corpus):
    with open(corpus.parent / "exif-samples.exiftool.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _values(photo, finding_id):
    return [e.value for f in photo.findings if f.id == finding_id for e in f.evidence]


def test_agreement_with_exiftool(corpus):
    report = run_audit(AuditOptions(paths=(str(corpus),), jobs=2, metadata_only=True))
    photos = {p.path: p for p in report.photos}
    rows = _reference(corpus)
    assert len(rows) > 90
    disagreements = []
    for row in rows:
        path = str(corpus / row["directory"] / row["filename"])
        photo = photos[path]
        if photo.status is not Status.AUDITED:
            disagreements.append((path, "not audited", photo.skip.code))
            continue
        if row["GPSLatitude"] != "-":
            lat, lon = float(row["GPSLatitude"]), float(row["GPSLongitude"])
            if (
                photo.location is None
                or abs(photo.location.lat - lat) > 1e-5
                or abs(photo.location.lon - lon) > 1e-5
            ):
                disagreements.append((path, "gps", photo.location))
        for columns, finding_id in (
            (SERIALS, "device.serial"),
            (OWNERS, "identity.owner"),
            (("ImageUniqueID",), "device.unique-id"),
        ):
            found = _values(photo, finding_id)
            for column in columns:
                expected = row[column].strip()
                if expected not in ("-", "") and not any(
                    expected.lower() in value.lower() for value in found
                ):
                    disagreements.append((path, column, expected, found))
    assert disagreements == []


def test_every_corpus_file_is_accounted_for(corpus):
    """With the pixel pass too: the broken files must not break the decoders either."""
    report = run_audit(AuditOptions(paths=(str(corpus),), jobs=2))
    files = [p for p in corpus.rglob("*") if p.is_file()]
    assert len(report.photos) == len(files)
    assert all(
        p.status is Status.AUDITED or (p.skip and p.skip.code not in ("internal-error", "crashed"))
        for p in report.photos
    )
