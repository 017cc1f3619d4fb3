"""Motion photos built from the formats' structure: an MP4 with a place in it, and the two
ways phones attach one to a JPEG (a Samsung trailer block, or bytes the XMP points at)."""

from __future__ import annotations

import struct

ISO6709_KEY = b"com.apple.quicktime.location.ISO6709"


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", 8 + len(body)) + kind + body


def android_moov(place: bytes) -> bytes:
    """moov/udta/©xyz, as Android's MPEG-4 writer stores a location."""
    item = struct.pack(">HH", len(place), 0x15C7) + place
    return box(b"moov", box(b"mvhd", bytes(100)) + box(b"udta", box(b"\xa9xyz", item)))


def apple_moov(place: bytes) -> bytes:
    """moov/meta with keys and ilst, as QuickTime stores com.apple.quicktime.location.ISO6709."""
    keys = [b"com.apple.quicktime.make", ISO6709_KEY]
    key_box = box(
        b"keys",
        bytes(4) + struct.pack(">I", len(keys)) + b"".join(box(b"mdta", key) for key in keys),
    )
    values = [b"Apple", place]
    ilst = box(
        b"ilst",
        b"".join(
            box(struct.pack(">I", number), box(b"data", struct.pack(">II", 1, 0) + value))
            for number, value in enumerate(values, start=1)
        ),
    )
    handler = box(b"hdlr", bytes(8) + b"mdta" + bytes(13))
    return box(b"moov", box(b"mvhd", bytes(100)) + box(b"meta", handler + key_box + ilst))


def mp4(moov: bytes, frames: int = 2000) -> bytes:
    return box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2mp41") + moov + box(b"mdat", bytes(frames))


def samsung_trailer(video: bytes) -> bytes:
    """A MotionPhoto_Data block holding ``video``, and the SEFH/SEFT directory that names it."""
    name = b"MotionPhoto_Data"
    block = b"\x00\x00\x30\x0a" + struct.pack("<I", len(name)) + name + video
    directory = b"SEFH" + struct.pack("<II", 101, 1)
    directory += b"\x00\x00\x30\x0a" + struct.pack("<II", len(block), len(block))
    return block + directory + struct.pack("<I", len(directory)) + b"SEFT"


def with_xmp(jpeg: bytes, attributes: str, inner: str = "") -> bytes:
    """``jpeg`` with an XMP segment right after SOI holding the given GCamera attributes."""
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
        'xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" '
        'xmlns:Container="http://ns.google.com/photos/1.0/container/" '
        'xmlns:Item="http://ns.google.com/photos/1.0/container/item/" '
        f"{attributes}>{inner}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
    body = b"http://ns.adobe.com/xap/1.0/\x00" + packet
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body + jpeg[2:]


def container_directory(video_length: int) -> str:
    """The Container:Directory of a motion photo (version 1): the picture, then the video."""
    return (
        "<Container:Directory><rdf:Seq>"
        '<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="image/jpeg" '
        'Item:Semantic="Primary" Item:Length="0" Item:Padding="0"/></rdf:li>'
        '<rdf:li rdf:parseType="Resource"><Container:Item Item:Mime="video/mp4" '
        f'Item:Semantic="MotionPhoto" Item:Length="{video_length}" Item:Padding="0"/></rdf:li>'
        "</rdf:Seq></Container:Directory>"
    )
