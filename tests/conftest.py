"""Shared test fixtures. Every test runs with the network blocked unless it asks for loopback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from paths import CORPUS


class NetworkBlocked(RuntimeError):
    """A test tried to reach the network."""


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    return isinstance(host, str) and (host.startswith("127.") or host in ("::1", "localhost"))


@pytest.fixture(autouse=True)
def block_network(monkeypatch):
    """Fail any connection that leaves this machine; loopback stays allowed for local servers."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self, address):
        if self.family == socket.AF_UNIX or _is_loopback(address):
            return real_connect(self, address)
        raise NetworkBlocked(f"test tried to connect to {address!r}")

    def guarded_connect_ex(self, address):
        if self.family == socket.AF_UNIX or _is_loopback(address):
            return real_connect_ex(self, address)
        raise NetworkBlocked(f"test tried to connect to {address!r}")

    def guarded_getaddrinfo(host, *args, **kwargs):
        if host is None or _is_loopback((host,)):
            return real_getaddrinfo(host, *args, **kwargs)
        raise NetworkBlocked(f"test tried to resolve {host!r}")

    real_getaddrinfo = socket.getaddrinfo
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    yield


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory, monkeypatch):
    """Each test gets its own cache and data folders, never the real user's."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))


@pytest.fixture
def corpus() -> Path:
    """The shared camera corpus beside the project; tests using it skip where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip("shared corpus not found at ../shared/corpus (optional resource)")
    return CORPUS
