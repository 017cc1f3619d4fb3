"""Build small test photos with chosen metadata, using the example generator's own helpers."""

from __future__ import annotations

import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

import make_examples  # noqa: E402

scene = make_examples.scene
gps = make_examples.gps
write_metadata = make_examples.write_metadata


def jpeg(
    path: Path, values: dict[str, str] | None = None, *, size=(320, 240), seed=1, thumbnail=None
) -> Path:
    """A JPEG with the given metadata (exiv2 keys: Exif.*, Iptc.*, Xmp.*) and optional thumbnail."""
    scene(seed, size).save(path, "JPEG", quality=80)
    if values or thumbnail is not None:
        write_metadata(path, values or {}, thumbnail=thumbnail)
    return path
