"""Fixtures for the format tests."""

from __future__ import annotations

import pytest
from canonical import canonical_report

from audit.models import AuditReport


@pytest.fixture
def report() -> AuditReport:
    return canonical_report()
