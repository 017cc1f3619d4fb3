"""The CLI on examples/: exactly the findings examples/expected.json lists."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from paths import EXAMPLES

from audit.cli import main


def test_examples_give_exactly_the_expected_findings():
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(
        main, ["scan", str(EXAMPLES / "photos"), "--format", "json"], catch_exceptions=False
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    found = {
        os.path.basename(p["path"]): sorted(f["id"] for f in p["findings"])
        for p in document["photos"]
    }
    assert found == expected["photos"]
    assert sorted(f["id"] for f in document["set_findings"]) == expected["set_findings"]
    assert all(p["status"] == "audited" for p in document["photos"])


def test_examples_in_chinese_table():
    result = CliRunner().invoke(
        main, ["scan", str(EXAMPLES / "photos"), "--lang", "zh", "--fail-on", "none"]
    )
    assert result.exit_code == 0
    assert "很可能是你家" in result.stdout
    assert "隐藏预览图显示的是未裁剪的原图" in result.stdout
