"""Damaged blocks never make a photo look clean: read another way, or said plainly."""

from __future__ import annotations

import pytest

from audit.formats import OutputFormat, render
from audit.messages import NOT_FULLY_READ, NOTHING_FOUND
from audit.models import AuditReport, Status
from audit.readers import containers, xmp_text
from audit.readers.metadata import TagCollector
from hostile import generators

#: What the damaged packets hold: a stranger reads all of it with ExifTool.
EXPECTED = {"location.gps", "identity.owner", "device.serial"}


def _squeezed(text: str) -> str:
    return "".join(text.replace("\\", "").split())  # the table wraps, Markdown escapes


def _ids(result) -> set[str]:
    return {finding.id for finding in result.findings}


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("amp.jpg", lambda: generators.jpeg_with_xmp(generators.BARE_AMPERSAND)),
        ("amp.png", lambda: generators.png_with_xmp(generators.BARE_AMPERSAND)),
        ("amp-z.png", lambda: generators.png_with_xmp(generators.BARE_AMPERSAND, True)),
        ("amp.webp", lambda: generators.webp_with_xmp(generators.BARE_AMPERSAND)),
        ("amp.tif", lambda: generators.tiff_with_xmp(generators.BARE_AMPERSAND)),
        ("nesting.jpg", lambda: generators.jpeg_with_xmp(generators.BROKEN_NESTING)),
        ("extended.jpg", lambda: generators.jpeg_extended_xmp(generators.BARE_AMPERSAND)),
    ],
)
def test_damaged_xmp_is_still_read(audit_bytes, name, data):
    result = audit_bytes(name, data())
    assert result.status is Status.AUDITED
    assert _ids(result) >= EXPECTED, result.notes
    gps = next(f for f in result.findings if f.id == "location.gps")
    assert "31.2298" in gps.evidence[0].value
    assert result.fully_read


def test_tokenizer_names_values_the_way_exiv2_does():
    tags = TagCollector()
    outcome = xmp_text.read(generators.BROKEN_NESTING, lambda key: True, tags)
    found = tags.freeze()
    assert outcome.how == "tokens" and outcome.complete
    assert found["Xmp.exif.GPSLatitude"][0].text == generators.GPS_LAT
    assert found["Xmp.dc.creator"][0].text == "Li Mei"
    assert found["Xmp.iptc.CreatorContactInfo/Iptc4xmpCore:CiEmailWork"][0].text == (
        "limei@example.com"
    )


def test_unreadable_xmp_denies_the_clean_verdict(audit_bytes):
    result = audit_bytes("garbage.jpg", generators.jpeg_with_xmp(generators.GARBAGE))
    assert not result.findings
    assert not result.fully_read
    assert [note.code for note in result.unread_notes] == ["xmp-unreadable"]
    report = AuditReport("test", (result,))
    for output in (OutputFormat.TABLE, OutputFormat.MARKDOWN):
        for lang in ("en", "zh"):
            text = _squeezed(render(report, output, lang))
            assert _squeezed(NOTHING_FOUND.get(lang)) not in text
            assert _squeezed(NOT_FULLY_READ.get(lang)) in text
    assert '"fully_read":false' in render(report, OutputFormat.JSON, "en")


def test_an_empty_but_valid_packet_is_no_damage(audit_bytes):
    result = audit_bytes("empty.jpg", generators.jpeg_with_xmp(generators.xmp(">")))
    assert result.fully_read and not result.notes


def test_a_huge_xmp_packet_is_bounded_and_said(audit_bytes):
    """An XMP packet inflating to 24 MB: never parsed whole, GPS at its start still found."""
    data = generators.png_xmp_bomb(megabytes=24)
    _, packets = containers.walk(memoryview(data), "png", TagCollector())
    assert len(packets[0]) <= containers.MAX_PACKET
    assert containers.declared_size(packets[0]) > xmp_text.MAX_SCAN
    result = audit_bytes("huge-xmp.png", data)
    assert "location.gps" in _ids(result)
    assert "xmp-too-large" in {note.code for note in result.notes}
    assert not result.fully_read


def test_an_oversized_heif_xmp_item_never_reaches_the_strict_parser(audit_bytes, monkeypatch):
    from audit.readers import exiv2_reader

    def strict(*_args, **_kwargs):
        raise AssertionError("exiv2 was given the oversized packet")

    monkeypatch.setattr(exiv2_reader, "read", strict)
    monkeypatch.setattr(exiv2_reader, "read_xmp_packet", strict)
    result = audit_bytes("big-xmp.heic", generators.heic_with_xmp(generators.padded_xmp(5)))
    assert "location.gps" in _ids(result)
    # exiv2 did not read the file; HEIF holds no IPTC, and its EXIF item was read whole. The
    # 5 MB description was searched only to its first 2,000 characters, and that is said.
    assert [note.code for note in result.unread_notes] == ["metadata-cut"]


def test_half_damaged_gps_is_reported(audit_bytes):
    result = audit_bytes("gps.jpg", generators.gps_half_damaged())
    damaged = [note for note in result.notes if note.code == "gps-damaged"]
    assert damaged and "latitude (about 31.2)" in damaged[0].message.en
    assert "纬度（约 31.2）" in damaged[0].message.zh
    assert "31.22" not in damaged[0].message.en + damaged[0].detail  # no more than --redact shows
    assert not result.fully_read


def test_truncated_picture_is_not_clean(audit_bytes):
    result = audit_bytes("truncated.jpg", generators.truncated_jpeg(), pixels=True)
    assert [note.code for note in result.unread_notes] == ["pixels-unreadable"]
    assert not result.fully_read


def test_a_partly_read_photo_fails_the_run():
    from audit.cli import should_fail
    from audit.models import PhotoResult
    from audit.skips import skip

    partly = PhotoResult("a.jpg", Status.AUDITED, notes=(skip("gps-damaged", what="x"),))
    report = AuditReport("test", (partly,))
    assert should_fail(report, "critical")
    assert not should_fail(report, "none")
    assert not should_fail(AuditReport("test", (PhotoResult("b.jpg", Status.AUDITED),)), "low")


def test_tokenizer_reads_values_written_as_rdf_resources():
    packet = generators.xmp(
        ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        "<xmpMM:DocumentID rdf:resource='adobe:docid:imageready:89f4614a'/>"
        "<dc:title>a < b</dc:title>"
    )
    tags = TagCollector()
    outcome = xmp_text.read(packet, lambda key: True, tags)
    assert outcome.how == "tokens"
    assert tags.freeze()["Xmp.xmpMM.DocumentID"][0].text == "adobe:docid:imageready:89f4614a"


def test_tokenizer_numbers_items_of_structure_arrays():
    packet = generators.xmp(
        'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/">'
        "<plus:ImageCreator><rdf:Seq>"
        '<rdf:li rdf:parseType="Resource"><plus:ImageCreatorName>Li Mei &</plus:ImageCreatorName>'
        "</rdf:li><rdf:li plus:ImageCreatorName='Wang Fang'/>"
        "</rdf:Seq></plus:ImageCreator>"
        '<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) Li Mei</rdf:li></rdf:Alt></dc:rights>'
        "<<broken"
    )
    tags = TagCollector()
    xmp_text.read(packet, lambda key: True, tags)
    found = {key: values[0].text for key, values in tags.freeze().items()}
    assert found["Xmp.plus.ImageCreator[1]/plus:ImageCreatorName"] == "Li Mei &"
    assert found["Xmp.plus.ImageCreator[2]/plus:ImageCreatorName"] == "Wang Fang"
    assert found["Xmp.dc.rights"] == "(c) Li Mei"
