"""The values a trace produces: her photos, found pictures, where they were posted, matches."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from audit.models import Skip, Text


class Method(enum.StrEnum):
    """How a found picture was tied to one of her photos, from most to least direct."""

    EXACT = "exact-bytes"
    HASH = "perceptual-hash"
    FEATURES = "local-features"


class Edit(enum.StrEnum):
    """What was done to her photo before it was posted, as far as the geometry shows."""

    SAME_FILE = "same-file"
    RECOMPRESSED = "re-encoded or resized"
    SCALED = "scaled"
    CROPPED = "cropped"
    ROTATED = "rotated"
    FLIPPED = "flipped"
    INSIDE = "inside a larger picture (screenshot or collage)"


@dataclass(frozen=True)
class Region:
    """A rectangle in the found picture's own pixels (full resolution, upright)."""

    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class Posting:
    """Where and when a found picture was posted, as the export recorded it (or file times)."""

    source: str
    chat: str = ""
    date: str = ""
    sender: str = ""
    text: str = ""
    message_id: str = ""
    #: "chat-export" when these come from a chat export, "file-time" for a loose file.
    kind: str = "file-time"


@dataclass(frozen=True)
class OwnPhoto:
    """One of her photos, as indexed."""

    path: str
    sha256: str
    size: int
    #: Where the file is on disk (``path`` is how the person named it).
    file: str = ""


@dataclass(frozen=True)
class Match:
    """A found picture that is one of her photos, with how and how sure."""

    found_path: str
    #: Where the found file is on disk (``found_path`` is how it is shown).
    found_file: str
    found_size: int
    found_sha256: str
    found_md5: str
    found_full_size: tuple[int, int]
    found_format: str
    found_metadata: dict[str, str]
    own: OwnPhoto
    method: Method
    #: Hamming distance for a hash match (lower is closer), inliers for local features.
    score: int
    region: Region
    edits: tuple[Edit, ...]
    #: Degrees, counter-clockwise, and the scale of her photo in the found picture.
    rotation: float
    scale: float
    posting: Posting


@dataclass(frozen=True)
class Skipped:
    """A found picture, one of hers, or part of an export that could not be used, and why."""

    path: str
    reason: Text
    detail: str = ""


@dataclass(frozen=True)
class TraceReport:
    """Everything one trace found, in the order the found pictures were listed."""

    own_count: int
    found_count: int
    matches: tuple[Match, ...]
    skipped: tuple[Skipped, ...]
    analysed_at: str
    parameters: dict[str, object] = field(default_factory=dict)
    chats: tuple[str, ...] = ()

    @property
    def matched_own(self) -> int:
        return len({match.own.sha256 for match in self.matches})


def skipped_from(path: str, reason: Skip) -> Skipped:
    return Skipped(path, reason.message, reason.detail)
