"""Fixtures for the pixel checks: the sample-photo generator and one warmed-up engine."""

from __future__ import annotations

import pytest

from audit.demo import pixel_samples


@pytest.fixture(scope="session")
def samples():
    """audit.demo.pixel_samples: backgrounds, watermarks, QR codes, the portrait, JPEG."""
    return pixel_samples


@pytest.fixture(scope="session")
def engine():
    """Load the OCR, code and face models once for the whole session."""
    from audit import pixels

    pixels.warm_up()
    return pixels
