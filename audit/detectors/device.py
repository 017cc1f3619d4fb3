"""Camera or phone make and model, lens and software, scored by how common the device is.

The classes and their bits are data (``checks/devices.toml``): a best-selling phone says little,
a rare camera narrows the crowd a great deal.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from audit.catalog import make_finding
from audit.checkdata import BITS, ChecksError, Field, Schema, entries, load, named, regex, string
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


FILE = "devices.toml"
SCORED = Schema(BITS)
DEVICE = Schema(
    {
        "name": Field(string),
        "make": Field(regex(re.IGNORECASE)),
        "model": Field(regex(re.IGNORECASE)),
        "class": Field(string),
    }
)


def parse(data: dict[str, Any]) -> DeviceTable:
    """The device classes, the make/model rules and the lens increment, validated."""
    classes = {name: values["bits"] for name, _, values in named(data, "classes", SCORED, FILE)}
    for needed in ("camera", "make-only"):
        if needed not in classes:
            raise ChecksError(f"{FILE}: classes.{needed}: missing (the tool relies on it)")
    rules = []
    for where, values in entries(data, "device", DEVICE, FILE):
        if values["class"] not in classes:
            raise ChecksError(f"{where}.class: {values['class']!r} is not one of [classes]")
        rules.append((values["make"], values["model"], values["class"]))
    lens = SCORED.read(data.get("lens"), f"{FILE}: lens")
    return DeviceTable(classes, tuple(rules), lens["bits"])


@functools.cache
def device_table() -> DeviceTable:
    return parse(load(FILE, tables={"classes", "device", "lens"}))


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
