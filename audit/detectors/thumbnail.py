"""Embedded previews that may show more than the photo: the uncropped or unedited original.

A camera writes a small preview when it takes the picture; many editors crop or retouch the
main image and leave that preview as it was. The check compares shapes: a preview whose shape
differs from the photo's (after trimming the black bars some cameras pad previews with) shows
a different framing. When the pixels are decoded too (not --metadata-only), their content is
compared, which also catches a covered face or a blurred plate that the preview still shows.
"""

from __future__ import annotations

import enum
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

from audit import messages
from audit.catalog import make_finding
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import Confidence, Evidence, EvidenceKind, Finding, Severity
from audit.readers.metadata import Metadata, Preview
from audit.score import WEIGHTS

# Measured by benchmarks/thresholds.py; the figures are in docs/pixels.md.
#: Shapes differing by more than this (as a ratio of aspect ratios) mean a different framing:
#: rounding a preview to whole pixels moves it by at most 0.74 %, a 4:3 to 3:2 crop by 12.5 %.
ASPECT_TOLERANCE = 0.04
#: Mean absolute difference (0-255) between 32x32 grey copies above which the content differs:
#: real cameras' own previews of unedited photos differ by up to 25.8.
CONTENT_TOLERANCE = 28.0
#: Grey level up to which a preview's edge rows and columns are black bars (JPEG leaves <= 15).
_BAR_LEVEL = 24
#: Previews claiming more pixels are not decoded: the largest standard preview is 1920 x 1080
#: (Multi-Picture Format, CIPA DC-007), the largest seen in real camera files 0.21 MP.
MAX_PREVIEW_PIXELS = 4_000_000


def _aspect(width: int, height: int) -> float:
    return width / height if width and height else 0.0


def _same_shape(first: float, second: float) -> bool:
    if not first or not second:
        return True
    return abs(first / second - 1.0) <= ASPECT_TOLERANCE


def _decoded(preview: Preview) -> Image | None:
    if not preview.data:
        return None
    try:
        from PIL import Image

        image = Image.open(io.BytesIO(preview.data))
        if image.width * image.height > MAX_PREVIEW_PIXELS:
            return None
        image.draft("L", (image.width // 2 or 1, image.height // 2 or 1))
        return image.convert("L")
    except Exception:
        return None


def _trimmed_aspect(image: Image) -> float:
    """The shape of what a preview shows once black letterbox bars are cut off."""
    box = image.point(lambda value: 255 if value > _BAR_LEVEL else 0).getbbox()
    if not box:
        return 0.0
    return _aspect(box[2] - box[0], box[3] - box[1])


def _content_differs(image: Image, picture: Image) -> bool:
    from PIL import ImageChops, ImageStat

    small = (32, 32)
    first = image.resize(small)
    second = picture.convert("L").resize(small)
    difference = ImageStat.Stat(ImageChops.difference(first, second)).mean[0]
    return difference > CONTENT_TOLERANCE


class Verdict(enum.StrEnum):
    """What a preview shows compared with the photo; also the finding's variant."""

    PRESENT = "present"
    EDITED = "edited"
    CROPPED = "cropped"

    @property
    def rank(self) -> int:
        """How telling it is: a preview of a cropped-away part says the most."""
        return list(Verdict).index(self)


def _verdict(preview: Preview, main_aspect: float, picture: Image | None) -> Verdict:
    """Compare by declared shape first; decode the preview only when that is not enough."""
    shape = _aspect(preview.width, preview.height)
    if not shape or not main_aspect:
        return Verdict.PRESENT
    if _same_shape(shape, main_aspect) and picture is None:
        return Verdict.PRESENT
    image = _decoded(preview)
    if image is None:
        return Verdict.PRESENT if _same_shape(shape, main_aspect) else Verdict.CROPPED
    if not _same_shape(_aspect(*image.size), main_aspect) and not _same_shape(
        _trimmed_aspect(image), main_aspect
    ):
        return Verdict.CROPPED
    if picture is not None and _content_differs(image, picture):
        return Verdict.EDITED
    return Verdict.PRESENT


def detect(metadata: Metadata, picture: Image | None = None) -> list[Finding]:
    """One finding for all previews, worded after the most telling one.

    ``picture`` is a small decoded copy of the main image (a PIL image), when pixels are read.
    """
    previews = [
        p for p in metadata.previews if (p.width, p.height) != (metadata.width, metadata.height)
    ]
    if not previews:
        return []
    main_aspect = _aspect(metadata.width or 0, metadata.height or 0)
    worst = Verdict.PRESENT
    evidence = []
    for preview in previews[:8]:
        verdict = _verdict(preview, main_aspect, picture)
        if verdict.rank > worst.rank:
            worst = verdict
        size = f"{preview.width}×{preview.height}" if preview.width else "?"
        evidence.append(Evidence(preview.source, size, EvidenceKind.SIZE, label=messages.PREVIEW))
    if metadata.width and metadata.height:
        evidence.append(
            Evidence(
                "photo",
                f"{metadata.width}×{metadata.height}",
                EvidenceKind.SIZE,
                label=messages.PHOTO_SIZE,
            )
        )
    severity = Severity.HIGH if worst is not Verdict.PRESENT else Severity.LOW
    confidence = Confidence.MEDIUM if worst is Verdict.EDITED else Confidence.HIGH
    # A preview of another framing is scored by what it can show; a faithful one adds nothing.
    bits = WEIGHTS["preview_view_bits"].value if worst is not Verdict.PRESENT else 0.0
    return [
        make_finding(
            "content.thumbnail",
            severity,
            confidence,
            bits,
            tuple(evidence),
            rule=worst.value,
            variant=worst.value,
        )
    ]


@detector("thumbnail", ids={"content.thumbnail"}, needs={Need.METADATA}, uses={Need.PICTURE})
def detect_previews(context: PhotoContext) -> list[Finding]:
    """Compared with the picture's content too when pixels are read; by shape alone otherwise."""
    return detect(context.metadata, context.picture)
