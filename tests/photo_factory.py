"""Build small test photos with chosen metadata, using the example generator's own helpers."""

from __future__ import annotations

from pathlib import Path

from audit.demo.scenes import gps, scene, write_metadata

__all__ = ["gps", "jpeg", "scene", "write_metadata"]


def jpeg(
    path: Path, values: dict[str, str] | None = None, *, size=(320, 240), seed=1, thumbnail=None
) -> Path:
    """A JPEG with the given metadata (exiv2 keys: Exif.*, Iptc.*, Xmp.*) and optional thumbnail."""
    scene(seed, size).save(path, "JPEG", quality=80)
    if values or thumbnail is not None:
        write_metadata(path, values or {}, thumbnail=thumbnail)
    return path
