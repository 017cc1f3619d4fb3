"""Pictures for the trace tests, drawn from seeds: her photos, reposts of them, unrelated ones."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from paths import EXAMPLES

sys.path.insert(0, str(EXAMPLES))
import repost_edits  # noqa: E402


def picture(seed: int, size: tuple[int, int] = (900, 675)):
    return repost_edits.synthetic_picture(seed, size)


@pytest.fixture
def edits():
    return repost_edits


@pytest.fixture
def mine(tmp_path) -> Path:
    """Three of her photos."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for seed in (1, 2, 3):
        picture(seed).save(folder / f"mine-{seed}.jpg", "JPEG", quality=92)
    return folder


@pytest.fixture
def found(tmp_path, mine) -> Path:
    """A loose folder: reposts of her photos 1 and 2, two unrelated pictures, a broken file."""
    folder = tmp_path / "found"
    folder.mkdir()
    first = picture(1)
    repost_edits.telegram(first, random.Random(1)).save(folder / "resent.jpg", quality=80)
    repost_edits.screenshot(picture(2), random.Random(2)).save(folder / "shot.jpg", quality=85)
    picture(50).save(folder / "other-1.jpg", quality=85)
    picture(51).save(folder / "other-2.jpg", quality=85)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    return folder


def tree_state(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``folder`` with its size, modification time and contents."""
    return {
        str(path.relative_to(folder)): (
            path.stat().st_size,
            path.stat().st_mtime_ns,
            path.read_bytes(),
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
