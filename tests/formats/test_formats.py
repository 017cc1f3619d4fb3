"""Every format renders the canonical report exactly; hostile text is neutralised."""

from __future__ import annotations

import json

import pytest

from audit.formats import OutputFormat, markdown, render, table
from audit.formats import json as json_format

EXPECTED_TABLE = """\
exposure: how identifiable are your photos?
1 photo audited, 1 skipped, 3 things found.

In short
  photos/bund\N{REPLACEMENT CHARACTER}[31m.jpg: Anyone with this file can see where it was \
taken, to within a few metres,
    near Hongkou, Shanghai, China.
  What to do first: Share a clean copy: `exposure clean PHOTO --out FOLDER` removes the location
    without touching the picture (`--coarsen-location city` keeps only the area). For new \
photos,
    turn off location for the camera app (iPhone: Settings > Privacy > Location Services > \
Camera >
    Never; Android: camera settings > Location tags off).

photos/bund\N{REPLACEMENT CHARACTER}[31m.jpg
  Anyone with this file can see where it was taken, to within a few metres, near Hongkou,
    Shanghai, China.
  What to do first: Share a clean copy: `exposure clean PHOTO --out FOLDER` removes the location
    without touching the picture (`--coarsen-location city` keeps only the area). For new \
photos,
    turn off location for the camera app (iPhone: Settings > Privacy > Location Services > \
Camera >
    Never; Android: camera settings > Location tags off).
  Measure: likely you, everything found together probably points to you alone (32.9 bits). Plus \
1
    linking number(s): they name no one, but tie together photos from the same camera or file.
  severity      finding and why it matters               what was seen                          \
bits
  ------------  ---------------------------------------  -------------------------------------  \
----
  !!! critical  Exact GPS location in the file           Exif.GPSInfo: 31.239700, 121.490900    \
31.6
                Anyone who saves this file can open it   near: Hongkou, Shanghai, China
                on a map and see where it was taken,
                often to within a few metres: a home, a
                school, a workplace.
  !! high       Owner, author or copyright name          Exif.Image.Artist: Lin | *Xiaoyu*      \
22.0
                A name written into the file by the
                camera or an editor goes wherever the
                photo goes; one search for it can lead
                to your accounts.
  !! high       Camera or lens serial number             Exif.Photo.BodySerialNumber:           \
—
                A serial number names no one by itself,  082021004417
                but every photo from the same camera
                carries it: a photo posted on an
                anonymous account can be tied to one
                posted under your name.

Not audited
  photos/broken.jpg
    The file is damaged and no reader could make sense of it. It may still hold hidden
      information: before sharing it, open and re-save it in a photo app, then check the copy.

What to do
  • Exact GPS location in the file: Share a clean copy: `exposure clean PHOTO --out FOLDER`
    removes the location without touching the picture (`--coarsen-location city` keeps only the
    area). For new photos, turn off location for the camera app (iPhone: Settings > Privacy >
    Location Services > Camera > Never; Android: camera settings > Location tags off).
  • Camera or lens serial number: Share a clean copy: `exposure clean PHOTO --out FOLDER` \
removes
    serial numbers and everything else hidden in the file, without touching the picture. Some
    cameras let you clear the owner/serial fields in their setup menu.
  • Owner, author or copyright name: Clear the owner/copyright setting in your camera (often \
Setup
    > Copyright info) and in your editor's export preset, and share clean copies: `exposure \
clean
    PHOTO --out FOLDER`.

About the measure: a 'bit' halves the number of people a photo could belong to. 16 bits leave
  about 120,000 people in the world, 24 bits about 500, and 33 bits one person among 8.1 \
billion.
  The figures are estimates for comparing photos; docs/scoring.md explains them.
"""


def test_table_exact(report):
    assert table.render(report, "en") == EXPECTED_TABLE


def test_table_never_lets_an_escape_sequence_through(report):
    assert "\x1b" not in table.render(report, "en")
    assert "\x1b" not in markdown.render(report, "en")


def test_table_colour_only_when_asked(report):
    assert "\x1b[" not in table.render(report, "en", color=False)
    coloured = table.render(report, "en", color=True)
    assert "\x1b[31m\x1b[1m!!! critical" in coloured


def test_table_in_chinese(report):
    text = table.render(report, "zh")
    assert "文件里有精确的 GPS 定位" in text and "未能检查" in text and "怎么处理" in text


def test_markdown_escapes_what_came_from_files(report):
    text = markdown.render(report, "en")
    assert "Lin \\| \\*Xiaoyu\\*" in text
    assert "| \\!\\!\\! critical | **Exact GPS location in the file**<br>Anyone who saves" in text


def test_json_manifest_schema(report):
    document = json.loads(json_format.render(report, "en"))
    assert document["schema_version"] == 1
    assert set(document) == {
        "schema_version",
        "tool",
        "language",
        "redacted",
        "metadata_only",
        "summary",
        "opening",
        "photos",
        "set_findings",
        "set_score",
        "profile_findings",
    }
    audited, skipped = document["photos"]
    assert set(audited) == {
        "path",
        "status",
        "reason",
        "reason_code",
        "format",
        "fully_read",
        "taken_at",
        "location",
        "bits",
        "score",
        "opening",
        "findings",
        "notes",
        "also_at",
    }
    assert audited["status"] == "audited" and audited["bits"] == 32.9
    assert audited["opening"]["harm"].startswith("Anyone with this file can see where it was taken")
    assert audited["opening"]["first_step"].startswith("What to do first: Share a clean copy")
    assert document["opening"] == audited["opening"] | {"harm": document["opening"]["harm"]}
    assert audited["fully_read"] is True
    assert audited["location"] == {
        "lat": 31.2397,
        "lon": 121.4909,
        "altitude_m": 12.0,
        "precision_m": 5.0,
        "place": "Hongkou, Shanghai, China",
        "country_code": "CN",
    }
    gps = audited["findings"][0]
    assert gps["rule"] == "location.gps/exif"
    assert set(gps) == {
        "id",
        "rule",
        "severity",
        "confidence",
        "bits",
        "links",
        "title",
        "why",
        "fix",
        "evidence",
    }
    assert (gps["id"], gps["severity"], gps["confidence"], gps["bits"]) == (
        "location.gps",
        "critical",
        "high",
        31.6,
    )
    assert gps["evidence"][0] == {
        "source": "Exif.GPSInfo",
        "value": "31.239700, 121.490900",
        "kind": "coordinates",
    }
    assert skipped == {
        "path": "photos/broken.jpg", "status": "skipped", "reason": skipped["reason"],
        "reason_code": "corrupt",
        "format": None, "fully_read": False, "taken_at": None, "location": None, "bits": None,
        "score": None, "opening": None, "findings": [], "notes": [], "also_at": [],
    }  # fmt: skip
    assert skipped["reason"].startswith("The file is damaged")
    assert document["summary"] == {
        "inputs": 2, "audited": 1, "skipped": 1, "findings": 3, "not_fully_read": 0,
    }  # fmt: skip


def test_json_keeps_chinese_readable(report):
    assert "文件里有精确的 GPS 定位" in json_format.render(report, "zh")


@pytest.mark.parametrize("output", list(OutputFormat))
def test_every_format_renders(report, output):
    assert render(report, output, "en").endswith("\n")


def test_a_big_library_shows_the_most_identifying_photos_and_counts_the_rest(report):
    import dataclasses

    from audit.models import AuditReport

    photo, skipped = report.photos
    many = tuple(
        dataclasses.replace(photo, path=f"photos/{index:03d}.jpg")
        for index in range(table.PHOTOS_SHOWN + 12)
    )
    big = AuditReport(tool_version="0.1.0", photos=(*many, *(skipped,) * (table.SKIPS_SHOWN + 3)))
    text = table.render(big, "en")
    assert text.count("\nphotos/0") == table.PHOTOS_SHOWN
    assert "12 more photo(s) are not shown one by one" in " ".join(text.split())
    counts = [line.split() for line in text.splitlines() if "location.gps" in line]
    assert counts and counts[0][-1] == str(table.PHOTOS_SHOWN + 12)
    assert "… and 3 more" in text


def test_fixes_keep_the_most_severe_of_each_kind_in_the_order_of_a_full_sort():
    import random

    from audit.formats.common import fixes
    from audit.models import AuditReport, Confidence, Finding, PhotoResult, Severity, Status, Text

    def by_definition(findings):
        seen = {}
        for finding in sorted(findings, key=lambda f: (-f.severity, f.id)):
            seen.setdefault((finding.id, finding.fix.en), (finding, finding.fix))
        return list(seen.values())

    rng = random.Random(3)
    for _ in range(50):
        findings = tuple(
            Finding(
                rng.choice(["a.x", "b.y", "c.z"]),
                rng.choice(list(Severity)),
                Confidence.HIGH,
                float(number),  # tells apart findings that are otherwise the same
                Text("t", "t"),
                Text("w", "w"),
                Text(rng.choice(["fix 1", "fix 2"]), "修"),
            )
            for number in range(rng.randint(0, 30))
        )
        photo = PhotoResult(path="p.jpg", status=Status.AUDITED, findings=findings)
        report = AuditReport(tool_version="0", photos=(photo,))
        assert fixes(report) == by_definition(findings)
