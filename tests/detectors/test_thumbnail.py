"""Hidden previews: present, cropped (different framing), edited (different content)."""

from __future__ import annotations

import io

from metadata_factory import metadata
from photo_factory import scene
from PIL import Image, ImageDraw

from audit.detectors import thumbnail
from audit.models import Severity
from audit.readers.metadata import Preview


def _jpeg_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    return buffer.getvalue()


def _verdict(preview: Preview, size=(1200, 900), picture=None):
    (finding,) = thumbnail.detect(
        metadata({}, width=size[0], height=size[1], previews=(preview,)), picture
    )
    return finding


def test_matching_preview_is_low():
    full = scene(1)
    finding = _verdict(Preview("embedded preview", 160, 120, _jpeg_bytes(full.resize((160, 120)))))
    assert finding.severity is Severity.LOW and "matches" in finding.title.en


def test_cropped_photo_with_old_preview_is_high():
    full = scene(1)
    finding = _verdict(
        Preview("embedded preview", 160, 120, _jpeg_bytes(full.resize((160, 120)))), size=(900, 900)
    )
    assert finding.severity is Severity.HIGH and "uncropped" in finding.title.en


def test_letterboxed_preview_is_not_a_crop():
    photo = scene(2, (1500, 1000))
    preview = Image.new("RGB", (160, 120))
    preview.paste(photo.resize((160, 107)), (0, 7))
    finding = _verdict(
        Preview("embedded preview", 160, 120, _jpeg_bytes(preview)), size=(1500, 1000)
    )
    assert finding.severity is Severity.LOW


def test_edited_content_is_caught_when_pixels_are_read():
    original = scene(3)
    edited = original.copy()
    ImageDraw.Draw(edited).rectangle([0, 0, 1200, 500], fill=(0, 0, 0))
    preview = Preview("embedded preview", 160, 120, _jpeg_bytes(original.resize((160, 120))))
    assert _verdict(preview, picture=edited.resize((400, 300))).severity is Severity.HIGH
    assert _verdict(preview, picture=original.resize((400, 300))).severity is Severity.LOW


def test_preview_of_unknown_shape_is_reported_present():
    finding = _verdict(Preview("HEIF thumbnail", 0, 0))
    assert finding.severity is Severity.LOW


def test_no_preview_no_finding():
    assert thumbnail.detect(metadata({}, width=100, height=100)) == []
