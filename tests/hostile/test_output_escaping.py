"""Every string that came from outside goes through the one sanitizer, in every format.

Hostile values (escape sequences, C1 controls, direction overrides, HTML, Markdown links,
table pipes, megabyte strings) are put in every place outside text can reach a report: every
skip reason in audit/skips.py (each placeholder filled), the path, notes, evidence values and
labels, titles and fixes. Nothing may come out raw, in any format, in either language.
"""

from __future__ import annotations

import json
import os
import re
import string

import pytest
from click.testing import CliRunner
from photo_factory import gps, jpeg

from audit import sanitize
from audit.cli import main
from audit.formats import OutputFormat, render
from audit.me import MeFileError, load_me
from audit.models import (
    AuditReport,
    Confidence,
    Evidence,
    EvidenceKind,
    Finding,
    Lang,
    PhotoResult,
    Severity,
    Status,
    Text,
)
from audit.readers.metadata import clean_text
from audit.skips import REASONS, skip

TITLE_SET = "\x1b]2;owned\x07"
HOSTILE = [
    TITLE_SET,
    "\x1b[2J\x1b[31mred",
    "\x9b31m C1 CSI \x9d0;t\x9c",
    "abc\u202edisplayed backwards\u202c",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](http://evil.example/) ![x](http://evil.example/p.png)",
    "a | b | c |",
    "line\u2028separator\u2029para\ufeffbom\u200bzero",
    "&lt;img src=x onerror=alert(1)&gt;",
    "x" * 1_000_000,
]
#: Characters that must never reach a report raw: C0 (but newline), C1, bidi, separators.
RAW_CONTROL = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _skips(value: str):
    for code, template in REASONS.items():
        values = {name: value for name in _fields(template.en) | _fields(template.zh)}
        yield skip(code, **values)


def _finding(value: str) -> Finding:
    evidence = tuple(
        Evidence(value, value, kind, label=Text(value, value))
        for kind in (EvidenceKind.TEXT, EvidenceKind.NAME, EvidenceKind.FILE)
    )
    # Words of a finding are the catalog's; a value read from a file that reaches them has
    # been bounded by the readers (MAX_TEXT).
    words = Text(value[:2000], value[:2000])
    return Finding(
        id="identity.owner",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        bits=10.0,
        title=words,
        why=words,
        fix=words,
        evidence=evidence,
    )


def _report(value: str) -> AuditReport:
    reasons = tuple(_skips(value))
    photos = [
        PhotoResult(
            path=value[:4000], status=Status.AUDITED, findings=(_finding(value),), notes=reasons
        )
    ]
    photos += [PhotoResult(path=value[:4000], status=Status.SKIPPED, skip=s) for s in reasons]
    return AuditReport(tool_version="test", photos=tuple(photos), set_findings=(_finding(value),))


def _assert_markdown_inert(text: str) -> None:
    """No HTML tag but the format's own line breaks, no link, no extra table cell."""
    assert not re.search(r"(?<!\\)<", text.replace("<br>", ""))
    assert "](" not in text.replace("\\](", "")
    for line in text.splitlines():
        if line.startswith("|"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 5, line[:200]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_every_reason_label_and_value_is_escaped_in_every_format(value, lang):
    report = _report(value)
    for output in OutputFormat:
        text = render(report, output, lang)
        assert not RAW_CONTROL.search(text), (output, RAW_CONTROL.search(text))
        if output is OutputFormat.JSON:
            assert "<" not in text and ">" not in text
        if output is OutputFormat.MARKDOWN:
            _assert_markdown_inert(text)
        if output.value == "html":
            assert "<script>alert" not in text and "<img src=x" not in text
        if output is OutputFormat.JSON:
            document = json.loads(text)
            assert document["photos"][1]["path"] == value[:4000]
        if len(value) > 100_000 and output is not OutputFormat.JSON:
            # A megabyte from a file is never printed whole inside a sentence.
            reasons = [line for line in text.splitlines() if "x" * 300 in line]
            assert all(len(line) < 20_000 for line in reasons if not line.lstrip().startswith("#"))


def test_each_skip_reason_value_is_bounded_and_clean():
    for reason in _skips("\x1b]2;t\x07" + "y" * 10_000):
        for message in (reason.message.en, reason.message.zh, reason.detail):
            assert "\x1b" not in message and "\x07" not in message
            assert len(message) < 1200


def test_extension_of_a_file_name_cannot_drive_the_terminal_or_the_page(tmp_path):
    folder = tmp_path / "photos"
    folder.mkdir()
    jpeg(folder / "photo.jpg", gps(31.2397, 121.4909))
    for name in ("x.\x1b]2;owned\x07", "y.<img src=x onerror=alert(1)>", "z.\u202egpj", "w.\x9b2J"):
        (folder / name).write_bytes(b"not a photo")
    raw = os.path.join(os.fsencode(folder), b"v.\xff\x1b[31m")
    with open(raw, "wb") as handle:
        handle.write(b"not a photo either")
    for output in ("table", "markdown", "json"):
        for lang in ("en", "zh"):
            result = CliRunner().invoke(
                main,
                ["scan", str(folder), "-f", output, "--lang", lang, "--metadata-only", "-j", "1"],
            )
            assert result.exit_code == 1, result.output
            assert not RAW_CONTROL.search(result.stdout), (output, lang)
            if output == "markdown":
                _assert_markdown_inert(result.stdout)
            if output == "json":
                assert "<img" not in result.stdout
            if output == "json":
                reasons = [p["reason"] for p in json.loads(result.stdout)["photos"] if p["reason"]]
                assert len(reasons) == 5


def test_me_file_keys_are_escaped(tmp_path):
    me = tmp_path / "me.toml"
    me.write_text('"\\u001b]2;owned\\u0007<img onerror=x>" = ["a"]\nnames = ["Lin Xiaoyu"]\n')
    with pytest.raises(MeFileError) as caught:
        load_me(str(me))
    for words in (caught.value.message.en, caught.value.message.zh):
        assert "\x1b" not in words and "\x07" not in words


def test_metadata_values_use_the_one_sanitizer():
    hostile = "A\u2028B\u2029C\ufeffD\u202eE\x1b[0mF\x85G"
    assert clean_text(hostile) == "ABCDE[0mFG"
    assert not sanitize.UNSAFE.search(clean_text(hostile))


def test_json_escaping_is_lossless():
    value = "<b>&\u2028\x85\u202e</b>"
    encoded = sanitize.json_text(json.dumps({"v": value}, ensure_ascii=False))
    assert not RAW_CONTROL.search(encoded) and "<" not in encoded and "&" not in encoded
    assert json.loads(encoded) == {"v": value}
