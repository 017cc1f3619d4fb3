"""Copies checked by outside tools: ExifTool finds nothing identifying in any copy, and
Chromium shows a copy of a rotated photo upright. Each test is skipped, with the reason, where
its tool is not installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from clean_factory import rich_jpeg
from click.testing import CliRunner
from paths import EXAMPLES
from PIL import Image

from audit.cli import main

#: Tag names (after the group) that hold what a clean copy must not.
FORBIDDEN = re.compile(
    r"GPS|Serial|^(Artist|OwnerName|CameraOwnerName|Creator|By-line|Author|XPAuthor|Copyright"
    r"|Rights|ImageUniqueID|DocumentID|OriginalDocumentID|InstanceID|ContentIdentifier"
    r"|ThumbnailImage|ThumbnailOffset|ThumbnailTIFF|PreviewImage|JpgFromRaw|OtherImage"
    r"|Comment|UserComment|XPComment|MakerNote.*|EmbeddedVideo.*|MotionPhoto.*)$",
    re.IGNORECASE,
)
#: Colour profile groups: their description and copyright are the standard wordings.
_PROFILE_GROUPS = ("ICC", "ICC_Profile", "ICC-header", "ICC-view", "ICC-meas")


def _exiftool() -> str:
    found = shutil.which("exiftool")
    if found is None:
        pytest.skip("exiftool is not installed (Debian: libimage-exiftool-perl)")
    return found


def leftovers(tool: str, files: list[Path]) -> dict[str, list[str]]:
    """Every forbidden tag (and trailer warning) ExifTool reports, per file."""
    output = subprocess.run(
        [tool, "-j", "-a", "-u", "-G1", "-ee", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    ).stdout
    found: dict[str, list[str]] = {}
    for entry in json.loads(output):
        bad = []
        for key, value in entry.items():
            group, _, name = key.rpartition(":")
            if group in _PROFILE_GROUPS or group.startswith("ICC"):
                continue
            if FORBIDDEN.search(name) or group.lower() == "trailer":
                bad.append(key)
            if name in ("Warning", "Error") and re.search("trailer|EOI", str(value), re.I):
                bad.append(f"{key}: {value}")
        if bad:
            found[entry["SourceFile"]] = bad
    return found


def _clean_all(source: Path, out: Path) -> list[Path]:
    result = CliRunner().invoke(
        main,
        ["clean", str(source), "--out", str(out), "--convert", "jpeg", "--metadata-only"],
        catch_exceptions=False,
    )
    assert result.exit_code in (0, 1), result.output
    return sorted(p for p in out.rglob("*") if p.is_file())


def test_exiftool_finds_nothing_identifying_in_copies_of_the_examples(tmp_path):
    tool = _exiftool()
    photos = tmp_path / "photos"
    shutil.copytree(EXAMPLES / "photos", photos)
    rich_jpeg(photos / "everything.jpg")
    originals = leftovers(tool, sorted(photos.iterdir()))
    assert str(photos / "everything.jpg") in originals  # the check can see what it looks for
    assert str(photos / "landmark_gps.jpg") in originals
    copies = _clean_all(photos, tmp_path / "out")
    assert len(copies) == len(list(photos.iterdir()))
    assert leftovers(tool, copies) == {}


def test_exiftool_finds_nothing_identifying_in_copies_of_the_corpus(corpus, tmp_path):
    tool = _exiftool()
    copies = _clean_all(corpus, tmp_path / "out")
    assert len(copies) >= 90
    assert leftovers(tool, copies) == {}


# Chromium ---------------------------------------------------------------------------------------

_QUADRANTS = {
    (0, 0): (220, 30, 30),
    (1, 0): (30, 200, 30),
    (0, 1): (30, 30, 220),
    (1, 1): (230, 220, 30),
}


def _upright_reference(size: tuple[int, int] = (240, 120)) -> Image.Image:
    image = Image.new("RGB", size)
    half_w, half_h = size[0] // 2, size[1] // 2
    for (column, row), colour in _QUADRANTS.items():
        image.paste(
            colour, (column * half_w, row * half_h, (column + 1) * half_w, (row + 1) * half_h)
        )
    return image


def _screenshot(tool: str, html: Path, tmp_path: Path) -> Image.Image:
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            tool,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=400,400",
            html.as_uri(),
        ],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if not shot.exists():
        pytest.fail("chromium made no screenshot")
    return Image.open(shot).convert("RGB")


def _shows_upright(shot: Image.Image, size: tuple[int, int]) -> bool:
    """Each quadrant of the reference is where it should be on the screen."""
    width, height = size
    for (column, row), colour in _QUADRANTS.items():
        seen = shot.getpixel((column * width // 2 + width // 4, row * height // 2 + height // 4))
        if max(abs(a - b) for a, b in zip(seen, colour, strict=True)) > 40:
            return False
    return True


def test_chromium_shows_the_copy_of_a_rotated_photo_upright(tmp_path):
    tool = shutil.which("chromium") or shutil.which("chromium-browser")
    if tool is None:
        pytest.skip("chromium is not installed (Debian: chromium)")
    reference = _upright_reference()
    folder = tmp_path / "in"
    folder.mkdir()
    # Stored turned a quarter left, with orientation 6 saying "turn right to show".
    rich_jpeg(folder / "rotated.jpg", orientation=6, size=(120, 240))
    stored = reference.transpose(Image.Transpose.ROTATE_90)
    exif = Image.open(folder / "rotated.jpg").getexif()
    stored.save(folder / "rotated.jpg", "JPEG", quality=95, exif=exif.tobytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["clean", str(folder), "--out", str(out), "--metadata-only", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    page = tmp_path / "page.html"

    def show(name: str) -> Image.Image:
        page.write_text(
            f'<html><body style="margin:0;background:#fff"><img src="{name}" '
            'style="display:block"></body></html>'
        )
        return _screenshot(tool, page, tmp_path)

    shutil.copy(out / "rotated.jpg", tmp_path / "copy.jpg")
    assert _shows_upright(show("copy.jpg"), reference.size)
    # The same picture without the orientation (as `exiftool -all=` leaves it) shows sideways,
    # so the check above can fail.
    stored.save(tmp_path / "sideways.jpg", "JPEG", quality=95)
    assert not _shows_upright(show("sideways.jpg"), reference.size)
