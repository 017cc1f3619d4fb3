"""The sample photos: every identifying detail a stranger could use, planted on purpose.

Each picture is drawn from a fixed seed (no real person's photo, no real home): GPS at a public
landmark (the Bund, Shanghai), a camera serial number shared by a named and an "anonymous"
photo, an owner name, a cropped photo whose hidden thumbnail still shows the whole scene, a
PNG with an editing prompt and a caption naming a flat, a HEIC with GPS, a file name with a
phone number, photos taken at night at the same park on different days, and a clean photo; the
pixel samples (:mod:`audit.demo.pixel_samples`) add a 小红书号 watermark, a WeChat-card QR code,
a face and a phone number. ``exposure demo`` makes them for a workshop; the project's
``examples/`` folder is made by the same code, and its tests compare a scan of it exactly.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import exiv2
from PIL import Image, ImageDraw, ImageFilter, PngImagePlugin

from audit.demo import pixel_samples

#: The Bund (外滩), Shanghai: a public landmark.
BUND = (31.239700, 121.490900)
#: People's Park (人民公园), Shanghai: stands in for a place visited night after night.
PARK = (31.231700, 121.472600)


def scene(seed: int, size: tuple[int, int] = (1200, 900)) -> Image.Image:
    """A photograph-like picture: a sky gradient, hills, blurred shapes and sensor noise."""
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    top = (rng.randint(60, 140), rng.randint(110, 180), rng.randint(170, 240))
    bottom = (rng.randint(180, 240), rng.randint(160, 220), rng.randint(120, 200))
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for _ in range(3):
        base = rng.randint(height // 2, height)
        points = [(x, base - int(rng.random() * height / 4)) for x in range(0, width + 100, 100)]
        colour = (rng.randint(30, 90), rng.randint(70, 130), rng.randint(30, 80))
        draw.polygon([(0, height)] + points + [(width, height)], fill=colour)
    for _ in range(25):
        x, y, r = rng.randint(0, width), rng.randint(0, height), rng.randint(10, 80)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(3))
    noise = Image.effect_noise(size, 12).convert("RGB")
    return Image.blend(image, noise, 0.08)


def save_jpeg(image: Image.Image, path: Path) -> None:
    image.save(path, "JPEG", quality=85)


def _rational_dms(value: float) -> str:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    hundredths = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return f"{degrees}/1 {minutes}/1 {hundredths}/100"


def write_metadata(
    path: Path, values: dict[str, str], thumbnail: Image.Image | None = None
) -> None:
    """Write metadata (exiv2 keys: Exif.*, Iptc.*, Xmp.*) and an EXIF thumbnail into a file."""
    image = exiv2.ImageFactory.open(str(path))
    image.readMetadata()
    stores = {"Exif": image.exifData(), "Iptc": image.iptcData(), "Xmp": image.xmpData()}
    for key, value in values.items():
        stores[key.partition(".")[0]][key] = value
    if thumbnail is not None:
        buffer = io.BytesIO()
        thumbnail.save(buffer, "JPEG", quality=80)
        exiv2.ExifThumb(stores["Exif"]).setJpegThumbnail(buffer.getvalue())
    image.writeMetadata()


def gps(lat: float, lon: float, altitude: int | None = None) -> dict[str, str]:
    values = {
        "Exif.GPSInfo.GPSVersionID": "2 3 0 0",
        "Exif.GPSInfo.GPSLatitudeRef": "N" if lat >= 0 else "S",
        "Exif.GPSInfo.GPSLatitude": _rational_dms(lat),
        "Exif.GPSInfo.GPSLongitudeRef": "E" if lon >= 0 else "W",
        "Exif.GPSInfo.GPSLongitude": _rational_dms(lon),
    }
    if altitude is not None:
        values["Exif.GPSInfo.GPSAltitudeRef"] = "0"
        values["Exif.GPSInfo.GPSAltitude"] = f"{altitude}/1"
    return values


def phone(model: str, taken: str, offset: str = "+08:00") -> dict[str, str]:
    return {
        "Exif.Image.Make": "Apple",
        "Exif.Image.Model": model,
        "Exif.Photo.DateTimeOriginal": taken,
        "Exif.Photo.OffsetTimeOriginal": offset,
    }


def make_landmark_gps(folder: Path) -> str:
    path = folder / "landmark_gps.jpg"
    save_jpeg(scene(1), path)
    write_metadata(path, {**phone("iPhone 14", "2024:05:02 18:31:07"), **gps(*BUND, altitude=12)})
    return path.name


def make_camera_serial(folder: Path) -> str:
    path = folder / "camera_serial.jpg"
    save_jpeg(scene(2), path)
    write_metadata(
        path,
        {
            "Exif.Image.Make": "Canon",
            "Exif.Image.Model": "Canon EOS R6",
            "Exif.Photo.BodySerialNumber": "082021004417",
            "Exif.Photo.LensModel": "RF24-105mm F4 L IS USM",
            "Exif.Photo.LensSerialNumber": "9312004558",
            "Exif.Photo.DateTimeOriginal": "2024:03:16 10:02:44",
        },
    )
    return path.name


def make_anonymous_post(folder: Path) -> str:
    """Same camera as camera_serial.jpg, no name: posted 'anonymously', linkable by serial."""
    path = folder / "anonymous_post.jpg"
    save_jpeg(scene(3), path)
    write_metadata(
        path,
        {
            "Exif.Image.Make": "Canon",
            "Exif.Image.Model": "Canon EOS R6",
            "Exif.Photo.BodySerialNumber": "082021004417",
        },
    )
    return path.name


def make_owner_name(folder: Path) -> str:
    path = folder / "owner_name.jpg"
    save_jpeg(scene(4), path)
    write_metadata(
        path,
        {
            "Exif.Image.Artist": "Lin Xiaoyu",
            "Exif.Image.Copyright": "© Lin Xiaoyu 2024",
            "Xmp.dc.creator": "Lin Xiaoyu",
        },
    )
    return path.name


def make_cropped_thumbnail(folder: Path) -> str:
    """The main picture is cropped to a square; the hidden thumbnail keeps the 4:3 original."""
    path = folder / "cropped_thumbnail.jpg"
    original = scene(5)
    draw = ImageDraw.Draw(original)
    draw.rectangle([40, 300, 300, 600], fill=(250, 250, 250))
    draw.text((60, 420), "cut out of the photo", fill=(0, 0, 0))
    cropped = original.crop((300, 0, 1200, 900))
    save_jpeg(cropped, path)
    write_metadata(
        path,
        {
            "Exif.Image.Make": "Apple",
            "Exif.Image.Model": "iPhone 14",
            "Exif.Image.Software": "Photos 9.0",
        },
        thumbnail=original.resize((160, 120)),
    )
    return path.name


def make_clean(folder: Path) -> str:
    path = folder / "clean.jpg"
    save_jpeg(scene(6), path)
    return path.name


def make_heic(folder: Path) -> str:
    import pillow_heif

    path = folder / "phone_gps.heic"
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15 Pro"
    gps_ifd = exif.get_ifd(0x8825)
    gps_ifd.update({1: "N", 2: (22.0, 17.0, 3.6), 3: "E", 4: (114.0, 10.0, 22.8)})
    heif = pillow_heif.from_pillow(scene(7, (800, 600)))
    heif.save(str(path), quality=60, exif=exif.tobytes())
    return path.name


def make_png_notes(folder: Path) -> str:
    path = folder / "notes.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Lin Xiaoyu")
    info.add_text("Comment", "for Xiao Mei, taken at my flat in Jing'an")
    info.add_itxt("Description", "周末在家拍的", lang="zh", tkey="说明")
    info.add_text("parameters", "inpaint: remove the street sign behind me, keep the window")
    scene(8, (640, 480)).save(path, "PNG", pnginfo=info)
    return path.name


def make_revealing_name(folder: Path) -> str:
    path = folder / "Lin_Xiaoyu_13800138000.jpg"
    save_jpeg(scene(9, (800, 600)), path)
    return path.name


def make_night_series(folder: Path) -> list[str]:
    """Three photos at the same park on three nights: exposure should call it 'likely home'."""
    names = []
    offsets = [(0.0, 0.0), (0.0003, -0.0002), (-0.0002, 0.0004)]
    times = ["2024:06:01 22:41:10", "2024:06:09 23:05:55", "2024:06:15 21:58:02"]
    for index, ((dlat, dlon), taken) in enumerate(zip(offsets, times, strict=True), start=1):
        path = folder / f"evening_{index}.jpg"
        save_jpeg(scene(20 + index, (800, 600)), path)
        write_metadata(path, {**phone("iPhone 14", taken), **gps(PARK[0] + dlat, PARK[1] + dlon)})
        names.append(path.name)
    return names


def expected_findings(pixel_expectations: dict[str, list[str]]) -> dict[str, object]:
    """What a scan of examples/photos must report, exactly: finding ids per photo, sorted."""
    return {
        "photos": {
            **pixel_expectations,
            "anonymous_post.jpg": ["device.model", "device.serial"],
            "camera_serial.jpg": ["device.model", "device.serial", "time.original"],
            "clean.jpg": [],
            "cropped_thumbnail.jpg": ["content.thumbnail", "device.model"],
            "evening_1.jpg": ["device.model", "location.gps", "time.original"],
            "evening_2.jpg": ["device.model", "location.gps", "time.original"],
            "evening_3.jpg": ["device.model", "location.gps", "time.original"],
            "landmark_gps.jpg": ["device.model", "location.gps", "time.original"],
            "Lin_Xiaoyu_13800138000.jpg": ["file.name"],
            "notes.png": [
                "content.description",
                "content.history",
                "identity.owner",
                "location.home-named",
            ],
            "owner_name.jpg": ["identity.owner", "identity.owner"],
            "phone_gps.heic": ["device.model", "location.gps"],
        },
        "set_findings": ["set.device-link", "set.location-cluster"],
    }


def write_examples(folder: Path) -> tuple[list[str], dict[str, object]]:
    """Draw every sample photo into ``folder``: the file names made, and the expected findings."""
    folder.mkdir(parents=True, exist_ok=True)
    made = [
        make_landmark_gps(folder),
        make_camera_serial(folder),
        make_anonymous_post(folder),
        make_owner_name(folder),
        make_cropped_thumbnail(folder),
        make_clean(folder),
        make_heic(folder),
        make_png_notes(folder),
        make_revealing_name(folder),
        *make_night_series(folder),
    ]
    samples = pixel_samples.write_samples(folder)
    made += [sample.path.name for sample in samples]
    expected = expected_findings(
        {sample.path.name: sorted(sample.expected_ids) for sample in samples}
    )
    return made, expected
