"""Colour profiles, and where copies go: the refusal rules, folder structure, names."""

from __future__ import annotations

import io
import os
import struct

import pytest
from clean_factory import lcms_srgb
from PIL import Image, ImageCms

from audit.clean import icc
from audit.clean.plan import PlanError, check_output_folder, neutral_names, plan

# Colour profiles ------------------------------------------------------------------------------

#: Published D50 colorants of sRGB (the ICC's sRGB v2 profile), to four decimals.
SRGB_COLORANTS = ((0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141))


@pytest.mark.parametrize("name", sorted(icc.SPACES))
def test_standard_profiles_load_in_little_cms_and_are_recognised(name):
    profile = icc.standard_profile(name)
    loaded = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    assert ImageCms.getProfileDescription(loaded).strip() == name
    assert icc.colour_space(profile) == name
    assert icc.check(profile).action is icc.IccAction.KEPT


def test_srgb_colorants_match_the_published_values():
    for ours, published in zip(icc.colorants(icc.SPACES["sRGB"]), SRGB_COLORANTS, strict=True):
        assert ours == pytest.approx(published, abs=2e-4)


def test_our_srgb_shows_colours_as_little_cms_srgb_does():
    picture = Image.effect_noise((64, 64), 90).convert("RGB")
    ours = ImageCms.ImageCmsProfile(io.BytesIO(icc.standard_profile("sRGB")))
    transform = ImageCms.buildTransform(ours, ImageCms.createProfile("sRGB"), "RGB", "RGB")
    shown = ImageCms.applyTransform(picture, transform)
    assert max(abs(a - b) for a, b in zip(shown.tobytes(), picture.tobytes(), strict=True)) <= 1


def test_a_profile_stamped_by_software_is_replaced_by_the_standard_one():
    result = icc.check(lcms_srgb())
    assert result.action is icc.IccAction.REPLACED
    assert result.profile == icc.standard_profile("sRGB")


def _named_profile(description: str, red: tuple[float, float, float]) -> bytes:
    base = icc.standard_profile("sRGB")
    header = bytearray(base[:128])
    header[24:36] = struct.pack(">6H", 2024, 5, 2, 18, 31, 7)
    header[80:84] = b"GIMP"
    tags = [
        (b"desc", icc._desc_tag(description)),
        (b"cprt", icc._text_tag("Li Mei 2024")),
        (b"dmnd", icc._text_tag("limei_1998")),
        (b"wtpt", icc._xyz_tag((0.9642, 1.0, 0.8249))),
        (b"rXYZ", icc._xyz_tag(red)),
        (b"gXYZ", icc._xyz_tag((0.3851, 0.7169, 0.0971))),
        (b"bXYZ", icc._xyz_tag((0.1431, 0.0606, 0.7141))),
        (b"rTRC", icc._curve_tag(2.2)),
        (b"gTRC", icc._curve_tag(2.2)),
        (b"bTRC", icc._curve_tag(2.2)),
    ]
    return icc._assemble(bytes(header), tags)


def test_a_named_profile_of_another_space_keeps_its_colours_but_loses_its_names():
    original = _named_profile("Li Mei's monitor", (0.5, 0.25, 0.01))
    result = icc.check(original)
    assert result.action is icc.IccAction.NEUTRALISED
    for canary in (b"Li Mei", b"limei_1998", b"GIMP"):
        assert canary not in result.profile
    assert struct.unpack(">6H", result.profile[24:36]) == (2000, 1, 1, 0, 0, 0)
    assert icc._xyz(result.profile, b"rXYZ") == pytest.approx((0.5, 0.25, 0.01), abs=1e-4)
    ImageCms.ImageCmsProfile(io.BytesIO(result.profile))


def test_a_vendor_profile_with_standard_wordings_is_kept_byte_for_byte():
    red, green, blue = icc.colorants(icc.SPACES["Display P3"])
    header = bytearray(icc.standard_profile("Display P3")[:128])
    header[80:84] = b"appl"
    profile = icc._assemble(
        bytes(header),
        [
            (b"desc", icc._desc_tag("Display P3")),
            (b"cprt", icc._text_tag("Copyright Apple Inc., 2017")),
            (b"rXYZ", icc._xyz_tag(red)),
            (b"gXYZ", icc._xyz_tag(green)),
            (b"bXYZ", icc._xyz_tag(blue)),
        ],
    )
    result = icc.check(profile)
    assert result.action is icc.IccAction.KEPT and result.profile == profile


def _profile_with(
    extra: list[tuple[bytes, bytes]],
    header_tail: bytes = b"",
    tail: bytes = b"",
    space: str = "sRGB",
    texts: tuple[str, str] = ("sRGB IEC61966-2.1", "Copyright (c) 1998 Hewlett-Packard Company"),
):
    """A standard-looking profile of ``space`` (HP's sRGB wordings unless ``texts``: its
    description and copyright) with ``extra`` tags or hidden bytes."""
    red, green, blue = icc.colorants(icc.SPACES[space])
    header = bytearray(icc.standard_profile(space)[:128])
    header[100 : 100 + len(header_tail)] = header_tail
    profile = icc._assemble(
        bytes(header),
        [
            (b"desc", icc._desc_tag(texts[0])),
            (b"cprt", icc._text_tag(texts[1])),
            (b"rXYZ", icc._xyz_tag(red)),
            (b"gXYZ", icc._xyz_tag(green)),
            (b"bXYZ", icc._xyz_tag(blue)),
            *extra,
        ],
    )
    return profile + tail


def _dict_tag(pairs: list[tuple[str, str]]) -> bytes:
    strings = b""
    records = b""
    start = 16 + 16 * len(pairs)
    for name, value in pairs:
        encoded = [text.encode("utf-16-be") for text in (name, value)]
        fields = []
        for text in encoded:
            fields += [start + len(strings), len(text)]
            strings += text
        records += struct.pack(">4I", *fields)
    return b"dict" + bytes(4) + struct.pack(">II", len(pairs), 16) + records + strings


_HIDING_PLACES = {
    "text after the copyright's end": lambda: _profile_with(
        [(b"dmnd", icc._text_tag("Hewlett-Packard") + b"Lin Xiaoyu 13800138000\x00")]
    ),
    "the description's Unicode version": lambda: _profile_with(
        [
            (
                b"dmdd",
                icc._desc_tag("sRGB")[:-78]
                + struct.pack(">II", 0, 10)
                + "Lin Xiaoyu".encode("utf-16-be")
                + bytes(70),
            )
        ]
    ),
    "a data tag": lambda: _profile_with(
        [(b"Ownr", b"data" + bytes(8) + b"Lin Xiaoyu SN7788990011\x00")]
    ),
    "a dict tag": lambda: _profile_with([(b"meta", _dict_tag([("OwnerName", "Lin Xiaoyu")]))]),
    "the header's reserved bytes": lambda: _profile_with([], header_tail=b"Lin Xiaoyu"),
    "after a curve's own data": lambda: _profile_with(
        [(b"rTRC", b"curv" + bytes(4) + struct.pack(">IH", 1, 0x0233) + b"Lin Xiaoyu")]
    ),
    "after a signature tag's own data": lambda: _profile_with(
        [(b"tech", b"sig " + bytes(4) + b"fscn" + b"Lin Xiaoyu")]
    ),
    "bytes after the last tag": lambda: _profile_with([], tail=b"Lin Xiaoyu SN7788990011"),
}


@pytest.mark.parametrize("where", sorted(_HIDING_PLACES))
def test_a_name_hidden_anywhere_in_a_standard_looking_profile_is_found_and_removed(where):
    from audit.readers import icc_text

    profile = _HIDING_PLACES[where]()
    words, _cut = icc_text.unusual_texts(profile)
    assert any("Lin Xiaoyu" in text for text in words), words
    result = icc.check(profile)
    assert result.action is icc.IccAction.REPLACED and b"Lin Xiaoyu" not in result.profile
    assert result.profile == icc.standard_profile("sRGB")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-be"])
def test_a_chinese_name_in_binary_data_is_found_and_removed(encoding):
    from audit.readers import icc_text

    name = "林晓雨"
    profile = _profile_with(
        [(b"priv", b"data" + bytes(4) + b"\x00\x00\x00\x01" + name.encode(encoding))]
    )
    words, _cut = icc_text.unusual_texts(profile)
    assert any(name in text for text in words), words
    assert icc.check(profile).action is icc.IccAction.REPLACED


def test_a_profile_of_another_space_loses_hidden_tags_and_reserved_bytes():
    base = _named_profile("Li Mei's monitor", (0.5, 0.25, 0.01))
    header = bytearray(base[:128])
    header[100:110] = b"Lin Xiaoyu"
    tags = [
        (signature, base[offset : offset + size]) for signature, offset, size in icc._tags(base)
    ]
    tags.append((b"meta", _dict_tag([("OwnerName", "Lin Xiaoyu")])))
    result = icc.check(icc._assemble(bytes(header), tags))
    assert result.action is icc.IccAction.NEUTRALISED
    assert "Lin Xiaoyu".encode("utf-16-be") not in result.profile
    assert b"Lin Xiaoyu" not in result.profile
    assert icc._xyz(result.profile, b"rXYZ") == pytest.approx((0.5, 0.25, 0.01), abs=1e-4)


def test_the_wordings_exposure_writes_itself_are_standard():
    """A neutralised profile must not be found again by the re-check of the copy."""
    from audit.readers import icc_text

    neutral = icc.check(_named_profile("Li Mei's monitor", (0.5, 0.25, 0.01))).profile
    assert icc_text.unusual_texts(neutral) == ((), False)


# Where copies go ------------------------------------------------------------------------------


@pytest.fixture
def photos(tmp_path):
    folder = tmp_path / "photos"
    (folder / "trip").mkdir(parents=True)
    for name in ("a.jpg", "trip/b.jpg"):
        (folder / name).write_bytes(b"\xff\xd8\xff")
    return folder


def test_output_folder_that_is_an_input_is_refused(photos):
    with pytest.raises(PlanError, match="is "):
        check_output_folder(str(photos), [str(photos)])


def test_output_folder_reached_through_a_link_is_refused(photos, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(photos)
    with pytest.raises(PlanError):
        check_output_folder(str(link), [str(photos)])
    with pytest.raises(PlanError):
        check_output_folder(str(link / "out"), [str(photos)])


def test_output_folder_inside_an_input_is_refused_even_before_it_exists(photos):
    with pytest.raises(PlanError, match="inside"):
        check_output_folder(str(photos / "trip" / "clean"), [str(photos)])


def test_output_folder_holding_an_input_is_refused(photos, tmp_path):
    with pytest.raises(PlanError, match="holds"):
        check_output_folder(str(tmp_path), [str(photos / "trip" / "b.jpg")])
    with pytest.raises(PlanError, match="holds"):
        check_output_folder(str(tmp_path), [str(photos)])


def test_output_folder_beside_the_inputs_is_accepted(photos, tmp_path):
    check_output_folder(str(tmp_path / "clean"), [str(photos), str(photos / "a.jpg")])


def test_an_output_that_is_a_file_is_refused(photos, tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(PlanError, match="not a folder"):
        check_output_folder(str(target), [str(photos)])


def test_structure_below_each_input_is_kept_and_names_never_collide(photos, tmp_path):
    other = tmp_path / "more"
    other.mkdir()
    (other / "a.jpg").write_bytes(b"\xff\xd8\xff")
    planned = plan([str(photos), str(other), str(photos / "a.jpg")])
    relative = [p.relative for p in planned if hasattr(p, "relative")]
    assert relative == ["a.jpg", os.path.join("trip", "b.jpg"), "a-2.jpg", "a-3.jpg"]


def test_neutral_names_number_the_photos_and_keep_folders(photos):
    planned = plan([str(photos)])
    names = sorted(neutral_names(planned).values())
    assert names == [os.path.join("folder-01", "photo-002.jpg"), "photo-001.jpg"]


def test_neutral_names_leave_no_folder_name_behind(tmp_path):
    root = tmp_path / "photos"
    deep = root / "Lin Xiaoyu 13800138000" / "IMG_20240502_183107"
    deep.mkdir(parents=True)
    for name in ("mmexport1714645867000.jpg", "b.jpg"):
        (deep / name).write_bytes(b"\xff\xd8\xff")
    (root / "top.jpg").write_bytes(b"\xff\xd8\xff")
    names = neutral_names(plan([str(root)]))
    joined = " ".join(names.values())
    assert "Lin" not in joined and "2024" not in joined and "mmexport" not in joined
    assert sorted(names.values()) == [
        os.path.join("folder-01", "photo-001.jpg"),
        os.path.join("folder-01", "photo-002.jpg"),
        "photo-003.jpg",
    ]


def test_a_version_4_profile_of_another_space_is_neutralised_and_still_loads():
    base = _named_profile("Li Mei's monitor", (0.5, 0.25, 0.01))
    header = bytearray(base[:128])
    header[8] = 4  # version 4: texts are written as mluc
    tags = [(sig, base[offset : offset + size]) for sig, offset, size in icc._tags(base)]
    result = icc.check(icc._assemble(bytes(header), tags))
    assert result.action is icc.IccAction.NEUTRALISED
    assert (
        b"Li Mei" not in result.profile and "Colour profile".encode("utf-16-be") in result.profile
    )
    ImageCms.ImageCmsProfile(io.BytesIO(result.profile))
    from audit.readers import icc_text

    assert icc_text.unusual_texts(result.profile) == ((), False)


def test_a_mac_display_profile_with_binary_apple_tags_is_standard():
    """macOS screenshots carry their display's profile: Apple's binary tags (native response,
    make and model) hold bytes that read as a few printable characters, but no words."""
    from audit.readers import icc_text

    noise = b"+u,D-\x00\x010~1`2F3/4\x00>&?;@UArB"
    profile = _profile_with(
        [(kind, kind + bytes(4) + noise) for kind in (b"ndin", b"mmod", b"vcgt")],
        space="Display P3",
        texts=("Color LCD", "Copyright Apple, Inc., 2009"),
    )
    assert icc_text.unusual_texts(profile) == ((), False)
    assert icc.check(profile).action is icc.IccAction.KEPT
