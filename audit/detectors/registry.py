"""One shape for every per-photo check, and the one list of them that ``inspect`` walks.

A detector is a function of one :class:`PhotoContext` that says up front which finding ids it
can emit and what it needs (metadata, the file name, the decoded picture, OCR text, the codes
in the picture, the person's own identifiers). :func:`plan` keeps the detectors that can emit a
selected id and have what they need, and the context computes each input only when a kept
detector first asks for it: ``--select location`` never decodes a pixel.

A check is added by writing one module in :mod:`audit.detectors` whose function carries the
:func:`detector` decorator; every module of the package is imported when the list is built, so
nothing else is edited. Checks across photos (:mod:`audit.detectors.sets`) are not here: they
run once over all results, after every photo is done.
"""

from __future__ import annotations

import enum
import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from audit.models import Finding, Location

if TYPE_CHECKING:
    from PIL.Image import Image

    from audit.me import Me
    from audit.pixels import Pixels, SeenText
    from audit.pixels.ocr import Line
    from audit.pixels.qr import Code
    from audit.readers.metadata import Metadata


class Need(enum.StrEnum):
    """An input a detector reads; the pixel ones cost a decode (and OCR or code reading)."""

    METADATA = "metadata"
    NAME = "name"
    PICTURE = "picture"
    TEXT = "text"
    CODES = "codes"
    #: The person's own identifiers (``--me``): without them the detector has nothing to do.
    ME = "me"

    @property
    def pixels(self) -> bool:
        return self in (Need.PICTURE, Need.TEXT, Need.CODES)


@dataclass(frozen=True)
class Detection:
    """What one detector found: findings, and facts about the photo that are not findings."""

    findings: tuple[Finding, ...] = ()
    location: Location | None = None
    #: Capture time as written in the file, ISO 8601.
    taken_at: str | None = None


@dataclass(frozen=True)
class PhotoContext:
    """Everything a detector may look at for one photo; the pixel parts are decoded lazily.

    ``pixels`` is None when pixels are not to be read (``--metadata-only``, or no selected
    detector needs them); the picture, OCR lines and codes are then empty.
    """

    metadata: Metadata
    #: The path as the person typed it or as found in her folder (shown in the report).
    display: str
    me: Me | None = None
    pixels: Pixels | None = None
    #: Look up the place near a GPS fix (audit.geo); off where no report shows it.
    places: bool = True

    @property
    def picture(self) -> Image | None:
        """A small decoded copy of the photo, RGB, in its stored orientation."""
        return self.pixels.picture() if self.pixels is not None else None

    @property
    def lines(self) -> list[Line]:
        """OCR lines, joined into phrases, in the working copy's coordinates."""
        return self.pixels.phrases() if self.pixels is not None else []

    @property
    def codes(self) -> list[Code]:
        """QR codes and barcodes read from the picture."""
        return self.pixels.codes() if self.pixels is not None else []

    @property
    def seen(self) -> list[SeenText]:
        """Every line of text read from the picture and every code payload."""
        return self.pixels.seen() if self.pixels is not None else []

    def to_full(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        """A working-copy box in the full-size picture's pixels."""
        return self.pixels.to_full(box) if self.pixels is not None else box


Result = Detection | Sequence[Finding]


class Detector(Protocol):
    """A check on one photo."""

    @property
    def name(self) -> str: ...

    #: Inputs the detector cannot run without (a pixel need keeps it out of metadata-only runs).
    @property
    def needs(self) -> frozenset[Need]: ...

    #: Inputs it reads when the run reads pixels at all, and does without otherwise.
    @property
    def uses(self) -> frozenset[Need]: ...

    def emits(self) -> frozenset[str]:
        """The finding ids it can produce."""
        ...

    def detect(self, context: PhotoContext) -> Detection: ...


@dataclass(frozen=True)
class FunctionDetector:
    """A detector written as a plain function (what :func:`detector` makes)."""

    name: str
    ids: frozenset[str] | Callable[[], Iterable[str]]
    needs: frozenset[Need]
    function: Callable[[PhotoContext], Result]
    uses: frozenset[Need] = frozenset()
    #: Detectors run in this order (lower first); the result does not depend on it.
    order: int = 0
    module: str = field(default="", compare=False)

    def emits(self) -> frozenset[str]:
        return self.ids if isinstance(self.ids, frozenset) else frozenset(self.ids())

    def detect(self, context: PhotoContext) -> Detection:
        found = self.function(context)
        return found if isinstance(found, Detection) else Detection(tuple(found))


_REGISTERED: dict[str, FunctionDetector] = {}


def detector(
    name: str,
    *,
    ids: Iterable[str] | Callable[[], Iterable[str]],
    needs: Iterable[Need],
    uses: Iterable[Need] = (),
    order: int = 0,
) -> Callable[[Callable[[PhotoContext], Result]], Callable[[PhotoContext], Result]]:
    """Register the decorated function as the detector ``name``; the function is unchanged.

    ``ids`` may be a function, for detectors whose ids come from a data file.
    """

    def register(function: Callable[[PhotoContext], Result]) -> Callable[[PhotoContext], Result]:
        _REGISTERED[name] = FunctionDetector(
            name=name,
            ids=ids if callable(ids) else frozenset(ids),
            needs=frozenset(needs),
            function=function,
            uses=frozenset(uses),
            order=order,
            module=function.__module__,
        )
        return function

    return register


def _package_modules() -> tuple[str, ...]:
    import audit.detectors as package

    return _modules_in(package.__name__, tuple(package.__path__))


@functools.cache
def _modules_in(name: str, folders: tuple[str, ...]) -> tuple[str, ...]:
    """Listed once per process: every audited file plans its detectors from this list."""
    return tuple(f"{name}.{info.name}" for info in pkgutil.iter_modules(folders))


@functools.cache
def _detectors_in(modules: tuple[str, ...]) -> tuple[FunctionDetector, ...]:
    for module in modules:
        importlib.import_module(module)
    kept = [found for found in _REGISTERED.values() if found.module in modules]
    return tuple(sorted(kept, key=lambda found: (found.order, found.name)))


def all_detectors() -> tuple[FunctionDetector, ...]:
    """Every detector in the :mod:`audit.detectors` package, in running order."""
    return _detectors_in(_package_modules())


def selects(prefixes: Sequence[str], finding_id: str) -> bool:
    """True when some prefix picks findings of ``finding_id`` (or one rule of it)."""
    return any(finding_id.startswith(p) or p.startswith(finding_id + "/") for p in prefixes)


def _covers(prefixes: Sequence[str], finding_id: str) -> bool:
    """True when the prefixes drop every finding of ``finding_id``, whatever its rule."""
    return any(finding_id.startswith(p) for p in prefixes)


def plan(
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    *,
    pixels: bool = True,
    me: bool = False,
) -> tuple[FunctionDetector, ...]:
    """The detectors worth running: they can emit a wanted id and have what they need."""
    return _plan(_package_modules(), tuple(select), tuple(ignore), pixels, me)


@functools.cache
def _plan(
    modules: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    pixels: bool,
    me: bool,
) -> tuple[FunctionDetector, ...]:
    """Remembered per process and set of detector modules: ``exposure clean`` audits each
    original and each copy under options of its own, and asking every detector for its ids
    costs more than a photo's checks."""

    def wanted(finding_id: str) -> bool:
        return (not select or selects(select, finding_id)) and not _covers(ignore, finding_id)

    return tuple(
        found
        for found in _detectors_in(modules)
        if any(wanted(finding_id) for finding_id in found.emits())
        and (pixels or not any(need.pixels for need in found.needs))
        and (me or Need.ME not in found.needs)
    )


def reads_pixels(detectors: Iterable[Detector]) -> bool:
    """True when some detector needs or uses the decoded picture."""
    return any(need.pixels for found in detectors for need in found.needs | found.uses)


def merge(detections: Iterable[Detection]) -> tuple[list[Finding], Location | None, str | None]:
    """All findings, and the first location and capture time any detector gave."""
    findings: list[Finding] = []
    location: Location | None = None
    taken_at: str | None = None
    for found in detections:
        findings.extend(found.findings)
        location = location or found.location
        taken_at = taken_at or found.taken_at
    return findings, location, taken_at


__all__ = [
    "Detection",
    "Detector",
    "FunctionDetector",
    "Need",
    "PhotoContext",
    "all_detectors",
    "detector",
    "merge",
    "plan",
    "reads_pixels",
    "selects",
]
