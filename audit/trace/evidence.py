"""The evidence record: copies of every matched file, a log, thumbnails, a summary, a manifest.

What people who take such reports ask for is integrity they can check: an exact copy of each
file with its hash (SHA-256, and MD5 for portals that still ask for it), where and when it was
posted, how it was matched, when the analysis ran and with which tool and settings, and a list
of the hash of every file in the record so that any later change shows. The originals are never
moved or changed: each is read, copied, and the copy's hash compared with the original's. The
record is written only to a new or empty folder outside every found folder, owner-only.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from audit import private_files
from audit.errors import UserFacingError
from audit.models import Lang
from audit.trace.model import Match, TraceReport
from audit.trace.render import match_record
from audit.trace.words import (
    EVIDENCE_INSIDE_FOUND,
    EVIDENCE_NOT_EMPTY,
    EVIDENCE_UNWRITABLE,
)

MANIFEST = "manifest.sha256"
LOG_CSV = "log.csv"
LOG_JSON = "log.json"
SUMMARY = "summary.html"
COPIES = "found"
THUMBNAILS = "thumbnails"
_CSV_COLUMNS = (
    "number", "found_path", "found_size", "found_sha256", "found_md5", "found_format",
    "found_width", "found_height", "source", "source_kind", "chat", "message_id",
    "message_date", "sender", "message_text", "own_path", "own_sha256", "method", "score",
    "region", "edits", "rotation_degrees", "scale", "copy", "copy_sha256", "thumbnail",
    "found_metadata", "analysed_at_utc", "tool_version", "parameters",
)  # fmt: skip
#: A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class EvidenceError(UserFacingError):
    """The record cannot be written where asked; ``message`` says why."""


@dataclass(frozen=True)
class Written:
    folder: Path
    files: int
    manifest_sha256: str


def _inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def inside_any(path: Path, folders: Iterable[str]) -> bool:
    """``path`` lies inside one of ``folders`` (by real location, links followed)."""
    return any(Path(given).is_dir() and _inside(path, Path(given)) for given in folders)


def check_folder(folder: Path, found: Iterable[str]) -> None:
    """Refuse a folder inside (or holding) the found material or her own photos, or one that
    already holds something: the next run would take what is written there for one of them."""
    for given in found:
        root = Path(given)
        if (root.is_dir() and _inside(folder, root)) or (root.exists() and _inside(root, folder)):
            raise EvidenceError(EVIDENCE_INSIDE_FOUND.format(folder=str(folder)))
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise EvidenceError(EVIDENCE_NOT_EMPTY.format(folder=str(folder)))


def _safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]+", "_", name, flags=re.UNICODE).strip("._") or "picture"
    return cleaned[-80:]


def _cell(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _copy(match: Match, target: Path) -> str:
    """Copy the found file, never touching it; return the copy's SHA-256."""
    with open(match.found_file, "rb") as handle:
        data = handle.read()
    private_files.write_new(target, data, 0o400)
    return hashlib.sha256(target.read_bytes()).hexdigest()


def _thumbnail(match: Match) -> bytes | None:
    """Her photo beside the found picture, the matched region outlined, as a small JPEG."""
    from PIL import Image, ImageDraw, ImageOps

    height = 240
    try:
        with Image.open(match.own.file or match.own.path) as own_image:
            own_image.draft("RGB", (height * 4, height * 4))
            mine = ImageOps.exif_transpose(own_image).convert("RGB")
        with Image.open(match.found_file) as found_image:
            found_image.draft("RGB", (height * 4, height * 4))
            found = ImageOps.exif_transpose(found_image).convert("RGB")
    except Exception:
        return None
    full_width = match.found_full_size[0] or found.width
    ratio = found.width / max(1, full_width)
    region = match.region
    draw = ImageDraw.Draw(found)
    box = [region.x * ratio, region.y * ratio, (region.x + region.width) * ratio,
           (region.y + region.height) * ratio]  # fmt: skip
    draw.rectangle(box, outline=(230, 0, 0), width=max(2, found.width // 120))
    panels = [
        image.resize((max(1, round(image.width * height / image.height)), height))
        for image in (mine, found)
    ]
    gap = 12
    sheet = Image.new("RGB", (panels[0].width + panels[1].width + gap * 3, height + gap * 2),
                      (255, 255, 255))  # fmt: skip
    sheet.paste(panels[0], (gap, gap))
    sheet.paste(panels[1], (panels[0].width + gap * 2, gap))
    buffer = io.BytesIO()
    sheet.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def write_record(report: TraceReport, folder: Path, found: Iterable[str], lang: Lang) -> Written:
    """Write the whole record into ``folder`` (new or empty, outside the found material)."""
    from audit.trace.summary import summary_html

    check_folder(folder, found)
    try:
        private_files.folder(folder)
        private_files.folder(folder / COPIES)
        private_files.folder(folder / THUMBNAILS)
        rows: list[dict[str, object]] = []
        thumbnails: list[bytes | None] = []
        for number, match in enumerate(report.matches, start=1):
            stem = f"{number:04d}"
            copy_name = f"{COPIES}/{stem}-{_safe_name(os.path.basename(match.found_path))}"
            copy_sha = _copy(match, folder / copy_name)
            thumb = _thumbnail(match)
            thumbnails.append(thumb)
            thumb_name = ""
            if thumb is not None:
                thumb_name = f"{THUMBNAILS}/{stem}.jpg"
                private_files.write_new(folder / thumb_name, thumb)
            row: dict[str, object] = {"number": number, **match_record(match, report)}
            row.update(copy=copy_name, copy_sha256=copy_sha, thumbnail=thumb_name)
            rows.append(row)
        log = {
            "schema_version": 1,
            "analysed_at_utc": report.analysed_at,
            "parameters": report.parameters,
            "own_photos": report.own_count,
            "found_pictures": report.found_count,
            "chats": list(report.chats),
            "matches": rows,
            "not_compared": [
                {
                    "path": item.path,
                    "reason": item.reason.get(lang),
                    "reason_en": item.reason.en,
                    "reason_zh": item.reason.zh,
                    "detail": item.detail,
                }
                for item in report.skipped
            ],
        }
        private_files.write_new(
            folder / LOG_JSON, (json.dumps(log, ensure_ascii=False, indent=2) + "\n").encode()
        )
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            flat = dict(row)
            region = row["region"]
            assert isinstance(region, dict)
            flat["region"] = "{x},{y},{width},{height}".format(**region)
            flat["edits"] = "; ".join(str(edit) for edit in row["edits"])  # type: ignore[attr-defined]
            writer.writerow({key: _cell(value) for key, value in flat.items()})
        private_files.write_new(folder / LOG_CSV, buffer.getvalue().encode("utf-8-sig"))
        html = summary_html(report, rows, thumbnails, lang)
        private_files.write_new(folder / SUMMARY, html.encode())
        manifest = _manifest(folder)
        private_files.write_new(folder / MANIFEST, manifest.encode(), 0o400)
    except OSError as error:
        raise EvidenceError(
            EVIDENCE_UNWRITABLE.format(folder=str(folder), detail=error.strerror or str(error))
        ) from None
    return Written(folder, manifest.count("\n") + 1, hashlib.sha256(manifest.encode()).hexdigest())


def _manifest(folder: Path) -> str:
    """``sha256sum`` format: the hash, two spaces, the path relative to the record."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        if relative == MANIFEST:
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {relative}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Verification:
    """What checking a record's manifest found."""

    checked: int
    changed: tuple[str, ...]
    missing: tuple[str, ...]
    unlisted: tuple[str, ...]
    #: The manifest itself is absent or unreadable.
    no_manifest: bool = False

    @property
    def intact(self) -> bool:
        return (
            not self.no_manifest
            and self.checked > 0
            and not (self.changed or self.missing or self.unlisted)
        )


_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def verify(folder: Path) -> Verification:
    """Check every file the manifest lists, and look for files it does not list."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Verification(0, (), (), (), no_manifest=True)
    root = folder.resolve()
    listed: set[str] = set()
    changed: list[str] = []
    missing: list[str] = []
    checked = 0
    for line in text.splitlines():
        found = _LINE.match(line)
        if found is None:
            if line.strip():
                changed.append(line[:120])
            continue
        digest, relative = found.groups()
        target = (folder / relative).resolve()
        if not _inside(target, root) or relative.startswith("/"):
            changed.append(relative)
            continue
        listed.add(Path(relative).as_posix())
        try:
            actual = hashlib.sha256(target.read_bytes()).hexdigest()
        except OSError:
            missing.append(relative)
            continue
        checked += 1
        if actual != digest:
            changed.append(relative)
    unlisted = [
        p.relative_to(folder).as_posix()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() not in listed | {MANIFEST}
    ]
    return Verification(checked, tuple(changed), tuple(missing), tuple(unlisted))
