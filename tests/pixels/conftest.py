"""Fixtures for the pixel checks: the sample-photo generator and one warmed-up engine."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from paths import EXAMPLES


def _load_samples():
    spec = importlib.util.spec_from_file_location("pixel_samples", EXAMPLES / "pixel_samples.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pixel_samples", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def samples():
    """examples/pixel_samples.py: backgrounds, watermarks, QR codes, the portrait, JPEG."""
    return _load_samples()


@pytest.fixture(scope="session")
def engine():
    """Load the OCR, code and face models once for the whole session."""
    from audit import pixels

    pixels.warm_up()
    return pixels
