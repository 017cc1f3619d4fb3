"""The detector registry: one module adds a check, and a selection runs only what it needs."""

from __future__ import annotations

import json
import textwrap

import photo_factory
import pytest

import audit.detectors
from audit.catalog import make_finding
from audit.detectors import device, faces, registry
from audit.engine import AuditOptions, build_report, run_audit
from audit.formats import OutputFormat, render
from audit.inspect import FileOptions, audit_file
from audit.models import Confidence, Evidence, PhotoResult, Severity, Status
from audit.pixels import decode
from audit.sources.walk import InputFile

PLANTED = """
from audit.catalog import make_finding
from audit.detectors.registry import Need, detector
from audit.models import Confidence, Evidence, Severity


@detector("planted", ids={"content.description"}, needs={Need.NAME})
def planted(context):
    if "planted" not in context.display:
        return []
    evidence = (Evidence("file name", context.display),)
    return [
        make_finding(
            "content.description", Severity.MEDIUM, Confidence.HIGH, 3.0, evidence, rule="planted"
        )
    ]
"""


@pytest.fixture
def photo(tmp_path):
    values = {
        "Exif.Image.Make": "Canon",
        "Exif.Image.Model": "Canon EOS 80D",
        "Exif.Image.Artist": "Lin Xiaoyu",
        "Exif.Image.Copyright": "(c) Lin Xiaoyu",
        **photo_factory.gps(31.2397, 121.4909),
    }
    return photo_factory.jpeg(tmp_path / "planted.jpg", values)


def _item(path) -> InputFile:
    return InputFile(str(path), path.name)


def test_a_detector_in_a_new_module_runs_and_reaches_the_report(tmp_path, monkeypatch, photo):
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "planted_check.py").write_text(textwrap.dedent(PLANTED), encoding="utf-8")
    monkeypatch.setattr(audit.detectors, "__path__", [*audit.detectors.__path__, str(folder)])
    assert "planted" in [found.name for found in registry.all_detectors()]

    options = AuditOptions(paths=(str(photo),), jobs=1, use_cache=False, metadata_only=True)
    report = json.loads(render(run_audit(options), OutputFormat.JSON, "en"))
    rules = [finding["rule"] for finding in report["photos"][0]["findings"]]
    assert "content.description/planted" in rules


def test_a_module_outside_the_package_runs_nothing(photo):
    names = [found.name for found in registry.all_detectors()]
    assert "planted" not in names
    assert {"gps", "metadata-fields", "watermarks", "qr", "faces", "identity-match"} <= set(names)


def test_select_location_plans_no_pixel_detector():
    planned = FileOptions(select=("location",)).detectors()
    assert {found.name for found in planned} == {"gps", "metadata-fields", "free-text"}
    assert not FileOptions(select=("location",)).reads_pixels()
    assert FileOptions().reads_pixels()
    assert not FileOptions(metadata_only=True).reads_pixels()


def test_select_location_never_decodes_the_picture(monkeypatch, photo):
    decoded: list[str] = []
    real = decode.decode

    def spy(data, file_format, max_pixels=decode.DEFAULT_MAX_PIXELS, **options):
        decoded.append(file_format)
        return real(data, file_format, max_pixels, **options)

    monkeypatch.setattr(decode, "decode", spy)
    result = audit_file(_item(photo), FileOptions(select=("location",)))
    assert result.status is Status.AUDITED and decoded == []
    assert "location.gps" in {finding.id for finding in result.findings}
    # The spy does see a decode when some selected detector needs the picture.
    audit_file(_item(photo), FileOptions(select=("face",)))
    assert decoded == ["jpeg"]


def test_a_detector_that_cannot_emit_a_selected_id_is_not_called(monkeypatch, photo):
    calls: list[str] = []
    monkeypatch.setattr(device, "detect", lambda metadata: calls.append("device") or [])
    monkeypatch.setattr(faces, "detect", lambda found: calls.append("faces") or [])
    audit_file(_item(photo), FileOptions(select=("location",)))
    assert calls == []
    audit_file(_item(photo), FileOptions(select=("device.model",), metadata_only=True))
    assert calls == ["device"]


def test_ignoring_one_rule_keeps_the_others_of_the_same_id(photo):
    options = AuditOptions(
        paths=(str(photo),),
        jobs=1,
        use_cache=False,
        metadata_only=True,
        ignore=("identity.owner/copyright",),
    )
    (kept,) = run_audit(options).photos
    rules = {finding.rule for finding in kept.findings if finding.id == "identity.owner"}
    assert "identity.owner/owner-name" in rules and "identity.owner/copyright" not in rules


def _mark(rule: str, value: str):
    evidence = (Evidence("pixels.ocr", value),)
    return make_finding("text.watermark", Severity.HIGH, Confidence.HIGH, 20.0, evidence, rule=rule)


def test_ignore_one_watermark_rule_silences_it_alone():
    photo = PhotoResult(
        path="a.jpg",
        status=Status.AUDITED,
        findings=(_mark("xiaohongshu", "95123456"), _mark("douyin", "dy_example")),
    )
    options = AuditOptions(paths=(), ignore=("text.watermark/xiaohongshu",))
    (result,) = build_report([photo], options).photos
    assert [finding.rule for finding in result.findings] == ["text.watermark/douyin"]
    selected = build_report([photo], AuditOptions(paths=(), select=("text.watermark/dou",)))
    assert [f.rule for f in selected.photos[0].findings] == ["text.watermark/douyin"]


def test_selecting_one_rule_still_runs_its_detector():
    names = {found.name for found in registry.plan(("text.watermark/xiaohongshu",))}
    assert names == {"watermarks"}
    assert "watermarks" in {found.name for found in registry.plan(ignore=("text.watermark/x",))}
    assert "watermarks" not in {found.name for found in registry.plan(ignore=("text",))}
