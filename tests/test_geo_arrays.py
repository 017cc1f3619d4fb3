"""The places' arrays: parsed once, kept owner-only in the cache folder, then mapped."""

from __future__ import annotations

import stat

import numpy
import pytest

from audit import geo


@pytest.fixture
def folder():
    """The array folder of this test's own cache, built by a first load (which also removes
    the single array file earlier versions kept)."""
    built = geo._array_folder()
    assert built is not None
    built.parent.mkdir(parents=True, exist_ok=True)
    earlier = built.parent / "geonames-1.6.6-2.npz"
    earlier.write_bytes(b"an earlier version's arrays")
    geo._load_arrays()
    assert built.is_dir() and not earlier.exists()
    return built


def test_the_folder_is_owner_only_and_later_loads_map_it_without_parsing(folder, monkeypatch):
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    parsed = geo._parse_table()

    def no_parsing():
        raise AssertionError("the table was parsed again")

    monkeypatch.setattr(geo, "_parse_table", no_parsing)
    mapped = geo._load_arrays()
    assert all(isinstance(mapped[name], numpy.memmap) for name in geo._ARRAYS)
    for name, values in parsed.items():
        assert numpy.array_equal(mapped[name], values), name


@pytest.mark.parametrize("damage", ["missing", "cut short", "another length"])
def test_a_damaged_folder_is_not_used(folder, damage):
    target = folder / "population.npy"
    if damage == "missing":
        target.unlink()
    elif damage == "cut short":
        target.write_bytes(target.read_bytes()[:200])
    else:
        numpy.save(target, numpy.zeros(3))
    assert geo._mapped(folder) is None
    # The next load parses the table again and puts a whole folder in the damaged one's place.
    parsed = geo._load_arrays()
    mapped = geo._mapped(folder)
    assert mapped is not None
    assert numpy.array_equal(mapped["population"], parsed["population"])
