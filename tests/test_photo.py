"""Opening a file once, read-only, and recognising it from its bytes."""

from __future__ import annotations

import hashlib
import os

import pytest

from audit.models import Skip
from audit.sources.photo import OpenedPhoto, open_photo, sniff


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"IIRO\x08\x00\x00\x00", "tiff"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic", "heif"),
        (b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic", "heif"),
        (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1", "avif"),
        (b"\x00\x00\x00\x18ftypcrx \x00\x00\x00\x01crx isom", "cr3"),
        (b"FUJIFILMCCD-RAW 0201", "raf"),
    ],
)
def test_formats_are_recognised_from_their_bytes(head, expected):
    assert sniff(head).format == expected


@pytest.mark.parametrize(
    ("head", "words"),
    [
        (b"GIF89a\x01\x00", "GIF"),
        (b"%PDF-1.7\n", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"hello, this is a text file\n", "text"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00isommp42", "video"),
        (b"\x13\x37\xbe\xef\x00\xff", "unrecognised"),
    ],
)
def test_other_files_are_described(head, words):
    sniffed = sniff(head)
    assert sniffed.format is None
    assert words in sniffed.looks_like.en


def _open(path, **kwargs):
    with open_photo(str(path), **kwargs) as opened:
        if isinstance(opened, OpenedPhoto):
            return opened.format
        return opened.code


def test_zero_byte_file(tmp_path):
    (tmp_path / "empty.jpg").write_bytes(b"")
    assert _open(tmp_path / "empty.jpg") == "empty-file"


def test_text_file_named_jpg(tmp_path):
    (tmp_path / "fake.jpg").write_text("not a photo at all")
    with open_photo(str(tmp_path / "fake.jpg")) as opened:
        assert isinstance(opened, Skip)
        assert opened.code == "not-an-image"
        assert "text file" in opened.message.en and "文本文件" in opened.message.zh


def test_too_large(tmp_path):
    (tmp_path / "big.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 5000)
    assert _open(tmp_path / "big.jpg", max_bytes=1000) == "too-large"


@pytest.mark.parametrize("whole", [False, True])
def test_a_photo_read_whole_or_mapped_gives_the_same_bytes_and_the_same_refusals(tmp_path, whole):
    data = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    (tmp_path / "a.jpg").write_bytes(data)
    (tmp_path / "fake.jpg").write_text("not a photo at all")
    (tmp_path / "big.jpg").write_bytes(data * 10)
    with open_photo(str(tmp_path / "a.jpg"), whole=whole) as opened:
        assert isinstance(opened, OpenedPhoto)
        assert (opened.format, opened.size, opened.as_bytes()) == ("jpeg", len(data), data)
        # Read whole, the bytes are handed over as they are, without a second copy.
        assert (opened.as_bytes() is opened.as_bytes()) is whole
    assert _open(tmp_path / "fake.jpg", whole=whole) == "not-an-image"
    assert _open(tmp_path / "big.jpg", whole=whole, max_bytes=len(data) * 2) == "too-large"
    assert _open(tmp_path / "none.jpg", whole=whole) == "not-found"


def test_a_file_just_over_the_limit_is_not_said_to_be_as_large_as_it(tmp_path):
    (tmp_path / "big.jpg").write_bytes(b"\xff\xd8\xff" + b"\x00" * 1030)
    with open_photo(str(tmp_path / "big.jpg"), max_bytes=1025) as opened:
        assert isinstance(opened, Skip)
        assert "1,033 B" in opened.message.en and "1,025 B" in opened.message.en


def test_fifo_is_not_opened(tmp_path):
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    assert _open(fifo) == "not-regular"


def test_missing_file(tmp_path):
    assert _open(tmp_path / "gone.jpg") == "not-found"


def test_the_file_is_never_changed(tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 10)
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns)
    assert _open(path) == "jpeg"
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), os.stat(path).st_mtime_ns) == before


def test_unreadable_file(tmp_path, monkeypatch):
    path = tmp_path / "private.jpg"
    path.write_bytes(b"\xff\xd8\xff")
    real_open = os.open

    def refuse(name, *args, **kwargs):
        if os.fspath(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert _open(path) == "no-permission"
