"""Reports that are safe to share and to open: redaction holds in every format, hostile text
stays inert in every format, and a Chinese report is Chinese throughout."""

from __future__ import annotations

import dataclasses
import html
import json
import re

import pytest
from canonical import canonical_report
from click.testing import CliRunner
from paths import EXAMPLES

from audit.catalog import make_finding
from audit.checklist import read_answers
from audit.cli import main
from audit.engine import AuditOptions, run_audit
from audit.formats import OutputFormat, render
from audit.models import Confidence, Evidence, EvidenceKind, Severity
from audit.redact import coarse_place, redact_report
from audit.report_images import report_images

LANGS = ("en", "zh")
_DATA_URI = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")


@pytest.fixture(scope="module")
def example_report():
    options = AuditOptions(
        paths=(str(EXAMPLES / "photos"),),
        use_cache=False,
        answers=read_answers(str(EXAMPLES / "answers" / "student.json")),
    )
    return run_audit(options)


def _fine_place(label: str) -> set[str]:
    """The part of a place name finer than ~10 km (a city of a million or more is not)."""
    first = label.split(",")[0].strip()
    return set() if coarse_place(label).startswith(first) else {first}


def _sensitive(report) -> set[str]:
    """Every value the unredacted JSON holds that a redacted report must not show."""
    document = json.loads(render(report, OutputFormat.JSON, "en"))
    values: set[str] = set()
    for photo in document["photos"]:
        path = photo["path"]
        name = path.rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0]
        values |= {path, name, path.rsplit("/", 1)[0]}
        if re.search(r"[\d_]", stem):
            values.add(stem)
        if photo["taken_at"]:
            values.add(photo["taken_at"][11:19])
            values.add(photo["taken_at"][11:16])
        location = photo["location"]
        if location:
            for number in (location["lat"], location["lon"]):
                values |= {f"{number:.6f}", f"{number:.4f}", f"{number:.3f}", str(number)}
                degrees = int(abs(number))
                values.add(f"{degrees}°{int((abs(number) - degrees) * 60)}'")
            if location["place"]:
                values |= _fine_place(location["place"])
    findings = [f for p in document["photos"] for f in p["findings"]]
    findings += document["set_findings"]
    hidden = {"name", "contact", "handle", "serial", "identifier", "text", "coordinates"}
    for finding in findings:
        for evidence in finding["evidence"]:
            value = evidence["value"]
            if evidence["kind"] in hidden:
                values.add(value)
            if evidence["kind"] == "place":
                values |= _fine_place(value)
            if evidence["kind"] == "time" and re.search(r"\d:\d\d:\d\d", value):
                values.add(value)
                values.add(re.search(r"\d{1,2}:\d\d:\d\d", value).group(0))
    values |= {"虹口", "静安", "湾仔"}
    return {v for v in values if len(v) >= 4 and v not in ("examples", "photos")}


def _rendered(report, images=None) -> dict[str, str]:
    out = {}
    for output in OutputFormat:
        for lang in LANGS:
            text = render(
                report, output, lang, images=images if output is OutputFormat.HTML else None
            )
            out[f"{output}-{lang}"] = _DATA_URI.sub("data:", text)
    return out


def test_redaction_holds_in_every_format(example_report):
    secrets = _sensitive(example_report)
    assert {"13800138000", "082021004417", "Lin Xiaoyu", "22:41:10", "31.231700"} <= secrets
    images = report_images(example_report.photos, blur=True)
    redacted = redact_report(example_report)
    for name, text in _rendered(redacted, images).items():
        leaked = sorted(value for value in secrets if value in text)
        assert leaked == [], f"{name} shows {leaked}"
    assert all(image.blurred for image in images.values())


def test_unredacted_reports_do_show_those_values(example_report):
    """The other side of the test above: the values collected are really what reports show."""
    text = render(example_report, OutputFormat.TABLE, "en")
    assert "13800138000" in text and "082021004417" in text and "22:41:10" in text


def test_redacted_json_holds_no_more_than_the_table(example_report):
    redacted = redact_report(example_report)
    document = json.loads(render(redacted, OutputFormat.JSON, "en"))
    assert any(photo["taken_at"] for photo in document["photos"]), "times are kept, to the day"
    for photo in document["photos"]:
        assert re.fullmatch(r"#\d+", photo["path"])
        assert photo["taken_at"] is None or len(photo["taken_at"]) == 10
        assert all(note["detail"] == "" for note in photo["notes"])
        for finding in photo["findings"]:
            sources = {e["source"] for e in finding["evidence"]}
            assert not sources & {"night photos", "altitude", "stored to", "GPS error tag"}
    for finding in document["set_findings"]:
        assert "night photos" not in {e["source"] for e in finding["evidence"]}


HOSTILE = [
    "<script>alert(1)</script>",
    "</style><script>alert(2)</script>",
    'javascript:alert(3)" onerror="alert(4)',
    "\u202eexe.gpj\u202c",
    "\x1b[2J\x1b]0;owned\x07",
    "|**[link](javascript:alert(5))**|",
    "Lin\u061cXiao\u2062yu\u3164\u2060",
    "A" * 1_000_000,
]


def _hostile_report():
    report = canonical_report()
    photo = report.photos[0]
    extra = tuple(
        make_finding(
            "content.description",
            Severity.MEDIUM,
            Confidence.HIGH,
            0.0,
            (
                Evidence("Exif.Image.ImageDescription", value, EvidenceKind.TEXT),
                Evidence("pixels.ocr", value, EvidenceKind.TEXT, (1, 2, 3, 4)),
                Evidence("Exif.Image.Artist", value, EvidenceKind.NAME),
            ),
            rule="hostile",
        )
        for value in HOSTILE
    )
    photos = tuple(
        dataclasses.replace(photo, path=f"photos/{value}.jpg", findings=photo.findings + extra)
        for value in HOSTILE
    )
    return dataclasses.replace(report, photos=photos + report.photos[1:])


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_strings_stay_inert_in_every_format(lang):
    report = _hostile_report()
    for output in OutputFormat:
        text = render(report, output, lang)
        assert len(text) < 2_000_000 or output is OutputFormat.JSON
        if output is OutputFormat.JSON:
            document = json.loads(text)
            assert document["photos"][0]["findings"][-1]["evidence"][0]["value"] == HOSTILE[-1]
            continue
        assert "\u202e" not in text and "\x1b" not in text and "\x07" not in text
        assert not set("\u061c\u2060\u2062\u3164") & set(text)
        if output is OutputFormat.HTML:
            assert "<script" not in text.lower()
            assert text.count("</style>") == 1
            assert re.findall(r'(?:href|src)="(?!#|data:image/)', text) == []
            assert "javascript:alert(3)&quot; onerror=&quot;" in text
        if output is OutputFormat.MARKDOWN:
            assert re.search(r"(?<!\\)<script", text) is None
            assert re.search(r"(?<!\\)\]\(javascript:", text) is None
        if output is OutputFormat.TABLE:
            assert all(ord(c) >= 32 or c == "\n" for c in text)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
#: Names that stay as they are in Chinese text: the program, a file it names, products.
_KEPT = {"exposure", "docs", "scoring", "md", "GPS", "QQ", "br"}


def _data_words(report) -> set[str]:
    words: set[str] = set()
    for photo in report.photos:
        words |= set(_WORD.findall(photo.path))
    for finding in report.all_findings:
        words |= set(_WORD.findall(finding.id))
        for evidence in finding.evidence:
            words |= set(_WORD.findall(evidence.value + " " + evidence.source))
    return words


def test_a_chinese_report_has_no_english_words_of_its_own(example_report):
    allowed = _data_words(example_report) | _KEPT
    for output in (OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.HTML):
        text = render(example_report, output, "zh")
        if output is OutputFormat.HTML:
            text = re.sub(r"<style>.*?</style>", "", _DATA_URI.sub("", text), flags=re.S)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        # A command to type (`exposure clean PHOTO --out DIR`) stays as typed, in any language.
        text = re.sub(r"`[^`]*`", " ", text)
        joined = " ".join(allowed)
        # A long name may wrap inside a table cell: its pieces are data too.
        english = sorted({w for w in _WORD.findall(text) if w not in allowed and w not in joined})
        assert english == [], f"{output}: {english}"


#: Words of the command line itself (options, choices, the example commands) stay as typed.
_COMMAND_WORDS = {
    "exposure", "scan", "cache", "info", "clear", "checklist", "list", "python", "audit",
    "ID", "MB", "TOML", "examples", "me", "toml", "json", "markdown", "html", "table", "text",
    "en", "zh", "critical", "high", "medium", "low", "none", "wechat", "md", "Ctrl", "answers",
    "location", "device", "Pictures", "to-post", "photo", "jpg", "report", "DCIM", "q", "C",
    "HTML", "Ctrl-C", "x", "f", "o", "nope", "DIR",
}  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["scan", "--help"],
        ["checklist", "--help"],
        ["cache", "info", "--help"],
        ["scan", "--format", "nope", "x"],
        ["scan"],
        ["nope"],
        ["scan", "x", "-o", "/tmp"],
        ["scan", "examples", "-o", "/proc/nope"],
    ],
)
def test_chinese_help_and_errors(args):
    line = [*args, "--lang", "zh"] if args[0] != "nope" else ["--lang", "zh", *args]
    text = CliRunner().invoke(main, line, prog_name="exposure").output
    assert text.strip()
    word = re.compile(r"[A-Za-z][A-Za-z-]*")
    # Example command lines, ids and paths are typed as they are, in any language.
    lines = [line for line in text.splitlines() if not line.strip().startswith("exposure ")]
    tokens = [t for line in lines for t in line.split() if "." not in t and "/" not in t]
    words = set(word.findall(" ".join(tokens)))
    words -= {name.split()[-1] for name, _ in _commands(main)}
    options = {w for line in text.splitlines() for w in word.findall(line) if "--" + w in line}
    stray = sorted(words - _COMMAND_WORDS - options)
    assert stray == [], stray
    assert "Usage" not in text and "Options" not in text and "Error" not in text


def test_english_help_is_back_after_chinese():
    runner = CliRunner()
    runner.invoke(main, ["scan", "--help", "--lang", "zh"])
    text = runner.invoke(main, ["scan", "--help", "--lang", "en"], prog_name="exposure").output
    assert "Usage:" in text and "Options:" in text and "Show this message and exit." in text


def _commands(command, name="exposure"):
    import click

    yield name, command
    if isinstance(command, click.Group):
        context = click.Context(command)
        for child_name in command.list_commands(context):
            child = command.get_command(context, child_name)
            yield from _commands(child, f"{name} {child_name}")


def test_every_help_text_has_chinese_words():
    from audit.cli_words import CLICK_ZH, HELP_ZH, _key

    known = {_key(text) for text in HELP_ZH} | set(CLICK_ZH)
    missing = [
        f"{name}: {text[:40]}"
        for name, command in _commands(main)
        for text in [command.help] + [getattr(p, "help", None) for p in command.params]
        if text and _key(text) not in known
    ]
    assert missing == []


def test_thumbnails_carry_nothing_of_the_photos_metadata(tmp_path):
    import base64

    from PIL import Image

    secret = "Lin Xiaoyu 13911112222"
    path = tmp_path / "a.jpg"
    Image.new("RGB", (400, 300), (120, 160, 200)).save(path, comment=secret.encode())
    report = run_audit(AuditOptions(paths=(str(path),), use_cache=False, metadata_only=True))
    assert report.photos[0].findings, "the comment is found, so the photo gets a card"
    for blur in (False, True):
        images = report_images(report.photos, blur=blur)
        assert images
        for image in images.values():
            for uri in filter(None, (image.thumbnail, image.preview)):
                data = base64.b64decode(uri.split(",", 1)[1])
                assert b"Lin Xiaoyu" not in data and b"13911112222" not in data


def test_a_redacted_report_names_no_file_in_its_reasons_or_other_names(tmp_path):
    from PIL import Image

    (tmp_path / "notes.zhang meiling 13911112222").write_bytes(b"not a photo at all")
    Image.new("RGB", (64, 48)).save(tmp_path / "a.jpg", comment=b"hello")
    (tmp_path / "Zhang_Meiling_13911112222.jpg").hardlink_to(tmp_path / "a.jpg")
    report = run_audit(AuditOptions(paths=(str(tmp_path),), use_cache=False, metadata_only=True))
    plain = render(report, OutputFormat.JSON, "en")
    assert "13911112222" in plain, "the unredacted report does name them"
    for output in OutputFormat:
        for lang in LANGS:
            text = render(redact_report(report), output, lang)
            assert "13911112222" not in text and "eiling" not in text, f"{output} {lang}"


def test_redaction_masks_what_a_person_typed_into_any_field():
    report = canonical_report()
    planted = make_finding(
        "device.model",
        Severity.LOW,
        Confidence.HIGH,
        0.0,
        (
            Evidence("Exif.Image.HostComputer", "Zhang Meiling's MacBook", EvidenceKind.DEVICE),
            Evidence("Exif.Image.Software", "PhotoApp zhangml@example.org", EvidenceKind.DEVICE),
            Evidence(
                "Xmp.xmp.CreatorTool", "Lily Chen's Snapseed 13912345678", EvidenceKind.DEVICE
            ),
            Evidence("Xmp.xmp.CreatorTool", "林小雨的iPhone", EvidenceKind.DEVICE),
            Evidence("Exif.Image.Model", "Canon EOS R6", EvidenceKind.DEVICE),
            Evidence(
                "Iptc.Application2.SubLocation", "Room 1203, 88 Huaihai Road", EvidenceKind.PLACE
            ),
            Evidence("Iptc.Application2.City", "Shanghai", EvidenceKind.PLACE),
            Evidence("file name", "IMG_20240601_234713", EvidenceKind.TIME),
            Evidence("file name", "mmexport1717256833123", EvidenceKind.TIME),
            Evidence("PNG.tEXt.ZhangMeiling 13911112222", "hello", EvidenceKind.TEXT),
            Evidence("PNG.tEXt.parameters", "a prompt", EvidenceKind.TEXT),
        ),
        rule="planted",
    )
    photo = dataclasses.replace(report.photos[0], findings=(planted,))
    shown = redact_report(dataclasses.replace(report, photos=(photo,)))
    values = {(e.source, e.value) for e in shown.photos[0].findings[0].evidence}
    for secret in ("Meiling", "zhangml", "Huaihai", "1203", "234713", "1717256833123", "Lily",
                   "Chen", "78", "小雨"):  # fmt: skip
        assert not any(secret in source + value for source, value in values), secret
    assert ("Exif.Image.Model", "Canon EOS R6") in values
    assert ("Iptc.Application2.City", "Shanghai") in values
    assert ("file name", "2024-06-01") in values
    assert ("PNG.tEXt.parameters", "[8 characters]") in values
