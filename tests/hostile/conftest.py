"""Fixtures for the hostile-input tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.inspect import FileOptions, audit_file
from audit.models import PhotoResult
from audit.sources.walk import InputFile


@pytest.fixture
def audit_bytes(tmp_path):
    """Audit ``data`` written under ``name`` (metadata only unless ``pixels``)."""

    def run(name: str, data: bytes, pixels: bool = False) -> PhotoResult:
        path: Path = tmp_path / name
        path.write_bytes(data)
        return audit_file(InputFile(str(path), str(path)), FileOptions(metadata_only=not pixels))

    return run
