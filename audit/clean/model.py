"""The values cleaning passes around: what a rewriter dropped and kept, and each file's receipt."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from audit.models import Finding, Skip, Text


class Part(enum.StrEnum):
    """A kind of block a rewriter removes from a file."""

    EXIF = "exif"
    XMP = "xmp"
    IPTC = "iptc"
    COMMENT = "comment"
    PREVIEW = "preview"
    VIDEO = "video"
    TRAILER = "trailer"
    TEXT = "text"
    TIME = "time"
    MAKER = "maker"
    OTHER = "other"
    #: Further pictures of a converted file (a TIFF's pages, a HEIF's other images).
    PICTURES = "pictures"


class Keep(enum.StrEnum):
    """A kind of block a copy keeps, each for a reason the receipt gives."""

    COLOUR_PROFILE = "colour-profile"
    STANDARD_PROFILE = "standard-profile"
    NEUTRAL_PROFILE = "neutral-profile"
    ORIENTATION = "orientation"
    DATE = "date"
    COARSE_LOCATION = "coarse-location"
    COLOUR_TRANSFORM = "colour-transform"
    DISPLAY = "display"
    ANIMATION = "animation"


@dataclass(frozen=True)
class Dropped:
    part: Part
    size: int
    count: int = 1


@dataclass(frozen=True)
class Rewritten:
    """A rewriter's output: the new file and an account of what changed."""

    data: bytes
    dropped: tuple[Dropped, ...]
    kept: tuple[Keep, ...]
    #: The original's EXIF orientation (1: as stored).
    orientation: int = 1


class RewriteError(Exception):
    """The file's structure is broken: no copy is made (a half-cleaned file is worse than none)."""


class Verdict(enum.StrEnum):
    #: The copy was checked and nothing identifying remains (beyond what was asked to keep).
    CLEAN = "clean"
    #: A copy was written but something identifying is still in it.
    REMAINS = "remains"
    #: No copy was made; the reason says why and what can be done.
    NOT_CLEANED = "not-cleaned"


class PixelCheck(enum.StrEnum):
    IDENTICAL = "identical"
    #: Regions were covered on request (--blur); the rest re-encoded at the original's quality.
    COVERED = "covered"
    #: Converted to another format on request (--convert): a new encoding.
    CONVERTED = "converted"
    #: Pixels differ where none should: the copy is not called clean.
    DIFFERENT = "different"
    UNREADABLE = "unreadable"


class PixelProof(enum.StrEnum):
    """How a copy's pixels were proven."""

    #: The picture-defining bytes are identical to the original's (audit.clean.identity): every
    #: decoder gets the same input, so it draws the same pixels.
    SAME_DATA = "same-picture-data"
    #: Both files were decoded and their pixels compared (--verify-pixels decode, --blur,
    #: --convert).
    DECODED = "decoded"


@dataclass(frozen=True)
class Leftover:
    """Something identifying found in a copy, and where."""

    #: A finding id ("location.gps"), or "raw-bytes" for a value found by the byte search,
    #: "pixels", "heif-metadata" or "unreadable-copy" for a failed check.
    id: str
    title: Text
    #: The value found, or the check's own words (never shown outside the report).
    detail: str = ""
    #: True when the person asked to keep it (--keep date, --coarsen-location city).
    chosen: bool = False


@dataclass(frozen=True)
class Receipt:
    """One input: where its copy went, what was removed and kept, and the three checks."""

    source: str
    verdict: Verdict
    output: str | None = None
    reason: Skip | None = None
    file_format: str | None = None
    output_format: str | None = None
    #: What the original held that the copy does not (finding ids and titles, from the audit).
    removed_findings: tuple[Finding, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    kept: tuple[Keep, ...] = ()
    leftovers: tuple[Leftover, ...] = ()
    pixels: PixelCheck | None = None
    pixel_proof: PixelProof | None = None
    #: Peak signal-to-noise ratio of a converted or covered copy against the original, in dB.
    psnr: float | None = None
    covered: int = 0
    #: Values from the original searched for in the copy's bytes.
    values_searched: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    #: Every finding the audit of the copy reported (chosen ones included).
    copy_findings: tuple[Finding, ...] = ()
    #: The copy could not be written (full disk, read-only folder): the whole run stops.
    fatal: bool = False

    @property
    def identifying_left(self) -> tuple[Leftover, ...]:
        return tuple(item for item in self.leftovers if not item.chosen)


@dataclass(frozen=True)
class CleanReport:
    tool_version: str
    output_folder: str
    receipts: tuple[Receipt, ...]
    blurred: tuple[str, ...] = ()
    metadata_only: bool = False

    @property
    def clean(self) -> tuple[Receipt, ...]:
        return tuple(r for r in self.receipts if r.verdict is Verdict.CLEAN)

    @property
    def remains(self) -> tuple[Receipt, ...]:
        return tuple(r for r in self.receipts if r.verdict is Verdict.REMAINS)

    @property
    def not_cleaned(self) -> tuple[Receipt, ...]:
        return tuple(r for r in self.receipts if r.verdict is Verdict.NOT_CLEANED)
