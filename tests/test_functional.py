"""The CLI on examples/: exactly the findings examples/expected.json lists, with no network.

The whole example scan is slow (every photo goes through OCR, code reading and face search),
so it runs once for this module: through the command line, with every Internet socket refused,
keeping the report it built so that other renderings are checked against the same run.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass

import pytest
from click.testing import CliRunner, Result
from paths import EXAMPLES

from audit import cli
from audit.cli import main, should_fail
from audit.formats import OutputFormat, render
from audit.models import AuditReport


@dataclass(frozen=True)
class ExampleScan:
    result: Result
    report: AuditReport
    #: Internet sockets the scan tried to open (refused).
    attempts: tuple[object, ...]


@pytest.fixture(scope="module")
def example_scan(tmp_path_factory) -> ExampleScan:
    attempts: list[object] = []
    reports: list[AuditReport] = []

    class NoSocket(socket.socket):
        """Local pipes between processes stay allowed; any Internet socket is refused."""

        def __init__(self, family=socket.AF_INET, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6):
                attempts.append(family)
                raise OSError("network use is forbidden in this test")
            super().__init__(family, *args, **kwargs)

    real_run = cli.run_audit

    def keeping(options, progress=None, notice=None):
        reports.append(real_run(options, progress, notice))
        return reports[-1]

    base = tmp_path_factory.mktemp("user")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("CACHE", "DATA", "CONFIG"):
            patch.setenv(f"XDG_{name}_HOME", str(base / name.lower()))
        patch.setattr(socket, "socket", NoSocket)
        patch.setattr(socket, "create_connection", lambda *a, **k: attempts.append(a))
        patch.setattr(cli, "run_audit", keeping)
        result = CliRunner().invoke(
            main, ["scan", str(EXAMPLES / "photos"), "--format", "json"], catch_exceptions=False
        )
    (report,) = reports
    return ExampleScan(result, report, tuple(attempts))


def test_examples_give_exactly_the_expected_findings(example_scan):
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    assert example_scan.result.exit_code == 1
    document = json.loads(example_scan.result.stdout)
    found = {
        os.path.basename(p["path"]): sorted(f["id"] for f in p["findings"])
        for p in document["photos"]
    }
    assert found == expected["photos"]
    assert sorted(f["id"] for f in document["set_findings"]) == expected["set_findings"]
    assert all(p["status"] == "audited" for p in document["photos"])
    assert all("/" in f["rule"] for p in document["photos"] for f in p["findings"])


def test_scan_runs_with_sockets_forbidden(example_scan):
    assert example_scan.attempts == ()
    assert '"internal-error"' not in example_scan.result.stdout


def test_examples_in_chinese_table(example_scan):
    text = render(example_scan.report, OutputFormat.TABLE, "zh")
    assert not should_fail(example_scan.report, "none")
    assert "很可能是你家" in text
    assert "隐藏预览图显示的是未裁剪的原图" in text
