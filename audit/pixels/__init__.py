"""The pixels of one photo, decoded once and read on demand: the picture, OCR lines, codes, faces.

:class:`Pixels` decodes a photo into a small shared copy (see :mod:`audit.pixels.decode`) the
first time a detector asks for it, and runs OCR, code reading or face detection only when one
asks for those; what the detectors make of them is in :mod:`audit.detectors`. A picture that
cannot be decoded, or is too large to decode safely, leaves a note saying why, and the photo's
metadata findings stand on their own.

Everything heavy (OpenCV, zxing-cpp, ONNX Runtime, RapidOCR, NumPy, phonenumbers) is imported
inside the functions that use it, so ``exposure --help`` and ``--metadata-only`` runs load none
of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from audit.models import Finding, Skip
from audit.pixels import decode as decoding
from audit.pixels.decode import DEFAULT_MAX_PIXELS, WORK_SIDE, Decoded
from audit.pixels.normalize import MAX_LINE
from audit.pixels.ocr import CLOSER
from audit.readers.metadata import clean_text

if TYPE_CHECKING:
    from PIL.Image import Image

    from audit.pixels.faces import Face
    from audit.pixels.ocr import Line
    from audit.pixels.qr import Code

__all__ = ["DEFAULT_MAX_PIXELS", "WORK_SIDE", "PixelResult", "Pixels", "SeenText", "warm_up"]


@dataclass(frozen=True)
class SeenText:
    """A line read by OCR or a decoded code, for matching against the user's own identifiers."""

    text: str
    #: "ocr" or "qr" (barcodes included).
    source: str
    #: Left, top, width, height in the full-resolution upright image.
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class PixelResult:
    """What the pixels of one photo give away on their own (``audit.inspect.analyse_pixels``)."""

    findings: tuple[Finding, ...]
    seen: tuple[SeenText, ...]
    #: The shared downscaled copy, RGB, in the stored orientation (not EXIF-rotated).
    picture: Image | None
    #: Why pixel checks were skipped or only partly done.
    notes: tuple[Skip, ...]


def warm_up() -> None:
    """Load the OCR, code and face models once, with one thread each (a pool initializer)."""
    import cv2

    from audit.pixels import faces, ocr, qr, rules

    cv2.setNumThreads(1)
    rules.rules()
    ocr.engine()
    qr.detectors()
    faces.network()


class Pixels:
    """One photo's pixels, decoded on first use and shared by every detector that reads them.

    Each view (the picture, OCR lines, codes, faces) is computed once, when first asked for.
    A picture that cannot be decoded gives empty views and a note in :attr:`notes`.
    """

    def __init__(
        self,
        data: bytes | memoryview,
        file_format: str,
        max_pixels: int = DEFAULT_MAX_PIXELS,
        *,
        text: bool = True,
    ) -> None:
        """``text`` says text will be read: the picture is then decoded once at the size that
        reading small text needs, and the working copy made from that."""
        self._data = data
        self._format = file_format
        self._max_pixels = max_pixels
        self._detail_side = round(WORK_SIDE * CLOSER) if text else 0
        self._cache: dict[str, Any] = {}
        self.notes: list[Skip] = []

    def note(self, note: Skip) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def _once(self, key: str, compute: Any) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def decoded(self) -> Decoded | None:
        """The shared working copy, or None (with a note) when it cannot be decoded."""
        return self._once("decoded", self._decode)  # type: ignore[no-any-return]

    def _decode(self) -> Decoded | None:
        try:
            found = decoding.decode(
                self._data, self._format, self._max_pixels, detail_side=self._detail_side
            )
        except Exception as error:  # a decoder failing on hostile pixels must not end the run
            self.failed(error)
            return None
        if isinstance(found, Skip):
            self.note(found)
            return None
        for note in found.notes:
            self.note(note)
        return found

    def failed(self, error: BaseException) -> None:
        """Note that a pixel check failed on this picture, in plain words (memory: too large)."""
        self.note(decoding.failure(error))

    def picture(self) -> Image | None:
        """The working copy, RGB, in the stored orientation (not EXIF-rotated)."""
        decoded = self.decoded()
        return decoded.stored if decoded is not None else None

    def _arrays(self) -> dict[str, Any] | None:
        def compute() -> dict[str, Any] | None:
            import cv2
            import numpy as np

            decoded = self.decoded()
            if decoded is None:
                return None
            cv2.setNumThreads(1)
            rgb = np.asarray(decoded.upright)
            return {
                "rgb": rgb,
                "bgr": np.ascontiguousarray(rgb[:, :, ::-1]),
                "gray": cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY),
            }

        return self._once("arrays", compute)  # type: ignore[no-any-return]

    def to_full(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """A box in the working copy, in the full-size upright picture's pixels."""
        decoded = self.decoded()
        if decoded is None:
            return box
        scale = decoded.scale
        width, height = decoded.full_size
        left, top = max(0, round(box[0] * scale)), max(0, round(box[1] * scale))
        return (
            left,
            top,
            min(width - left, round(box[2] * scale)),
            min(height - top, round(box[3] * scale)),
        )

    def sharp(self) -> Any:
        """The sharper upright RGB copy decoded with the working copy (when text is read), as
        an array, or None when there is none."""
        import numpy as np

        decoded = self.decoded()
        if decoded is None or decoded.detail is None:
            return None
        return self._once("detail", lambda: np.asarray(decoded.detail))

    def ocr_lines(self) -> list[Line]:
        """Every line OCR reads, as read."""

        def compute() -> list[Line]:
            from audit.pixels import ocr

            arrays = self._arrays()
            return ocr.read(arrays["bgr"], self.sharp) if arrays is not None else []

        return self._once("lines", compute)  # type: ignore[no-any-return]

    def phrases(self) -> list[Line]:
        """OCR lines joined into phrases (a handle split over two boxes reads as one)."""

        def compute() -> list[Line]:
            from audit.pixels import ocr

            return ocr.phrases(self.ocr_lines())

        return self._once("phrases", compute)  # type: ignore[no-any-return]

    def codes(self) -> list[Code]:
        """QR codes and barcodes, small ones read again from a sharper copy."""

        def compute() -> list[Code]:
            import numpy as np

            from audit.pixels import qr

            arrays, decoded = self._arrays(), self.decoded()
            if arrays is None or decoded is None:
                return []
            detail: list[Any] = []

            def detail_gray() -> Any:
                if not detail:
                    image = decoding.decode_detail(self._data, self._format, self._max_pixels)
                    detail.append(None if image is None else np.asarray(image))
                return detail[0]

            return qr.find(
                arrays["gray"], decoded.scale, decoded.full_size, detail_gray, self.sharp
            )

        return self._once("codes", compute)  # type: ignore[no-any-return]

    def faces(self) -> list[Face]:
        def compute() -> list[Face]:
            from audit.pixels import faces

            arrays, decoded = self._arrays(), self.decoded()
            if arrays is None or decoded is None:
                return []
            return faces.find(arrays["rgb"], decoded.scale)

        return self._once("faces", compute)  # type: ignore[no-any-return]

    def seen(self) -> list[SeenText]:
        """Every line read and every code payload, for matching the person's own identifiers."""
        seen = [SeenText(line.raw, "ocr", self.to_full(line.box)) for line in self.ocr_lines()]
        seen += [SeenText(clean_text(c.payload, MAX_LINE), "qr", c.box) for c in self.codes()]
        return seen
