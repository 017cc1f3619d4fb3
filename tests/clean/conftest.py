"""Fixtures shared by the clean tests."""

from __future__ import annotations

import pytest

from audit.clean import onepass, verify


@pytest.fixture(params=["one-pass", "fallback"])
def both_searches(request, monkeypatch):
    """Runs a test with Hyperscan's one-pass searches (used here even on small test data) and
    again with the Python searches they fall back on, which must give the same answers."""
    if request.param == "fallback":
        monkeypatch.setattr(onepass, "engine", lambda: None)
    else:
        assert onepass.engine() is not None, "hyperscan is a dependency: it must be installed"
        monkeypatch.setattr(verify, "ONE_PASS_FROM", 0)
    return request.param
