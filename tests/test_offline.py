"""A scan never touches the network, not even to look up a name."""

from __future__ import annotations

import socket

from click.testing import CliRunner
from paths import EXAMPLES

from audit.cli import main


def test_scan_runs_with_sockets_forbidden(monkeypatch):
    attempts = []

    class NoSocket(socket.socket):
        """Local pipes between processes stay allowed; any Internet socket is refused."""

        def __init__(self, family=socket.AF_INET, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(family)
                raise OSError("network use is forbidden in this test")
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", NoSocket)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a))
    result = CliRunner().invoke(
        main, ["scan", str(EXAMPLES / "photos"), "-f", "json", "--fail-on", "none", "--jobs", "1"]
    )
    assert result.exit_code == 0
    assert '"internal-error"' not in result.stdout
    assert attempts == []
