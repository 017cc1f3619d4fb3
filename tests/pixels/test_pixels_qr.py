"""Reading QR codes and barcodes on 12-megapixel photos: tilted, blurred, small, hostile."""

from __future__ import annotations

import pytest

from audit.pixels import decode, qr

FULL = (4032, 3024)


def _read(data: bytes, sharper: bool = True, text_copy: bool = False) -> list[qr.Code]:
    """The codes in a JPEG, the way the pixel pass reads them; ``sharper`` allows the retry of a
    located code, ``text_copy`` the search of the copy decoded for reading text."""
    import cv2
    import numpy as np

    small = decode.decode(data, "jpeg", detail_side=1920 if text_copy else 0)
    assert isinstance(small, decode.Decoded)
    gray = cv2.cvtColor(np.asarray(small.upright), cv2.COLOR_RGB2GRAY)

    def detail() -> object:
        image = decode.decode_detail(data, "jpeg") if sharper else None
        return None if image is None else np.asarray(image)

    def text() -> object:
        return None if small.detail is None else np.asarray(small.detail)

    return qr.find(gray, small.scale, small.full_size, detail, text if text_copy else None)


def _photo(samples, card, where: tuple[int, int], quality: int = 80) -> bytes:
    image = samples.photo_background("coffee", FULL, seed=3)
    image.paste(card, where)
    return samples.jpeg(image, quality)


def test_a_tilted_blurred_code_at_a_fifth_of_the_width_is_read(samples):
    card = samples.qr_picture("https://u.wechat.com/EExample-fake", 800, angle=10, blur=1.5)
    (code,) = _read(_photo(samples, card, (1500, 900), quality=72), sharper=False)
    assert code.payload == "https://u.wechat.com/EExample-fake" and code.symbology == "qr"
    left, top, width, height = code.box
    assert 1500 <= left < 1700 and 900 <= top < 1100 and 700 < width < 1000


@pytest.mark.parametrize(
    ("payload", "side", "angle", "blur", "where", "quality", "way"),
    [
        # located in the working copy but too small to read there: straightened from the
        # full picture
        ("https://t.me/example_fake_user", 160, 5, 0.0, (3300, 2500), 85, "retry"),
        # tilted and soft, not even located there: found in the copy decoded for text
        ("https://weixin.qq.com/g/ExampleFakeGroup01", 150, 11, 1.2, (2900, 2200), 74, "text copy"),
    ],
)
def test_a_code_too_small_for_the_working_copy_is_read_from_a_sharper_one(
    samples, payload, side, angle, blur, where, quality, way
):
    card = samples.qr_picture(payload, side, angle=angle, blur=blur)
    data = _photo(samples, card, where, quality=quality)
    assert _read(data, sharper=False) == []
    (code,) = _read(data, sharper=way == "retry", text_copy=way == "text copy")
    assert code.payload == payload
    left, top, width, _ = code.box
    assert abs(left - where[0]) < 40 and abs(top - where[1]) < 40
    assert 0.85 * side < width < 1.2 * side


def test_the_text_copy_is_not_searched_when_the_working_copy_shows_a_code(samples):
    import cv2
    import numpy as np

    card = samples.qr_picture("https://u.wechat.com/EExample-fake", 800, angle=10, blur=1.5)
    data = _photo(samples, card, (1500, 900), quality=72)
    asked: list[bool] = []

    def sharper() -> None:
        asked.append(True)

    small = decode.decode(data, "jpeg")
    assert isinstance(small, decode.Decoded)
    gray = cv2.cvtColor(np.asarray(small.upright), cv2.COLOR_RGB2GRAY)
    assert len(qr.find(gray, small.scale, small.full_size, lambda: None, sharper)) == 1
    assert asked == []


def test_a_damaged_code_is_left_unread_and_nothing_breaks(samples):
    from PIL import ImageDraw

    card = samples.qr_picture("https://qm.qq.com/q/ExampleFake", 700)
    draw = ImageDraw.Draw(card)
    draw.rectangle((230, 230, 470, 470), fill=(0, 0, 0))  # finders intact, data gone
    assert _read(_photo(samples, card, (1000, 800))) == []


def test_a_hostile_payload_is_cut_short_and_cleaned(samples):
    hostile = "\x1b[2J\x1b]0;owned\x07" + "A" * 1500
    card = samples.qr_picture(hostile, 1400)
    (code,) = _read(_photo(samples, card, (1200, 600), quality=90))
    assert len(code.payload) <= qr.MAX_PAYLOAD
    assert "\x1b" not in code.payload and "\x07" not in code.payload


@pytest.mark.parametrize("name", ["chelsea", "rocket", "coffee"])
def test_a_photo_without_a_code_gives_none(samples, name):
    data = samples.jpeg(samples.photo_background(name, FULL, seed=9), 85)
    assert _read(data) == []


def test_a_parcel_barcode_is_read_as_a_barcode(samples):
    import numpy as np
    import zxingcpp
    from PIL import Image

    made = zxingcpp.create_barcode("SF1234567890", zxingcpp.BarcodeFormat.Code128)
    bars = Image.fromarray(np.asarray(made.to_image()))
    card = bars.convert("RGB").resize((1400, 300), Image.Resampling.NEAREST)
    (code,) = _read(_photo(samples, card, (800, 1200)))
    assert code.payload == "SF1234567890" and code.symbology == "barcode"
