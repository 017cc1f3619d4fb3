"""The data in checks/: every file loads and validates, and ships inside the installed package."""

from __future__ import annotations

from pathlib import Path

import audit
from audit import catalog, checkdata
from audit.detectors import device, fields, filename
from audit.profile.rules import profile_rules


def test_findings_catalogue_is_complete_and_bilingual():
    words = catalog.catalogue()
    assert {
        "location.gps",
        "device.serial",
        "identity.owner",
        "set.device-link",
        "text.watermark",
        "code.qr",
        "face.visible",
    } <= set(words)
    for entry in list(words.values()) + list(catalog.variants().values()):
        for text in (entry.title, entry.why, entry.fix):
            assert text.en and text.zh and text.en != text.zh


def test_every_data_file_validates():
    assert fields.field_rules()
    assert device.device_table().classes["camera"] > 0
    assert filename.name_rules().patterns
    assert profile_rules().platforms


def test_checks_ship_with_the_installed_package():
    location = checkdata.checks_dir()
    assert (location / "findings.toml").is_file()
    installed = "site-packages" in Path(audit.__file__).parts
    if installed:
        assert location == Path(audit.__file__).parent / "checks"
