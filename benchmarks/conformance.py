"""Check exposure against ExifTool on any folder of photos: does the scan find what ExifTool reads?

Runs ExifTool once over the folder (``exiftool -j -n -G1 -a -u -r``: every tag, every group,
numbers unformatted) and exposure's metadata scan (``--metadata-only -f json``), then, for each
kind of identifying field, counts the values ExifTool reads that the scan also reports:

  * GPS: the scan's position within 1e-5 degrees (about a metre) of ExifTool's,
  * serial numbers: every tag whose name ends in ``SerialNumber`` (body, lens, internal...),
  * owners: OwnerName, Artist, Copyright, XMP Creator and IPTC By-line,
  * unique ids: ImageUniqueID (EXIF and Canon),

and lists the files that disagree, so anyone can check the tool on their own photos:

    python benchmarks/conformance.py ~/Pictures
    python benchmarks/conformance.py ~/Pictures --show 50 --json disagreements.json

Exit status 0 when every value agrees, 1 when some do not, 2 when ExifTool is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GPS_TOLERANCE = 1e-5
OWNER_TAGS = ("OwnerName", "CameraOwnerName", "Artist", "Copyright", "Creator", "By-line")
UNIQUE_ID_TAGS = ("ImageUniqueID",)
#: Tags named like serials that are not numbers of a device.
NOT_SERIALS = re.compile(r"(Format|Hash|Type)$")
FINDINGS = {
    "serial": "device.serial",
    "owner": "identity.owner",
    "unique-id": "device.unique-id",
}


@dataclass(frozen=True)
class Disagreement:
    path: str
    field: str
    tag: str
    expected: str
    found: tuple[str, ...]


def run_exiftool(folder: Path) -> list[dict]:
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        raise SystemExit(2)
    done = subprocess.run(
        [exiftool, "-j", "-n", "-G1", "-a", "-u", "-r", "-q", "-q", str(folder)],
        capture_output=True,
        check=False,
    )
    return json.loads(done.stdout or b"[]")


def run_scan(folder: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="exposure-conformance-") as work:
        output = Path(work) / "report.json"
        command = [sys.executable, "-m", "audit", "scan", str(folder), "--metadata-only"]
        command += ["-f", "json", "-o", str(output), "--fail-on", "none", "--no-cache"]
        if jobs:
            command += ["--jobs", str(jobs)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
        return json.loads(output.read_text(encoding="utf-8"))


def _name(key: str) -> str:
    return key.rpartition(":")[2]


#: ExifTool shows an EXIF Copyright holding two names as "A (Photographer) - B (Editor)".
_TWO_COPYRIGHTS = re.compile(r"^(.*) \(Photographer\) - (.*) \(Editor\)$")


def _values(value: object) -> Iterable[str]:
    items = value if isinstance(value, list) else [value]
    for item in items:
        text = " ".join(str(item).split())
        both = _TWO_COPYRIGHTS.match(text)
        parts = both.groups() if both else (text,)
        for part in parts:
            if part and part not in ("-", "0", "[None]"):
                yield part


def expected_gps(row: dict) -> tuple[float, float] | None:
    """ExifTool's signed position: Composite first, then FLIR or XMP (already signed)."""
    for group in ("Composite", "FLIR", "XMP-exif"):
        lat, lon = row.get(f"{group}:GPSLatitude"), row.get(f"{group}:GPSLongitude")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            if abs(lat) < 1e-9 and abs(lon) < 1e-9:
                return None
            return float(lat), float(lon)
    return None


def expected_fields(row: dict) -> list[tuple[str, str, str]]:
    """(kind, tag, value) of every identifying value ExifTool read in one file."""
    found = []
    for key, value in row.items():
        name = _name(key)
        if name.endswith("SerialNumber") and not NOT_SERIALS.search(name):
            kind = "serial"
        elif name in OWNER_TAGS:
            kind = "owner"
        elif name in UNIQUE_ID_TAGS:
            kind = "unique-id"
        else:
            continue
        found.extend((kind, key, text) for text in _values(value))
    return found


def compare(rows: list[dict], report: dict) -> tuple[dict[str, list[int]], list[Disagreement]]:
    ours: dict[str, tuple[dict | None, dict[str, list[str]]]] = {}
    for photo in report.get("photos", []):
        values: dict[str, list[str]] = {}
        for finding in photo.get("findings", []):
            values.setdefault(finding["id"], []).extend(
                " ".join(str(e["value"]).split()).lower() for e in finding["evidence"]
            )
        ours[os.path.realpath(photo["path"])] = (photo.get("location"), values)
    counts = {kind: [0, 0] for kind in ("gps", *FINDINGS)}
    disagreements = []
    for row in rows:
        path = os.path.realpath(row.get("SourceFile", ""))
        location, values = ours.get(path, (None, {}))
        gps = expected_gps(row)
        if gps is not None:
            counts["gps"][1] += 1
            if (
                location
                and abs(location["lat"] - gps[0]) <= GPS_TOLERANCE
                and abs(location["lon"] - gps[1]) <= GPS_TOLERANCE
            ):
                counts["gps"][0] += 1
            else:
                shown = (f"{location['lat']:.6f}, {location['lon']:.6f}",) if location else ()
                disagreements.append(
                    Disagreement(
                        path,
                        "gps",
                        "GPSLatitude/GPSLongitude",
                        f"{gps[0]:.6f}, {gps[1]:.6f}",
                        shown,
                    )
                )
        seen = set()
        for kind, tag, text in expected_fields(row):
            if (kind, text.lower()) in seen:
                continue
            seen.add((kind, text.lower()))
            counts[kind][1] += 1
            reported = values.get(FINDINGS[kind], [])
            if any(text.lower() in value for value in reported):
                counts[kind][0] += 1
            else:
                disagreements.append(Disagreement(path, kind, tag, text, tuple(reported)))
    return counts, disagreements


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of photos (searched recursively)")
    parser.add_argument(
        "--jobs", type=int, default=0, help="scan worker processes (default: all cores)"
    )
    parser.add_argument(
        "--show", type=int, default=30, help="disagreeing values to list (default 30)"
    )
    parser.add_argument("--json", type=Path, help="write every disagreement to this JSON file")
    args = parser.parse_args()
    if shutil.which("exiftool") is None:
        print("ExifTool is not installed (Debian: libimage-exiftool-perl): nothing to compare with")
        return 2
    rows = run_exiftool(args.folder)
    report = run_scan(args.folder, args.jobs)
    counts, disagreements = compare(rows, report)
    print(f"{len(rows)} files read by ExifTool, {len(report.get('photos', []))} by exposure")
    for kind, (agreed, total) in counts.items():
        share = 100.0 * agreed / total if total else 100.0
        print(
            f"  {kind:9s} {agreed:5d} of {total:5d} values ExifTool reads also found ({share:.1f}%)"
        )
    if disagreements:
        shown = min(args.show, len(disagreements))
        print(f"\n{len(disagreements)} values disagree; the first {shown}:")
        for item in disagreements[: args.show]:
            found = "; ".join(item.found[:4]) or "nothing"
            print(f"  {item.path}")
            print(f"    {item.field} ({item.tag}): ExifTool {item.expected!r}, exposure {found}")
    if args.json:
        args.json.write_text(
            json.dumps([item.__dict__ for item in disagreements], ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
