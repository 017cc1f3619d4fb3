"""Camera or phone make and model, lens and software, scored by how common the device is.

The classes and their bits are data (``checks/devices.toml``): a best-selling phone says little,
a rare camera narrows the crowd a great deal.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from audit.catalog import make_finding
from audit.checkdata import ChecksError, load
from audit.detectors.registry import Need, PhotoContext, detector
from audit.models import MAX_BITS, Confidence, Evidence, EvidenceKind, Finding, Severity
from audit.readers.metadata import Metadata

_FIELDS = (
    ("Exif.Image.Make", "Xmp.tiff.Make"),
    ("Exif.Image.Model", "Xmp.tiff.Model"),
    ("Exif.Photo.LensModel", "Xmp.aux.Lens", "Xmp.exifEX.LensModel"),
    ("Exif.Image.Software", "Xmp.xmp.CreatorTool"),
    ("Exif.Image.HostComputer",),
)
KEYS = frozenset(key for group in _FIELDS for key in group)


@dataclass(frozen=True)
class DeviceTable:
    classes: dict[str, float]
    rules: tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]
    lens_bits: float


@functools.cache
def device_table() -> DeviceTable:
    data = load("devices.toml")
    classes = {}
    for name, entry in data.get("classes", {}).items():
        bits = entry.get("bits")
        if (
            not isinstance(bits, (int, float))
            or not 0 <= bits <= MAX_BITS
            or not entry.get("source")
        ):
            raise ChecksError(f"devices.toml: class {name} needs bits (0-32.9) and a source")
        classes[name] = float(bits)
    for needed in ("camera", "make-only"):
        if needed not in classes:
            raise ChecksError(f"devices.toml: class {needed!r} is required")
    rules = []
    for index, entry in enumerate(data.get("device", [])):
        if entry.get("class") not in classes:
            raise ChecksError(
                f"devices.toml: device {index} names an unknown class {entry.get('class')!r}"
            )
        try:
            rules.append(
                (re.compile(entry["make"], re.I), re.compile(entry["model"], re.I), entry["class"])
            )
        except (KeyError, re.error) as error:
            raise ChecksError(f"devices.toml: device {index}: {error}") from None
    extras = data.get("extras", {})
    return DeviceTable(classes, tuple(rules), float(extras.get("lens_bits", 0.0)))


def device_class(make: str, model: str) -> str:
    if not model:
        return "make-only"
    make = make or model.split()[0]
    for make_pattern, model_pattern, name in device_table().rules:
        if make_pattern.search(make) and model_pattern.search(model):
            return name
    return "camera"


def detect(metadata: Metadata) -> list[Finding]:
    values = [(metadata.first(*keys)) for keys in _FIELDS]
    make, model, lens = (tag.text if tag else "" for tag in values[:3])
    if not make and not model:
        return []
    table = device_table()
    kind = device_class(make, model)
    bits = table.classes[kind]
    if lens and model and lens.lower() != model.lower():
        bits += table.lens_bits
    evidence = tuple(
        Evidence(tag.key, tag.text, EvidenceKind.DEVICE)
        for tag in values
        if tag is not None and tag.text
    )
    return [
        make_finding(
            "device.model", Severity.LOW, Confidence.HIGH, min(bits, MAX_BITS), evidence, rule=kind
        )
    ]


@detector("device", ids={"device.model"}, needs={Need.METADATA})
def detect_device(context: PhotoContext) -> list[Finding]:
    return detect(context.metadata)
